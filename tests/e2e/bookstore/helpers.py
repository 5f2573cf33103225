"""Request bodies for the book store tests."""

from __future__ import annotations

import itertools
from typing import Any

__all__ = ["SEEDED_AUTHORS", "SEEDED_BOOKS", "new_book"]

SEEDED_AUTHORS = 3
SEEDED_BOOKS = 5

_numbers = itertools.count(1)


def new_book(**fields: Any) -> dict[str, Any]:
    """A valid ``BookCreate`` body with a fresh name; ``fields`` override."""
    body = {
        "book_name": f"Test book {next(_numbers)}",
        "author_id": 1,
        "price": 120,
        "description": "A book written for a test.",
        "year_of_publication": 2001,
        "genre": "Fiction",
        "language": "English",
        "pages": 321,
    }
    return {**body, **fields}
