"""The book store's error answers, worded once for both variants."""

from __future__ import annotations

from nest.http import ConflictException, NotFoundException, UnprocessableEntityException

__all__ = [
    "author_has_books",
    "author_not_found",
    "book_not_found",
    "duplicate_author",
    "duplicate_book",
    "unknown_author",
]


def book_not_found(book_id: int) -> NotFoundException:
    """404: no book has this id."""
    return NotFoundException(f"Book {book_id} not found.")


def author_not_found(author_id: int) -> NotFoundException:
    """404: no author has this id."""
    return NotFoundException(f"Author {author_id} not found.")


def unknown_author(author_id: int) -> UnprocessableEntityException:
    """422: a book names an author that does not exist."""
    return UnprocessableEntityException(
        f"Author {author_id} does not exist; create the author first (POST /author)."
    )


def duplicate_book(book_name: str) -> ConflictException:
    """409: book names are unique."""
    return ConflictException(f"A book named {book_name!r} already exists.")


def duplicate_author(name: str) -> ConflictException:
    """409: author names are unique."""
    return ConflictException(f"An author named {name!r} already exists.")


def author_has_books(author_id: int, count: int) -> ConflictException:
    """409: an author cannot be deleted while books refer to them."""
    return ConflictException(
        f"Author {author_id} still has {count} book(s); delete or reassign them first."
    )
