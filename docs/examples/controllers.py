"""Controllers: routes, parameters, FastAPI features, status codes, exceptions."""

from typing import Annotated

from fastapi import BackgroundTasks, Depends, Header, Query, Request
from pydantic import BaseModel

from nest.di import Injectable, Module
from nest.http import (
    ConflictException,
    Controller,
    Delete,
    Get,
    HttpCode,
    NotFoundException,
    Patch,
    Post,
    PyNestFactory,
)


class Book(BaseModel):
    title: str
    pages: int


class BookOut(BaseModel):
    id: int
    title: str


class BookPatch(BaseModel):
    title: str | None = None
    pages: int | None = None


def api_version(x_api_version: Annotated[str, Header()] = "1") -> str:
    return x_api_version


@Injectable
class BooksService:
    def __init__(self) -> None:
        self.books: dict[int, Book] = {}

    def create(self, book: Book) -> tuple[int, Book]:
        if any(b.title == book.title for b in self.books.values()):
            raise ConflictException(f"A book titled {book.title!r} exists already")
        book_id = len(self.books) + 1
        self.books[book_id] = book
        return book_id, book

    def get(self, book_id: int) -> Book:
        if book_id not in self.books:
            raise NotFoundException(f"Book {book_id} not found")
        return self.books[book_id]


@Controller("books", tag="library")
class BooksController:
    def __init__(self, service: BooksService) -> None:
        self.service = service

    @Get("/", response_model=list[BookOut], summary="List books")
    def list_books(
        self, limit: Annotated[int, Query(ge=1, le=100)] = 10
    ) -> list[dict[str, object]]:
        items = list(self.service.books.items())[:limit]
        return [{"id": i, "title": b.title} for i, b in items]

    @Post("/", response_model=BookOut)  # POST answers 201 by default
    def create(self, book: Book, background: BackgroundTasks) -> dict[str, object]:
        book_id, saved = self.service.create(book)
        background.add_task(print, f"created {saved.title}")
        return {"id": book_id, "title": saved.title}

    @Get("/{book_id}")
    async def get(
        self, book_id: int, request: Request, version: str = Depends(api_version)
    ) -> dict[str, object]:
        book = self.service.get(book_id)
        return {"title": book.title, "path": request.url.path, "api": version}

    @Patch("/{book_id}")
    def patch(self, book_id: int, patch: BookPatch) -> Book:
        book = self.service.get(book_id)
        updated = book.model_copy(update=patch.model_dump(exclude_unset=True))
        self.service.books[book_id] = updated
        return updated

    @Delete("/{book_id}")
    @HttpCode(204)
    def delete(self, book_id: int) -> None:
        self.service.get(book_id)
        del self.service.books[book_id]


@Module(controllers=[BooksController], providers=[BooksService])
class LibraryModule:
    pass


app = PyNestFactory.create(LibraryModule, title="Library", global_prefix="/api")
