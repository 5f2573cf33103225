"""OrmModule.for_root_async configured from ConfigService, over HTTP, on a SQLite file.

No ``from __future__ import annotations``: FastAPI and the container read the real annotations.
"""

import sqlite3
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, ConfigDict
from pydantic_settings import BaseSettings
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from nest.config import ConfigModule, ConfigService, ConfigValidationError
from nest.di import Injectable, Module
from nest.http import Controller, Get, HttpCode, Post, PyNestFactory
from nest.orm import InjectRepository, OrmModule, Repository
from nest.testing import create_test_client

from .conftest import WriteEnv


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "books"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))


class BookIn(BaseModel):
    title: str


class BookOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str


class DatabaseSettings(BaseSettings):
    database_url: str
    db_pool_size: int = 2


@Injectable
class BookService:
    def __init__(self, books: Annotated[Repository[Book], InjectRepository(Book)]) -> None:
        self.books = books


@Controller("books")
class BookController:
    def __init__(self, service: BookService) -> None:
        self.service = service

    @Get("/")
    async def titles(self) -> list[str]:
        return [book.title for book in (await self.service.books.list()).items]

    @Post("/")
    @HttpCode(201)
    async def add(self, body: BookIn) -> BookOut:
        return BookOut.model_validate(await self.service.books.add(Book(title=body.title)))


@Module(
    imports=[OrmModule.for_feature([Book])],
    controllers=[BookController],
    providers=[BookService],
)
class BooksModule:
    pass


def from_config(config: ConfigService) -> dict[str, Any]:
    return {"url": config.get_or_throw("DATABASE_URL"), "base": Base}


def from_settings(settings: DatabaseSettings) -> dict[str, Any]:
    return {"url": settings.database_url, "pool_size": settings.db_pool_size, "base": Base}


ORM_MODULES = {
    "ConfigService": lambda: OrmModule.for_root_async(
        use_factory=from_config, inject=[ConfigService], commit_mode="autocommit"
    ),
    "schema": lambda: OrmModule.for_root_async(
        use_factory=from_settings, inject=[DatabaseSettings], commit_mode="autocommit"
    ),
}


def app_module(orm: Any) -> type:
    @Module(imports=[ConfigModule.for_root(schema=DatabaseSettings), orm, BooksModule])
    class AppModule:
        pass

    return AppModule


def seeded_database(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE books (id INTEGER PRIMARY KEY, title VARCHAR(200))")
        connection.execute("INSERT INTO books (title) VALUES ('Dune')")
    return path


@pytest.mark.parametrize("injected", sorted(ORM_MODULES))
async def test_the_connection_url_comes_from_the_env_file(
    injected: str, workdir: Path, write_env: WriteEnv
) -> None:
    database = seeded_database(workdir / "books.db")
    write_env(f"DATABASE_URL=sqlite+aiosqlite:///{database}\n")
    app = PyNestFactory.create(app_module(ORM_MODULES[injected]()))

    async with create_test_client(app) as client:
        assert (await client.get("/books/")).json() == ["Dune"]
        created = await client.post("/books/", json={"title": "Emma"})
        assert created.status_code == 201, created.text
        assert (await client.get("/books/")).json() == ["Dune", "Emma"]

    with sqlite3.connect(database) as connection:  # written to the configured file
        rows = connection.execute("SELECT title FROM books ORDER BY id").fetchall()
    assert rows == [("Dune",), ("Emma",)]


def test_a_missing_url_stops_the_application_before_any_connection(workdir: Path) -> None:
    with pytest.raises(ConfigValidationError, match="DATABASE_URL: not set"):
        PyNestFactory.create(app_module(ORM_MODULES["schema"]()))
    assert list(workdir.iterdir()) == []  # no database file was created
