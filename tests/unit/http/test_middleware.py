"""Module-configured middleware: apply(...).exclude(...).for_routes(...), with DI."""

from typing import Any

import pytest
from starlette.requests import Request
from starlette.responses import Response

from nest.core import Controller, Get, Injectable, Module, Post, PyNestFactory
from nest.di import UnknownDependencyError
from nest.http import MiddlewareConsumer, NestApplication, NestMiddleware, RouteInfo
from nest.testing import create_test_client


@Injectable
class Audit:
    def __init__(self) -> None:
        self.entries: list[str] = []


class AuditMiddleware(NestMiddleware):
    """Class middleware: built once, its constructor injected from the configuring module."""

    instances = 0

    def __init__(self, audit: Audit) -> None:
        AuditMiddleware.instances += 1
        self.audit = audit

    async def use(self, request: Request, call_next: Any) -> Response:
        self.audit.entries.append(f"{request.method} {request.url.path}")
        response: Response = await call_next(request)
        response.headers["x-audited"] = "yes"
        return response


async def tag_authors(request: Request, call_next: Any) -> Response:
    """Function middleware."""
    response: Response = await call_next(request)
    response.headers["x-authors"] = "yes"
    return response


@Controller("book")
class BookController:
    @Get("/")
    def list_books(self) -> list[str]:
        return ["Dune"]

    @Get("/health")
    def health(self) -> str:
        return "ok"

    @Post("/")
    def add(self) -> str:
        return "added"


@Controller("authors")
class AuthorController:
    @Get("/")
    def list_authors(self) -> list[str]:
        return ["Herbert"]

    @Get("/{id}/books")
    def books_of(self, id: int) -> list[str]:
        return ["Dune"]


@Controller("other")
class OtherController:
    @Get("/")
    def index(self) -> str:
        return "other"


@Module(controllers=[BookController, AuthorController, OtherController], providers=[Audit])
class ShopModule:
    def configure(self, consumer: MiddlewareConsumer) -> None:
        consumer.apply(AuditMiddleware).exclude("book/health").for_routes(BookController)
        consumer.apply(tag_authors).for_routes("authors/*", RouteInfo("other", "POST"))


async def test_middleware_runs_only_for_its_routes_and_skips_excluded_ones() -> None:
    AuditMiddleware.instances = 0
    app = PyNestFactory.create(ShopModule)
    audit = app.get(Audit)
    async with create_test_client(app) as client:
        assert (await client.get("/book")).headers.get("x-audited") == "yes"
        assert (await client.post("/book")).headers.get("x-audited") == "yes"
        health = await client.get("/book/health")
        assert health.json() == "ok"
        assert "x-audited" not in health.headers
        assert (await client.get("/authors/3/books")).headers.get("x-authors") == "yes"
        assert "x-audited" not in (await client.get("/authors")).headers
        other = await client.get("/other")
        assert "x-authors" not in other.headers  # bound to POST only
        assert "x-audited" not in other.headers
    assert audit.entries == ["GET /book", "POST /book"]
    assert AuditMiddleware.instances == 1


async def test_patterns_are_relative_to_the_global_prefix() -> None:
    app = PyNestFactory.create(ShopModule, global_prefix="api")
    async with create_test_client(app) as client:
        assert (await client.get("/api/book")).headers.get("x-audited") == "yes"
        assert "x-audited" not in (await client.get("/api/book/health")).headers
        assert (await client.get("/api/authors/1/books")).headers.get("x-authors") == "yes"


def test_configure_with_the_application_still_works() -> None:
    seen: list[Any] = []

    @Module(controllers=[OtherController])
    class AppStyle:
        def configure(self, app: NestApplication) -> None:
            seen.append(app)

    app = PyNestFactory.create(AppStyle)
    assert seen == [app]


def test_middleware_dependencies_are_checked_at_start_up() -> None:
    @Module(controllers=[OtherController])  # no Audit provider
    class Broken:
        def configure(self, consumer: MiddlewareConsumer) -> None:
            consumer.apply(AuditMiddleware).for_routes("*")

    with pytest.raises(UnknownDependencyError, match="AuditMiddleware in module Broken"):
        PyNestFactory.create(Broken)


def test_for_routes_rejects_classes_that_are_not_controllers() -> None:
    @Module(controllers=[OtherController])
    class Bad:
        def configure(self, consumer: MiddlewareConsumer) -> None:
            consumer.apply(tag_authors).for_routes(Audit)

    with pytest.raises(TypeError, match="Audit is not one"):
        PyNestFactory.create(Bad)


def test_no_middleware_configured_installs_nothing() -> None:
    @Module(controllers=[OtherController])
    class Bare:
        pass

    server = PyNestFactory.create(Bare).get_server()
    assert not any(m.cls.__name__ == "MiddlewareDispatcher" for m in server.user_middleware)


async def test_app_use_runs_global_middleware_in_order_before_module_middleware() -> None:
    order: list[str] = []

    def recorder(name: str) -> Any:
        async def middleware(request: Request, call_next: Any) -> Response:
            order.append(name)
            response: Response = await call_next(request)
            return response

        return middleware

    class Counting(NestMiddleware):
        def __init__(self, audit: Audit) -> None:
            self.audit = audit

        async def use(self, request: Request, call_next: Any) -> Response:
            order.append("class")
            self.audit.entries.append("global")
            response: Response = await call_next(request)
            return response

    app = PyNestFactory.create(ShopModule)
    app.use(recorder("first"), Counting).use(recorder("third"))
    async with create_test_client(app) as client:
        response = await client.get("/book")
        assert response.headers["x-audited"] == "yes"
    assert order == ["first", "class", "third"]
    assert app.get(Audit).entries == ["global", "GET /book"]  # global ran before the module's
    with pytest.raises(RuntimeError, match="before the application starts"):
        app.use(recorder("late"))
