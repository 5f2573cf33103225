"""Books, on the request's session (blocking).

Writes go first and constraints decide, as in the async variant's book service.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nest.di import Injectable
from nest.http import HttpException
from nest.orm import OrmProvider, Page, Transactional

from ...database import sleep_statement
from ...entities import Book
from ...errors import book_not_found, duplicate_book, unknown_author
from ...models import BookCreate, BookUpdate, QueryResult
from ..author.author_service import AuthorService
from ..paging import paginate

__all__ = ["BookService"]


@Injectable
class BookService:
    """Lists, reads, writes and deletes books; runs the article's slow query."""

    def __init__(self, orm: OrmProvider, authors: AuthorService) -> None:
        self.orm = orm
        self.authors = authors

    @property
    def session(self) -> Session:
        """The session of the request being handled."""
        return self.orm.current_session()

    @Transactional
    def list(self, *, limit: int, offset: int) -> Page[Book]:
        """A page of books by id."""
        return paginate(self.session, Book, limit=limit, offset=offset)

    @Transactional
    def get(self, book_id: int) -> Book:
        """The book with this id (404 if none)."""
        book = self.session.get(Book, book_id)
        if book is None:
            raise book_not_found(book_id)
        return book

    @Transactional
    def create(self, data: BookCreate) -> Book:
        """Add a book (422 if its author does not exist, 409 if the name is taken)."""
        book = Book(**data.model_dump())
        session = self.session
        session.add(book)
        try:
            session.flush()
        except IntegrityError as exc:
            raise self._explain(data.model_dump()) from exc
        return book

    @Transactional
    def update(self, book_id: int, data: BookCreate | BookUpdate) -> Book:
        """Change the fields sent (all of them for ``PUT``)."""
        changes = data.changes() if isinstance(data, BookUpdate) else data.model_dump()
        session = self.session
        if changes:
            statement = update(Book).where(Book.id == book_id).values(**changes)
            try:
                result = session.execute(statement)
            except IntegrityError as exc:
                raise self._explain(changes) from exc
            if not result.rowcount:  # type: ignore[attr-defined]
                raise book_not_found(book_id)
        book = session.get(Book, book_id, populate_existing=True)
        if book is None:
            raise book_not_found(book_id)
        return book

    @Transactional
    def delete(self, book_id: int) -> None:
        """Remove a book (404 if none)."""
        result = self.session.execute(delete(Book).where(Book.id == book_id))
        if not result.rowcount:  # type: ignore[attr-defined]
            raise book_not_found(book_id)

    @Transactional
    def extensive_query(self, seconds: float) -> QueryResult:
        """Hold a database connection for ``seconds`` in a server-side sleep."""
        statement = sleep_statement(self.orm.dialect_name)
        self.session.execute(statement, {"seconds": seconds})
        return QueryResult(message="Extensive query executed successfully", seconds=seconds)

    def _explain(self, values: dict[str, Any]) -> HttpException:
        # The failed statement ended the transaction; start afresh to find out why.
        self.session.rollback()
        author_id = values.get("author_id")
        if author_id is not None and not self.authors.exists(author_id):
            return unknown_author(author_id)
        return duplicate_book(str(values.get("book_name")))
