"""Authors and their books, through repositories on the request's session.

As in the book service, writes go first and constraints decide (see there).
"""

from __future__ import annotations

from typing import Annotated

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from nest.di import Injectable
from nest.orm import InjectRepository, Page, Repository

from ...entities import Author, Book
from ...errors import author_has_books, author_not_found, duplicate_author
from ...models import AuthorCreate, AuthorUpdate

__all__ = ["AuthorService"]


@Injectable
class AuthorService:
    """Lists, reads, writes and deletes authors."""

    def __init__(
        self,
        authors: Annotated[Repository[Author], InjectRepository(Author)],
        books: Annotated[Repository[Book], InjectRepository(Book)],
    ) -> None:
        self.authors = authors
        self.books = books

    @property
    def session(self) -> AsyncSession:
        """The session of the request being handled."""
        return self.authors.provider.current_session()

    async def list(self, *, limit: int, offset: int) -> Page[Author]:
        """A page of authors by id."""
        return await self.authors.list(limit=limit, offset=offset)

    async def get(self, author_id: int) -> Author:
        """The author with this id (404 if none)."""
        author = await self.authors.get(author_id)
        if author is None:
            raise author_not_found(author_id)
        return author

    async def exists(self, author_id: int) -> bool:
        """Whether an author has this id."""
        return await self.authors.get(author_id) is not None

    async def create(self, data: AuthorCreate) -> Author:
        """Add an author (409 if the name is taken)."""
        try:
            return await self.authors.add(Author(**data.model_dump()))
        except IntegrityError as exc:
            raise duplicate_author(data.name) from exc

    async def update(self, author_id: int, data: AuthorCreate | AuthorUpdate) -> Author:
        """Change the fields sent (all of them for ``PUT``)."""
        changes = data.changes() if isinstance(data, AuthorUpdate) else data.model_dump()
        if changes:
            statement = update(Author).where(Author.id == author_id).values(**changes)
            try:
                result = await self.session.execute(statement)
            except IntegrityError as exc:
                raise duplicate_author(str(changes.get("name"))) from exc
            if not result.rowcount:  # type: ignore[attr-defined]
                raise author_not_found(author_id)
        author = await self.session.get(Author, author_id, populate_existing=True)
        if author is None:
            raise author_not_found(author_id)
        return author

    async def delete(self, author_id: int) -> None:
        """Remove an author who has no books (409 otherwise)."""
        try:
            result = await self.session.execute(delete(Author).where(Author.id == author_id))
        except IntegrityError as exc:
            await self.session.rollback()
            raise author_has_books(author_id, await self.books.count(author_id=author_id)) from exc
        if not result.rowcount:  # type: ignore[attr-defined]
            raise author_not_found(author_id)

    async def books_of(self, author_id: int, *, limit: int, offset: int) -> Page[Book]:
        """A page of one author's books (404 if the author does not exist)."""
        await self.get(author_id)
        return await self.books.list(author_id=author_id, limit=limit, offset=offset)
