"""Options shared by the generating commands."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

import click

from nest.cli.errors import CliError

__all__ = ["name_option", "write_options"]

F = TypeVar("F", bound=Callable[..., Any])


def name_option(func: F) -> F:
    """The name, as ``-n/--name NAME`` (PyNest's spelling) or as the argument ``NAME``.

    The command receives it as ``name``; giving neither, or two different ones, is an error.
    """

    @functools.wraps(func)
    def command(*args: Any, name: str | None, name_argument: str | None, **kwargs: Any) -> Any:
        if name and name_argument and name != name_argument:
            raise CliError(f"two names given, {name_argument!r} and -n {name!r}: give one")
        chosen = name or name_argument
        if not chosen:
            raise CliError("missing name: give it as -n NAME (e.g. -n book)")
        return func(*args, name=chosen, **kwargs)

    command = click.argument("name_argument", metavar="[NAME]", required=False)(command)
    command = click.option("-n", "--name", help="Name (book, book-store, BookStore).")(command)
    return cast(F, command)


def write_options(func: F) -> F:
    """``--dry-run`` and ``--force``."""
    func = click.option(
        "--force", is_flag=True, help="Overwrite existing files whose content differs."
    )(func)
    return click.option(
        "--dry-run", is_flag=True, help="Print the files that would be written; write nothing."
    )(func)
