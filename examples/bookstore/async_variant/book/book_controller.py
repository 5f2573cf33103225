"""``/book``: the article's book endpoints (async handlers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from nest.http import Controller, Delete, Get, HttpCode, Patch, Post, Put
from nest.orm import Page

from ...entities import Book
from ...models import BookCreate, BookOut, BookUpdate, QueryResult
from ...settings import BookstoreSettings
from .book_service import BookService

__all__ = ["BookController"]

Limit = Annotated[int, Query(ge=1, le=100, description="Page size.")]
Offset = Annotated[int, Query(ge=0, description="Rows to skip.")]
Seconds = Annotated[
    float | None,
    Query(ge=0, le=60, description="Seconds to hold the connection (default: the setting)."),
]


@Controller("book", tag="books")
class BookController:
    """CRUD on books and the slow query of the article's experiment."""

    def __init__(self, service: BookService, settings: BookstoreSettings) -> None:
        self.service = service
        self.default_seconds = settings.extensive_query_seconds

    @Get("/", response_model=Page[BookOut])
    async def get_books(self, limit: Limit = 20, offset: Offset = 0) -> Page[Book]:
        """A page of books."""
        return await self.service.list(limit=limit, offset=offset)

    @Get("/extensive_query")
    async def extensive_query(self, seconds: Seconds = None) -> QueryResult:
        """Keep a database connection busy (``pg_sleep``, ``SLEEP()``) for a while."""
        return await self.service.extensive_query(
            self.default_seconds if seconds is None else seconds
        )

    @Get("/{book_id}", response_model=BookOut)
    async def get_book_by_id(self, book_id: int) -> Book:
        """One book."""
        return await self.service.get(book_id)

    @Post("/", response_model=BookOut)
    async def add_book(self, book: BookCreate) -> Book:
        """Add a book; 422 for an unknown author, 409 if the name is taken."""
        return await self.service.create(book)

    @Put("/{book_id}", response_model=BookOut)
    async def replace_book(self, book_id: int, book: BookCreate) -> Book:
        """Replace every field of a book."""
        return await self.service.update(book_id, book)

    @Patch("/{book_id}", response_model=BookOut)
    async def update_book(self, book_id: int, book: BookUpdate) -> Book:
        """Change the fields sent."""
        return await self.service.update(book_id, book)

    @Delete("/{book_id}")
    @HttpCode(204)
    async def delete_book(self, book_id: int) -> None:
        """Delete a book."""
        await self.service.delete(book_id)
