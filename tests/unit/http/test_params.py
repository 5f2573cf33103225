"""Handlers keep every FastAPI feature, and reach the container three ways."""

import asyncio
import inspect
from collections.abc import AsyncIterator
from typing import Annotated, Any

import pytest
from fastapi import BackgroundTasks, Depends, Query, Request
from pydantic import BaseModel

from nest.di import Inject, Injectable, Lazy, Module, Scope
from nest.http import Controller, Get, Post, PyNestFactory
from nest.testing import create_test_client

EVENTS: list[str] = []


@Injectable
class Counter:
    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


@Injectable(scope=Scope.REQUEST)
class RequestContext:
    created = 0

    def __init__(self) -> None:
        RequestContext.created += 1
        self.number = RequestContext.created


@Injectable(scope=Scope.TRANSIENT)
class Stamp:
    pass


async def open_session() -> AsyncIterator[dict[str, Any]]:
    session = {"open": True}
    EVENTS.append("session opened")
    try:
        yield session
    finally:
        session["open"] = False
        EVENTS.append("session closed")


@Injectable
class Reporter:
    def __init__(self, ctx: Lazy[RequestContext]) -> None:
        self.ctx = ctx

    async def current(self) -> int:
        return (await self.ctx.get()).number


class Filters(BaseModel):
    q: str
    limit: int = 10


def pagination(page: int = 1) -> int:
    return page


@Controller("p")
class ParamsController:
    def __init__(self, counter: Counter, reporter: Reporter) -> None:
        self.counter = counter
        self.reporter = reporter

    @Get("/fastapi/{item_id}")
    async def fastapi_features(
        self,
        item_id: int,
        request: Request,
        background: BackgroundTasks,
        q: Annotated[str, Query(max_length=5)] = "x",
        page: int = Depends(pagination),
    ) -> dict[str, Any]:
        background.add_task(EVENTS.append, f"background {item_id}")
        return {"id": item_id, "q": q, "page": page, "path": request.url.path}

    @Post("/body")
    def body(self, filters: Filters) -> Filters:
        return filters

    @Get("/container")
    async def container(
        self,
        same: Counter = Depends(Counter),
        also: Annotated[Counter, Depends(Counter)] = None,  # type: ignore[assignment]
    ) -> dict[str, bool]:
        return {"same": same is self.counter, "also": also is self.counter}

    @Get("/ctx")
    async def ctx(
        self,
        a: Annotated[RequestContext, Inject()],
        b: Annotated[RequestContext, Inject(RequestContext)],
        session: Annotated[dict[str, Any], Inject("SESSION")],
        stamp: Annotated[Stamp, Inject()],
        stamp2: Annotated[Stamp, Inject()],
        counter: Annotated[Counter, Inject()],
    ) -> dict[str, Any]:
        await asyncio.sleep(0.01)  # overlap concurrent requests
        return {
            "a": a.number,
            "same": a is b,
            "lazy": await self.reporter.current(),
            "session_open": session["open"],
            "stamps_differ": stamp is not stamp2,
            "counter": counter is self.counter,
        }

    @Get("/baked/{item_id}")
    def baked(
        self,
        counter: Annotated[Counter, Inject()],
        item_id: int,
        q: str = "q",
        *,
        again: Annotated[Counter, Inject()],
        ctx: Annotated[RequestContext, Inject()],
    ) -> dict[str, Any]:
        return {
            "item_id": item_id,
            "q": q,
            "same": counter is again is self.counter,
            "ctx": ctx.number > 0,
        }

    @Get("/optional")
    async def optional(
        self, missing: Annotated[str | None, Inject("MISSING", optional=True)] = None
    ) -> Any:
        return {"missing": missing}


@Module(
    controllers=[ParamsController],
    providers=[
        Counter,
        RequestContext,
        Stamp,
        Reporter,
        {"provide": "SESSION", "use_factory": open_session, "scope": Scope.REQUEST},
    ],
)
class AppModule:
    pass


@pytest.fixture
async def client() -> Any:
    async with create_test_client(PyNestFactory.create(AppModule)) as c:
        yield c


async def test_fastapi_parameters_dependencies_and_background_tasks(client: Any) -> None:
    EVENTS.clear()
    response = await client.get("/p/fastapi/5", params={"q": "abc", "page": 3})
    assert response.json() == {"id": 5, "q": "abc", "page": 3, "path": "/p/fastapi/5"}
    assert "background 5" in EVENTS
    assert (await client.get("/p/fastapi/5", params={"q": "toolong"})).status_code == 422
    assert (await client.post("/p/body", json={"q": "x"})).json() == {"q": "x", "limit": 10}
    bad = await client.post("/p/body", json={"limit": "many"})
    assert bad.status_code == 422
    assert {tuple(e["loc"]) for e in bad.json()["detail"]} == {("body", "q"), ("body", "limit")}


