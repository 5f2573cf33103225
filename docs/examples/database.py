"""A book store on one database: entities, a repository, request sessions and a transaction."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from nest.di import Injectable, Module
from nest.http import Controller, Get, Post, PyNestFactory
from nest.orm import (
    AsyncOrmProvider,
    InjectRepository,
    OrmModule,
    Page,
    Repository,
    Transactional,
)

config = AsyncOrmProvider(db_type="sqlite", config_params={"db_name": ":memory:"})


class Book(config.Base):
    __tablename__ = "books"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)


class BookIn(BaseModel):
    title: str


class BookOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str


@Injectable
class BookService:
    def __init__(self, books: Annotated[Repository[Book], InjectRepository(Book)]) -> None:
        self.books = books

    async def add(self, title: str) -> Book:
        # Runs on the request's session: committed when the response is 2xx.
        return await self.books.add(Book(title=title))

    @Transactional
    async def import_titles(self, titles: list[str]) -> int:
        # All or nothing, in a request or in a script.
        for title in titles:
            await self.books.add(Book(title=title))
        return await self.books.count()


@Controller("books")
class BookController:
    def __init__(self, service: BookService) -> None:
        self.service = service

    @Post("/")
    async def add(self, body: BookIn) -> BookOut:
        return BookOut.model_validate(await self.service.add(body.title))

    @Get("/", response_model=Page[BookOut])
    async def list_books(self, limit: int = 20, offset: int = 0) -> Page[Book]:
        return await self.service.books.list(limit=limit, offset=offset)

    @Get("/{book_id}")
    async def get(self, book_id: int) -> BookOut:
        return BookOut.model_validate(await self.service.books.get_or_404(book_id))


@Module(
    imports=[OrmModule.for_feature([Book])],
    controllers=[BookController],
    providers=[BookService],
)
class BooksModule:
    pass


@Module(imports=[OrmModule.for_root(config, commit_mode="autocommit"), BooksModule])
class AppModule:
    async def on_application_bootstrap(self) -> None:
        await config.create_all()


app = PyNestFactory.create(AppModule)
