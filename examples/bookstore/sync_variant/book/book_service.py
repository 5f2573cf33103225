"""Books, on the request's session (blocking)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nest.di import Injectable
from nest.orm import OrmProvider, Page

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

    def list(self, *, limit: int, offset: int) -> Page[Book]:
        """A page of books by id."""
        return paginate(self.session, Book, limit=limit, offset=offset)

    def get(self, book_id: int) -> Book:
        """The book with this id (404 if none)."""
        book = self.session.get(Book, book_id)
        if book is None:
            raise book_not_found(book_id)
        return book

    def create(self, data: BookCreate) -> Book:
        """Add a book (422 if its author does not exist, 409 if the name is taken)."""
        self._require_author(data.author_id)
        book = Book(**data.model_dump())
        self._flush(book, data.book_name)
        return book

    def update(self, book_id: int, data: BookCreate | BookUpdate) -> Book:
        """Change the fields sent (all of them for ``PUT``)."""
        book = self.get(book_id)
        changes = data.changes() if isinstance(data, BookUpdate) else data.model_dump()
        if "author_id" in changes:
            self._require_author(changes["author_id"])
        for key, value in changes.items():
            setattr(book, key, value)
        self._flush(book, str(changes.get("book_name")))
        return book

    def delete(self, book_id: int) -> None:
        """Remove a book (404 if none)."""
        session = self.session
        session.delete(self.get(book_id))
        session.flush()

    def extensive_query(self, seconds: float) -> QueryResult:
        """Hold a database connection for ``seconds`` in a server-side sleep."""
        statement = sleep_statement(self.orm.dialect_name)
        self.session.execute(statement, {"seconds": seconds})
        return QueryResult(message="Extensive query executed successfully", seconds=seconds)

    def _require_author(self, author_id: int) -> None:
        if not self.authors.exists(author_id):
            raise unknown_author(author_id)

    def _flush(self, book: Book, book_name: str) -> None:
        session = self.session
        session.add(book)
        try:
            session.flush()
        except IntegrityError as exc:
            raise duplicate_book(book_name) from exc
