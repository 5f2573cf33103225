"""Options shared by the generating commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

__all__ = ["name_option", "write_options"]

F = TypeVar("F", bound=Callable[..., Any])


def name_option(func: F) -> F:
    """``-n/--name NAME`` (required)."""
    return click.option("-n", "--name", required=True, help="Name (book, book-store, BookStore).")(
        func
    )


def write_options(func: F) -> F:
    """``--dry-run`` and ``--force``."""
    func = click.option(
        "--force", is_flag=True, help="Overwrite existing files whose content differs."
    )(func)
    return click.option(
        "--dry-run", is_flag=True, help="Print the files that would be written; write nothing."
    )(func)
