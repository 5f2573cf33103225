"""Rendering the Jinja2 templates shipped in ``nest/cli/templates``."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

__all__ = ["render"]


LINE_LENGTH = 100


def _fit(block: str, width: int = LINE_LENGTH) -> str:
    """Join a bracketed construct written over several lines when it fits on one.

    The three lines ``f(``, ``a, b`` and ``) -> T:`` become ``f(a, b) -> T:``, as
    ``ruff format`` would write them; they stay apart when the joined line is longer than
    ``width``.
    """
    trailing = "\n" if block.endswith("\n") else ""
    lines = block.rstrip("\n").split("\n")
    if len(lines) < 3:
        return block
    joined = lines[0] + " ".join(line.strip() for line in lines[1:-1]) + lines[-1].strip()
    return (joined if len(joined) <= width else "\n".join(lines)) + trailing


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("nest.cli", "templates"),
        autoescape=False,  # the output is Python, TOML and Markdown, never HTML
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["fit"] = _fit
    return environment


def render(template: str, **context: Any) -> str:
    """Render one template.

    Args:
        template: Its path under ``nest/cli/templates`` (``resource/controller.py.jinja``).
        **context: The template's variables; a missing one is an error, not an empty string.

    Returns:
        The rendered text.
    """
    return _environment().get_template(template).render(**context)
