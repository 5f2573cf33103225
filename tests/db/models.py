"""Entities the database tests share, declared on a given provider's ``Base``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from nest.orm import AsyncOrmProvider


@dataclass
class Library:
    """The entity classes of one test, and the provider they belong to."""

    orm: AsyncOrmProvider
    Author: Any
    Book: Any


def define_library(orm: AsyncOrmProvider, prefix: str) -> Library:
    """Declare ``Author`` and ``Book`` with table names starting with ``prefix``."""

    class Author(orm.Base):  # type: ignore[name-defined,misc]
        __tablename__ = f"{prefix}authors"

        id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
        name: Mapped[str] = mapped_column(String, unique=True)

    class Book(orm.Base):  # type: ignore[name-defined,misc]
        __tablename__ = f"{prefix}books"
        __table_args__ = (CheckConstraint("pages >= 0", name=f"{prefix}pages_positive"),)

        id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
        title: Mapped[str] = mapped_column(String(20), unique=True)
        pages: Mapped[int] = mapped_column(Integer, default=100)
        author_id: Mapped[int | None] = mapped_column(ForeignKey(f"{prefix}authors.id"))

    return Library(orm, Author, Book)
