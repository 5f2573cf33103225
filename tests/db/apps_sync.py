"""An application on the blocking OrmProvider with ``def`` handlers (no future import)."""

from typing import Annotated, Any

from fastapi.responses import JSONResponse

from nest.di import Module
from nest.http import Controller, Get, NestApplication, Post, PyNestFactory
from nest.orm import InjectRepository, OrmModule, OrmProvider, SyncRepository


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
