"""Authors and their books, on the request's session (blocking).

Writes go first and constraints decide, as in the async variant.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nest.di import Injectable
from nest.orm import OrmProvider, Page, Transactional

from ...entities import Author, Book
from ...errors import author_has_books, author_not_found, duplicate_author
from ...models import AuthorCreate, AuthorUpdate
from ..paging import paginate

__all__ = ["AuthorService"]


@Injectable
class AuthorService:
    """Lists, reads, writes and deletes authors."""

    def __init__(self, orm: OrmProvider) -> None:
        self.orm = orm

    @property
    def session(self) -> Session:
        """The session of the request being handled."""
        return self.orm.current_session()

    @Transactional
    def list(self, *, limit: int, offset: int) -> Page[Author]:
        """A page of authors by id."""
        return paginate(self.session, Author, limit=limit, offset=offset)

    @Transactional
    def get(self, author_id: int) -> Author:
        """The author with this id (404 if none)."""
        author = self.session.get(Author, author_id)
        if author is None:
            raise author_not_found(author_id)
        return author

    @Transactional
    def exists(self, author_id: int) -> bool:
        """Whether an author has this id."""
        return self.session.get(Author, author_id) is not None

    @Transactional
    def create(self, data: AuthorCreate) -> Author:
        """Add an author (409 if the name is taken)."""
        author = Author(**data.model_dump())
        session = self.session
        session.add(author)
        try:
            session.flush()
        except IntegrityError as exc:
            raise duplicate_author(data.name) from exc
        return author

    @Transactional
    def update(self, author_id: int, data: AuthorCreate | AuthorUpdate) -> Author:
        """Change the fields sent (all of them for ``PUT``)."""
        changes = data.changes() if isinstance(data, AuthorUpdate) else data.model_dump()
        session = self.session
        if changes:
            statement = update(Author).where(Author.id == author_id).values(**changes)
            try:
                result = session.execute(statement)
            except IntegrityError as exc:
                raise duplicate_author(str(changes.get("name"))) from exc
            if not result.rowcount:  # type: ignore[attr-defined]
                raise author_not_found(author_id)
        author = session.get(Author, author_id, populate_existing=True)
        if author is None:
            raise author_not_found(author_id)
        return author

    @Transactional
    def delete(self, author_id: int) -> None:
        """Remove an author who has no books (409 otherwise)."""
        session = self.session
        try:
            result = session.execute(delete(Author).where(Author.id == author_id))
        except IntegrityError as exc:
            session.rollback()
            count = session.execute(
                select(func.count()).select_from(Book).where(Book.author_id == author_id)
            ).scalar_one()
            raise author_has_books(author_id, count) from exc
        if not result.rowcount:  # type: ignore[attr-defined]
            raise author_not_found(author_id)

    @Transactional
    def books_of(self, author_id: int, *, limit: int, offset: int) -> Page[Book]:
        """A page of one author's books (404 if the author does not exist)."""
        self.get(author_id)
        return paginate(self.session, Book, Book.author_id == author_id, limit=limit, offset=offset)
