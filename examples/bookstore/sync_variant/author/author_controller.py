"""``/author``: authors and their books (``def`` handlers, run in the thread pool)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from nest.http import Controller, Delete, Get, HttpCode, Patch, Post, Put
from nest.orm import Page

from ...entities import Author, Book
from ...models import AuthorCreate, AuthorOut, AuthorUpdate, BookOut
from .author_service import AuthorService

__all__ = ["AuthorController"]

Limit = Annotated[int, Query(ge=1, le=100, description="Page size.")]
Offset = Annotated[int, Query(ge=0, description="Rows to skip.")]


@Controller("author", tag="authors")
class AuthorController:
    """CRUD on authors, and the books of one author."""

    def __init__(self, service: AuthorService) -> None:
        self.service = service

    @Get("/", response_model=Page[AuthorOut])
    def get_authors(self, limit: Limit = 20, offset: Offset = 0) -> Page[Author]:
        """A page of authors."""
        return self.service.list(limit=limit, offset=offset)

    @Get("/{author_id}", response_model=AuthorOut)
    def get_author(self, author_id: int) -> Author:
        """One author."""
        return self.service.get(author_id)

    @Get("/{author_id}/books", response_model=Page[BookOut])
    def get_author_books(self, author_id: int, limit: Limit = 20, offset: Offset = 0) -> Page[Book]:
        """A page of the author's books."""
        return self.service.books_of(author_id, limit=limit, offset=offset)

    @Post("/", response_model=AuthorOut)
    def add_author(self, author: AuthorCreate) -> Author:
        """Add an author; 409 if the name is taken."""
        return self.service.create(author)

    @Put("/{author_id}", response_model=AuthorOut)
    def replace_author(self, author_id: int, author: AuthorCreate) -> Author:
        """Replace every field of an author."""
        return self.service.update(author_id, author)

    @Patch("/{author_id}", response_model=AuthorOut)
    def update_author(self, author_id: int, author: AuthorUpdate) -> Author:
        """Change the fields sent."""
        return self.service.update(author_id, author)

    @Delete("/{author_id}")
    @HttpCode(204)
    def delete_author(self, author_id: int) -> None:
        """Delete an author who has no books; 409 otherwise."""
        self.service.delete(author_id)
