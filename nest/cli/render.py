"""Rendering the Jinja2 templates shipped in ``nest/cli/templates``."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

__all__ = ["render"]


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("nest.cli", "templates"),
        autoescape=False,  # the output is Python, TOML and Markdown, never HTML
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> str:
    """Render one template.

    Args:
        template: Its path under ``nest/cli/templates`` (``resource/controller.py.jinja``).
        **context: The template's variables; a missing one is an error, not an empty string.

    Returns:
        The rendered text.
    """
    return _environment().get_template(template).render(**context)
