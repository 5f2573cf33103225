import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.testclient import TestClient

from nest.di import Inject, Injectable, Module
from nest.http import Controller, Get, NestApplication, PyNestFactory
from nest.testing import create_test_client

EVENTS: list[str] = []


@Injectable
class Greeter:
    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None

    async def on_module_init(self) -> None:
        self.loop = asyncio.get_running_loop()
        EVENTS.append("init")

    async def on_application_shutdown(self) -> None:
        EVENTS.append("shutdown")

    def hello(self) -> str:
        return "hello"


async def make_client() -> dict[str, Any]:
    return {"loop": asyncio.get_running_loop()}


@Controller("g")
class GreeterController:
    def __init__(
        self, greeter: Greeter, client: Annotated[dict[str, Any], Inject("ASYNC_CLIENT")]
    ) -> None:
        self.greeter = greeter
        self.client = client

    @Get("/")
    async def hello(self) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        return {
            "text": self.greeter.hello(),
            "same_loop": self.greeter.loop is loop,
            "client_loop": self.client["loop"] is loop,
        }


@Module(
    controllers=[GreeterController],
    providers=[Greeter, {"provide": "ASYNC_CLIENT", "use_factory": make_client}],
)
class AppModule:
    pass


async def test_get_server_is_fastapi_and_lifespan_runs_init_and_shutdown() -> None:
    EVENTS.clear()
    app = PyNestFactory.create(AppModule, title="Shop", version="2.0")
    server = app.get_server()
    assert isinstance(server, FastAPI)
    assert server.title == "Shop"
    assert EVENTS == []  # create() runs no hook and builds no async factory
    async with create_test_client(app) as client:
        assert EVENTS == ["init"]
        body = (await client.get("/g")).json()
        assert body == {"text": "hello", "same_loop": True, "client_loop": True}
        assert app.get(Greeter) is app.container.get(Greeter)
    assert EVENTS == ["init", "shutdown"]


async def test_pynest_startup_handlers_and_user_lifespan_still_run() -> None:
    order: list[str] = []

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        order.append(
            f"user lifespan start, greeter built: {nest_app.container.is_built(nest_app.container.find(Greeter))}"
        )
        yield
        order.append("user lifespan end")

    nest_app = PyNestFactory.create(AppModule, lifespan=lifespan)
    async with create_test_client(nest_app):
        pass
    assert order == ["user lifespan start, greeter built: True", "user lifespan end"]

    app = PyNestFactory.create(AppModule)
    server = app.get_server()

    @server.on_event("startup")
    async def startup() -> None:
        order.append("on_event startup")

    async with create_test_client(app):
        assert order[-1] == "on_event startup"


def test_sync_test_client_without_lifespan_serves_sync_built_apps() -> None:
    @Controller("s")
    class Simple:
        def __init__(self, greeter: Greeter) -> None:
            self.greeter = greeter

        @Get("/")
        def get(self) -> str:
            return self.greeter.hello()

    @Module(controllers=[Simple], providers=[Greeter])
    class SimpleModule:
        pass

    client = TestClient(PyNestFactory.create(SimpleModule).get_server())
    assert client.get("/s").json() == "hello"


async def test_middleware_and_cors_on_the_fastapi_app() -> None:
    app = PyNestFactory.create(AppModule)
    server = app.get_server()
    server.add_middleware(
        CORSMiddleware, allow_origins=["https://shop.example"], allow_methods=["*"]
    )

    @server.middleware("http")
    async def add_header(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers["x-nest"] = "1"
        return response

    async with create_test_client(app) as client:
        response = await client.get("/g", headers={"origin": "https://shop.example"})
        assert response.headers["access-control-allow-origin"] == "https://shop.example"
        assert response.headers["x-nest"] == "1"


async def test_configure_hook_adds_a_dependency_to_every_route() -> None:
    seen: list[str] = []

    async def audit(request: Request) -> None:
        seen.append(request.url.path)

    @Module(
        controllers=[GreeterController],
        providers=[Greeter, {"provide": "ASYNC_CLIENT", "use_factory": make_client}],
    )
    class Configured:
        def configure(self, app: NestApplication) -> None:
            app.add_route_dependency(Depends(audit))

    app = PyNestFactory.create(Configured)
    async with create_test_client(app) as client:
        await client.get("/g")
    assert seen == ["/g"]
    with pytest.raises(RuntimeError, match="before the routes are mounted"):
        app.add_route_dependency(audit)


async def test_close_outside_a_server() -> None:
    EVENTS.clear()
    app = PyNestFactory.create(AppModule)
    await app.init()
    await app.close()
    assert EVENTS == ["init", "shutdown"]


async def test_route_wrappers_see_every_request_and_exception_before_exception_handlers() -> None:
    from fastapi.responses import JSONResponse

    seen: list[str] = []

    class Swallowed(Exception):
        pass

    def outer(handler: Any) -> Any:
        async def run(request: Any) -> Any:
            seen.append("outer")
            return await handler(request)

        return run

    def noting(handler: Any) -> Any:
        async def run(request: Any) -> Any:
            seen.append("inner")
            try:
                return await handler(request)
            except Swallowed:
                seen.append("raised")
                raise

        return run

    @Controller("w")
    class Wrapped:
        @Get("/ok")
        def ok(self) -> str:
            return "ok"

        @Get("/fail")
        def fail(self) -> str:
            raise Swallowed()

    @Module(controllers=[Wrapped])
    class WrappedModule:
        def configure(self, app: NestApplication) -> None:
            app.add_route_wrapper(noting)  # the first added is the innermost
            app.add_route_wrapper(outer)

    app = PyNestFactory.create(WrappedModule)

    async def swallow(request: Any, exc: Exception) -> JSONResponse:
        return JSONResponse({"swallowed": True}, status_code=200)

    app.get_server().add_exception_handler(Swallowed, swallow)
    async with create_test_client(app) as client:
        assert (await client.get("/w/ok")).json() == "ok"
        assert (await client.get("/w/fail")).json() == {"swallowed": True}
    assert seen == ["outer", "inner", "outer", "inner", "raised"]
    with pytest.raises(RuntimeError, match="before the routes are mounted"):
        app.add_route_wrapper(outer)