async def test_depends_on_a_provider_gives_the_container_instance(client: Any) -> None:
    assert (await client.get("/p/container")).json() == {"same": True, "also": True}


async def test_request_scope_one_instance_per_request_and_torn_down_after(client: Any) -> None:
    EVENTS.clear()
    first = (await client.get("/p/ctx")).json()
    assert first["same"] and first["session_open"] and first["stamps_differ"] and first["counter"]
    assert first["lazy"] == first["a"]
    assert EVENTS == ["session opened", "session closed"]
    responses = await asyncio.gather(*(client.get("/p/ctx") for _ in range(10)))
    numbers = [r.json()["a"] for r in responses]
    assert len(set(numbers)) == 10  # concurrent requests never share an instance
    assert all(r.json()["lazy"] == r.json()["a"] for r in responses)
    assert EVENTS.count("session closed") == 11


async def test_singletons_fixed_at_start_up_mixed_with_path_query_and_request_params(
    client: Any,
) -> None:
    response = await client.get("/p/baked/4", params={"q": "z"})
    assert response.json() == {"item_id": 4, "q": "z", "same": True, "ctx": True}
    assert (await client.get("/p/baked/5")).json()["q"] == "q"


async def test_request_scope_costs_no_dependency_and_is_made_only_when_used(client: Any) -> None:
    app = PyNestFactory.create(AppModule)
    body_route = next(r for r in app.routes() if r.name == "body")
    assert body_route.dependant.dependencies == []  # no per-route dependency opens the scope
    before = RequestContext.created
    EVENTS.clear()
    assert (await client.post("/p/body", json={"q": "x"})).status_code == 201
    assert RequestContext.created == before  # nothing REQUEST-scoped was resolved: no scope made
    assert EVENTS == []


async def test_optional_inject_resolves_to_default(client: Any) -> None:
    assert (await client.get("/p/optional")).json() == {"missing": None}


def test_handlers_without_injection_are_plain_bound_methods() -> None:
    import types

    app = PyNestFactory.create(AppModule)
    endpoints = {route.name: route.endpoint for route in app.routes()}
    body = endpoints["body"]
    assert isinstance(body, types.MethodType)
    assert body.__func__ is ParamsController.__dict__["body"]
    assert body.__self__ is app.get(ParamsController)
    ctx = endpoints["ctx"]
    assert isinstance(ctx, types.MethodType)  # a copy with a compiled signature, still no wrapper
    assert ctx.__func__.__code__ is ParamsController.__dict__["ctx"].__code__
    # The singleton parameter is fixed at start-up: FastAPI never sees it.
    assert "counter" not in inspect.signature(ctx).parameters
    assert "a" in inspect.signature(ctx).parameters
    container = endpoints["container"]
    assert list(inspect.signature(container).parameters) == []


@Injectable
class BookService:
    def __init__(self, counter: Counter) -> None:
        self.counter = counter

    def books(self) -> list[str]:
        return ["dune"]


class FakeSession:
    def __init__(self) -> None:
        self.closed = False


def get_db() -> Any:
    session = FakeSession()
    try:
        yield session
    finally:
        session.closed = True


@Controller("legacy")
class LegacyController:
    """PyNest's older style (seed 000): dependencies as class attributes, resolved per request."""

    service: BookService = Depends(BookService)
    session: FakeSession = Depends(get_db)

    @Get("/")
    async def get_books(self) -> dict[str, Any]:
        return {
            "books": self.service.books(),
            "session_open": not self.session.closed,
            "id": id(self.session),
        }

    @Get("/{book_id}")
    def get_book(self, book_id: int) -> dict[str, Any]:
        return {"id": book_id, "service": type(self.service).__name__}


@Module(controllers=[LegacyController], providers=[BookService, Counter])
class LegacyModule:
    pass


async def test_legacy_class_attribute_dependencies() -> None:
    app = PyNestFactory.create(LegacyModule)
    async with create_test_client(app) as client:
        first = (await client.get("/legacy")).json()
        second = (await client.get("/legacy/")).json()
        assert first["books"] == ["dune"] and first["session_open"]
        assert first["id"] != second["id"]  # a session per request
        assert (await client.get("/legacy/3")).json() == {"id": 3, "service": "BookService"}
    controller = app.get(LegacyController)
    assert controller.service is app.get(BookService)  # a singleton attribute is set once
    assert "session" not in vars(controller)  # per-request values live on a per-request view
