"""Books, through a repository on the request's session.

Writes go first and constraints decide: an insert or update that breaks the unique
name or the author foreign key is rolled back and then explained (409 or 422). No
read precedes a write in a transaction, so there is no check-then-write race, and
SQLite, whose read transactions cannot always become write transactions under
concurrency, serves concurrent writers.
"""

from __future__ import annotations

from typing import Annotated, Any

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from nest.di import Injectable
from nest.http import HttpException
from nest.orm import AsyncOrmProvider, InjectRepository, Page, Repository

from ...database import sleep_statement
from ...entities import Book
from ...errors import book_not_found, duplicate_book, unknown_author
from ...models import BookCreate, BookUpdate, QueryResult
from ..author.author_service import AuthorService

__all__ = ["BookService"]


@Injectable
class BookService:
    """Lists, reads, writes and deletes books; runs the article's slow query."""

    def __init__(
        self,
        books: Annotated[Repository[Book], InjectRepository(Book)],
        authors: AuthorService,
        orm: AsyncOrmProvider,
    ) -> None:
        self.books = books
        self.authors = authors
        self.orm = orm

    @property
    def session(self) -> AsyncSession:
        """The session of the request being handled."""
        return self.orm.current_session()

    async def list(self, *, limit: int, offset: int) -> Page[Book]:
        """A page of books by id."""
        return await self.books.list(limit=limit, offset=offset)

    async def get(self, book_id: int) -> Book:
        """The book with this id (404 if none)."""
        book = await self.books.get(book_id)
        if book is None:
            raise book_not_found(book_id)
        return book

    async def create(self, data: BookCreate) -> Book:
        """Add a book (422 if its author does not exist, 409 if the name is taken)."""
        try:
            return await self.books.add(Book(**data.model_dump()))
        except IntegrityError as exc:
            raise await self._explain(data.model_dump()) from exc

    async def update(self, book_id: int, data: BookCreate | BookUpdate) -> Book:
        """Change the fields sent (all of them for ``PUT``)."""
        changes = data.changes() if isinstance(data, BookUpdate) else data.model_dump()
        if changes:
            statement = update(Book).where(Book.id == book_id).values(**changes)
            try:
                result = await self.session.execute(statement)
            except IntegrityError as exc:
                raise await self._explain(changes) from exc
            if not result.rowcount:  # type: ignore[attr-defined]
                raise book_not_found(book_id)
        book = await self.session.get(Book, book_id, populate_existing=True)
        if book is None:
            raise book_not_found(book_id)
        return book

    async def delete(self, book_id: int) -> None:
        """Remove a book (404 if none)."""
        result = await self.session.execute(delete(Book).where(Book.id == book_id))
        if not result.rowcount:  # type: ignore[attr-defined]
            raise book_not_found(book_id)

    async def extensive_query(self, seconds: float) -> QueryResult:
        """Hold a database connection for ``seconds`` in a server-side sleep."""
        statement = sleep_statement(self.orm.dialect_name)
        await self.session.execute(statement, {"seconds": seconds})
        return QueryResult(message="Extensive query executed successfully", seconds=seconds)

    async def _explain(self, values: dict[str, Any]) -> HttpException:
        # The failed statement ended the transaction; start afresh to find out why.
        await self.session.rollback()
        author_id = values.get("author_id")
        if author_id is not None and not await self.authors.exists(author_id):
            return unknown_author(author_id)
        return duplicate_book(str(values.get("book_name")))
