"""A small application over the test library, for the HTTP tests.

No ``from __future__ import annotations`` here: the controller and its models are
declared inside a function, and FastAPI and the DI container read their real
annotations.
"""

import asyncio
from typing import Annotated, Any

from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy import text

from nest.di import Injectable, Module
from nest.http import (
    BadRequestException,
    Controller,
    Get,
    HttpCode,
    NestApplication,
    Post,
    PyNestFactory,
)
from nest.orm import CommitMode, InjectRepository, OrmModule, Page, Repository

from .models import Library


class AuthorIn(BaseModel):
    name: str


class AuthorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str


def build_app(
    lib: Library, *, commit_mode: CommitMode | str = CommitMode.AUTOCOMMIT, hold_seconds: float = 0
) -> NestApplication:
    """An app with ``/authors`` routes that succeed, fail, crash and redirect after writing."""
    Author = lib.Author
    orm = lib.orm

    @Injectable
    class AuthorService:
        def __init__(self, authors: Annotated[Repository[Any], InjectRepository(Author)]) -> None:
            self.authors = authors

        async def create(self, name: str) -> Any:
            return await self.authors.add(Author(name=name))

        def add_unflushed(self, name: str) -> None:
            # No session passed around: the request's session is found from context.
            orm.current_session().add(Author(name=name))

    @Controller("authors")
    class AuthorController:
        def __init__(self, service: AuthorService) -> None:
            self.service = service

        @Post("/")
        @HttpCode(201)
        async def create(self, body: AuthorIn) -> AuthorOut:
            return AuthorOut.model_validate(await self.service.create(body.name))

        @Post("/unflushed")
        @HttpCode(201)
        async def create_unflushed(self, body: AuthorIn) -> dict[str, str]:
            self.service.add_unflushed(body.name)
            return {"status": "queued"}

        @Post("/then-fail")
        async def create_then_fail(self, body: AuthorIn) -> None:
            await self.service.create(body.name)
            raise BadRequestException("refused after writing")

        @Post("/then-crash")
        async def create_then_crash(self, body: AuthorIn) -> None:
            await self.service.create(body.name)
            raise RuntimeError("crashed after writing")

        @Post("/then-400")
        async def create_then_answer_400(self, body: AuthorIn) -> Any:
            self.service.add_unflushed(body.name)
            return JSONResponse({"detail": "no"}, status_code=400)

        @Post("/then-redirect")
        async def create_then_redirect(self, body: AuthorIn) -> Any:
            await self.service.create(body.name)
            return RedirectResponse("/authors/", status_code=303)

        @Get("/", response_model=Page[AuthorOut])
        async def list_authors(self, limit: int = 10, offset: int = 0) -> Any:
            return await self.service.authors.list(limit=limit, offset=offset)

        @Get("/hold")
        async def hold(self) -> dict[str, bool]:
            await orm.current_session().execute(text("SELECT 1"))
            await asyncio.sleep(hold_seconds)
            return {"held": True}

        @Get("/session-id")
        async def session_id(self) -> dict[str, int]:
            session = orm.current_session()
            await session.execute(text("SELECT 1"))
            await asyncio.sleep(0.05)  # overlap with the other requests
            assert orm.current_session() is session
            return {"id": id(session)}

        @Get("/{author_id}")
        async def get_author(self, author_id: int) -> AuthorOut:
            return AuthorOut.model_validate(await self.service.authors.get_or_404(author_id))

    @Module(
        imports=[
            OrmModule.for_root(orm, commit_mode=commit_mode),
            OrmModule.for_feature([Author]),
        ],
        controllers=[AuthorController],
        providers=[AuthorService],
    )
    class AppModule:
        pass

    return PyNestFactory.create(AppModule)
