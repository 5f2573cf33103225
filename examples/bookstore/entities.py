"""The article's two tables, declared once for both variants.

The entities sit on a declarative base of their own rather than on a provider's
``config.Base``, so the async and the sync application map the same classes; each
variant hands it to its provider with ``base=Base``.
Relationships never load by themselves (``lazy="raise"``): async code cannot
lazy-load, and the services say what they read.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = ["Author", "Base", "Book"]


class Base(DeclarativeBase):
    """The declarative base of the book store's tables."""


class Author(Base):
    """Someone who wrote books."""

    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)

    # passive_deletes: deleting an author must not load its books to orphan them;
    # the service refuses while books remain, and the foreign key backs it up.
    books: Mapped[list[Book]] = relationship(
        back_populates="author", lazy="raise", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"Author(id={self.id!r}, name={self.name!r})"


class Book(Base):
    """A book on sale, with the article's columns."""

    __tablename__ = "books"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    book_name: Mapped[str] = mapped_column(String(255), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), index=True)
    price: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    year_of_publication: Mapped[int] = mapped_column(Integer)
    genre: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(100))
    pages: Mapped[int] = mapped_column(Integer)

    author: Mapped[Author] = relationship(back_populates="books", lazy="raise")

    def __repr__(self) -> str:
        return f"Book(id={self.id!r}, book_name={self.book_name!r})"
