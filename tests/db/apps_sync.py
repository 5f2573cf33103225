"""An application on the blocking OrmProvider with ``def`` handlers (no future import)."""

from typing import Any

from fastapi.responses import JSONResponse
from sqlalchemy import select

from nest.di import Module
from nest.http import Controller, Get, NestApplication, Post, PyNestFactory
from nest.orm import OrmModule, OrmProvider


def build_sync_app(orm: OrmProvider, author: Any, *, commit_mode: str) -> NestApplication:
    """``POST /sync/{name}`` writes through the request's session; ``?status=`` picks the answer."""

    @Controller("sync")
    class SyncController:
        @Post("/{name}")
        def create(self, name: str, status: int = 201) -> Any:
            orm.current_session().add(author(name=name))
            return JSONResponse({"name": name}, status_code=status)

        @Get("/")
        def names(self) -> list[str]:
            return list(orm.current_session().execute(select(author.name)).scalars())

    @Module(
        imports=[OrmModule.for_root(orm, commit_mode=commit_mode)], controllers=[SyncController]
    )
    class SyncModule:
        pass

    return PyNestFactory.create(SyncModule)
