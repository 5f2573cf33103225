"""Books, through a repository on the request's session."""

from __future__ import annotations

from typing import Annotated

from sqlalchemy.exc import IntegrityError

from nest.di import Injectable
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
        await self._require_author(data.author_id)
        try:
            return await self.books.add(Book(**data.model_dump()))
        except IntegrityError as exc:
            raise duplicate_book(data.book_name) from exc

    async def update(self, book_id: int, data: BookCreate | BookUpdate) -> Book:
        """Change the fields sent (all of them for ``PUT``)."""
        book = await self.get(book_id)
        changes = data.changes() if isinstance(data, BookUpdate) else data.model_dump()
        if "author_id" in changes:
            await self._require_author(changes["author_id"])
        try:
            return await self.books.update(book, **changes)
        except IntegrityError as exc:
            raise duplicate_book(str(changes.get("book_name"))) from exc

    async def delete(self, book_id: int) -> None:
        """Remove a book (404 if none)."""
        await self.books.delete(await self.get(book_id))

    async def extensive_query(self, seconds: float) -> QueryResult:
        """Hold a database connection for ``seconds`` in a server-side sleep."""
        statement = sleep_statement(self.orm.dialect_name)
        await self.orm.current_session().execute(statement, {"seconds": seconds})
        return QueryResult(message="Extensive query executed successfully", seconds=seconds)

    async def _require_author(self, author_id: int) -> None:
        if not await self.authors.exists(author_id):
            raise unknown_author(author_id)
