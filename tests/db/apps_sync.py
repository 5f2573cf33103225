"""An application on the blocking OrmProvider with ``def`` handlers (no future import)."""

from typing import Annotated, Any

from fastapi.responses import JSONResponse
from sqlalchemy import select

from nest.di import Injectable, Module
from nest.http import Controller, Get, NestApplication, Post, PyNestFactory
from nest.orm import (
    InjectRepository,
    OrmModule,
    OrmProvider,
    SyncRepository,
    db_request_handler,
)


def build_sync_app(orm: OrmProvider, author: Any, *, commit_mode: str) -> NestApplication:
    """``POST /sync/{name}`` writes through the request's session; ``?status=`` picks the answer."""

    @Controller("sync")
    class SyncController:
        def __init__(
            self, authors: Annotated[SyncRepository[Any], InjectRepository(author)]
        ) -> None:
            self.authors = authors

        @Post("/{name}")
        def create(self, name: str, status: int = 201) -> Any:
            orm.current_session().add(author(name=name))
            return JSONResponse({"name": name}, status_code=status)

        @Get("/")
        def names(self) -> list[str]:
            return [a.name for a in self.authors.list().items]

    @Module(
        imports=[
            OrmModule.for_root(orm, commit_mode=commit_mode),
            OrmModule.for_feature([author]),
        ],
        controllers=[SyncController],
    )
    class SyncModule:
        pass

    return PyNestFactory.create(SyncModule)


def build_pynest_sync_app(orm: OrmProvider, author: Any) -> tuple[NestApplication, Any]:
    """PyNest's sync service style: one session from ``config.get_session()`` in ``__init__``.

    Returns the application and the service class (whose session the caller closes).
    """

    @Injectable
    class AuthorService:
        def __init__(self) -> None:
            self.config = orm
            self.session = self.config.get_session()

        @db_request_handler
        def add_author(self, name: str) -> int:
            entity = author(name=name)
            self.session.add(entity)
            self.session.commit()
            return int(entity.id)

        @db_request_handler
        def get_authors(self) -> list[str]:
            return list(self.session.execute(select(author.name)).scalars())

    @Controller("pynest")
    class AuthorController:
        def __init__(self, service: AuthorService) -> None:
            self.service = service

        @Post("/{name}")
        def add_author(self, name: str) -> int:
            return self.service.add_author(name)

        @Get("/")
        def get_authors(self) -> list[str]:
            return self.service.get_authors()

    @Module(controllers=[AuthorController], providers=[AuthorService])
    class PyNestModule:
        pass

    return PyNestFactory.create(PyNestModule), AuthorService
