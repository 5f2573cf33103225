"""Normalising user-given names: ``book-store``, ``BookStore`` and ``book_store`` are one name."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

from nest.cli.errors import CliError

__all__ = ["Names", "normalize_name"]

_ALLOWED = re.compile(r"^[A-Za-z][A-Za-z0-9_\- ]*$")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# Names that would shadow the files every project already has.
_RESERVED = frozenset({"app", "config", "src", "tests", "test", "main", "nest"})


@dataclass(frozen=True)
class Names:
    """The spellings of one name used across generated code.

    Attributes:
        snake: File, package and variable name (``book_store``).
        pascal: Class-name stem (``BookStore``).
        kebab: URL and distribution spelling (``book-store``).
        title: Human spelling (``Book Store``).
    """

    snake: str
    pascal: str
    kebab: str
    title: str


def _words(raw: str) -> list[str]:
    spaced = _CAMEL_BOUNDARY.sub(" ", raw)
    return [w.lower() for w in re.split(r"[\s_\-]+", spaced) if w]


def normalize_name(raw: str, *, kind: str = "name", allow_reserved: bool = False) -> Names:
    """Turn a user-given name into its snake, Pascal, kebab and title spellings.

    Args:
        raw: The name as typed (``book-store``, ``BookStore``, ``book_store``, ``Book Store``).
        kind: What the name is for, used in error messages.
        allow_reserved: Accept names such as ``app`` that clash with a project's own files.

    Returns:
        The normalised spellings.

    Raises:
        CliError: If the name is empty, does not start with a letter, holds characters other
            than letters, digits, ``-``, ``_`` and spaces, or is a Python keyword or reserved.
    """
    text = raw.strip()
    if not text or not _ALLOWED.match(text):
        raise CliError(
            f"invalid {kind} {raw!r}: use letters, digits, '-' or '_', starting with a letter "
            "(e.g. book, book-store, BookStore)"
        )
    words = _words(text)
    snake = "_".join(words)
    if keyword.iskeyword(snake) or keyword.issoftkeyword(snake):
        raise CliError(
            f"invalid {kind} {raw!r}: {snake!r} is a Python keyword; choose another name"
        )
    if not allow_reserved and snake in _RESERVED:
        raise CliError(
            f"invalid {kind} {raw!r}: {snake!r} is reserved for the project's own files; "
            "choose another name"
        )
    return Names(
        snake=snake,
        pascal="".join(w.capitalize() for w in words),
        kebab="-".join(words),
        title=" ".join(w.capitalize() for w in words),
    )
