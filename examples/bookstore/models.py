"""Pydantic v2 models: what the API accepts and answers, shared by both variants."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "AppInfo",
    "AuthorCreate",
    "AuthorOut",
    "AuthorUpdate",
    "BookCreate",
    "BookOut",
    "BookUpdate",
    "QueryResult",
]

Name = Annotated[str, Field(min_length=1, max_length=255)]
Label = Annotated[str, Field(min_length=1, max_length=100)]
Price = Annotated[int, Field(ge=0)]
Year = Annotated[int, Field(ge=0, le=9999)]
Pages = Annotated[int, Field(ge=1)]
AuthorId = Annotated[int, Field(ge=1)]

_BOOK_EXAMPLE = {
    "book_name": "The Alchemist",
    "author_id": 1,
    "price": 200,
    "description": "The Alchemist follows the journey of an Andalusian shepherd boy.",
    "year_of_publication": 1988,
    "genre": "Fiction",
    "language": "English",
    "pages": 200,
}


class _NoNulls(BaseModel):
    """A partial update: a field may be left out, but not set to ``null``."""

    @model_validator(mode="before")
    @classmethod
    def _reject_nulls(cls, data: Any) -> Any:
        if isinstance(data, dict):
            nulls = sorted(key for key, value in data.items() if value is None)
            if nulls:
                raise ValueError(f"{', '.join(nulls)} cannot be null; leave a field out to keep it")
        return data

    def changes(self) -> dict[str, Any]:
        """The fields the client sent."""
        return self.model_dump(exclude_unset=True)


class BookCreate(BaseModel):
    """A new book (also the body of ``PUT``, which replaces every field)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_BOOK_EXAMPLE]})

    book_name: Name
    author_id: AuthorId
    price: Price
    description: str
    year_of_publication: Year
    genre: Label
    language: Label
    pages: Pages


class BookUpdate(_NoNulls):
    """Some fields of a book (``PATCH``): the ones sent change, the others stay."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"price": 250, "pages": 208}]})

    book_name: Name | None = None
    author_id: AuthorId | None = None
    price: Price | None = None
    description: str | None = None
    year_of_publication: Year | None = None
    genre: Label | None = None
    language: Label | None = None
    pages: Pages | None = None


class BookOut(BookCreate):
    """A stored book."""

    model_config = ConfigDict(from_attributes=True)

    id: int


class AuthorCreate(BaseModel):
    """A new author (also the body of ``PUT``)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "Paulo Coelho"}]})

    name: Name


class AuthorUpdate(_NoNulls):
    """Some fields of an author (``PATCH``)."""

    name: Name | None = None


class AuthorOut(AuthorCreate):
    """A stored author."""

    model_config = ConfigDict(from_attributes=True)

    id: int


class AppInfo(BaseModel):
    """What ``GET /`` tells about the running application."""

    name: str
    version: str
    variant: Literal["async", "sync"]
    database: str


class QueryResult(BaseModel):
    """The answer of ``GET /book/extensive_query``."""

    message: str
    seconds: float
