"""A controller that needs a REQUEST-scoped provider is made per request (the scope bubbles up)."""

import itertools
from collections.abc import AsyncIterator
from typing import Annotated, Any

import pytest
from fastapi import Depends

from nest.core import (
    Controller,
    ExecutionContext,
    Get,
    Injectable,
    Module,
    NestInterceptor,
    PyNestFactory,
    UseInterceptors,
)
from nest.di import Inject, Scope
from nest.pipeline import CallHandler
from nest.testing import create_test_client

COUNTER = itertools.count(1)
CLOSED: list[int] = []


@Injectable(scope=Scope.REQUEST)
class RequestContext:
    def __init__(self) -> None:
        self.number = next(COUNTER)


async def open_unit(context: RequestContext) -> AsyncIterator[dict[str, int]]:
    unit = {"context": context.number}
    try:
        yield unit
    finally:  # also after a failed request, which throws its error in here
        CLOSED.append(unit["context"])


@Injectable
class Greeter:
    def greet(self, n: int) -> str:
        return f"hello #{n}"


class Wrap(NestInterceptor):
    async def intercept(self, context: ExecutionContext, call_next: CallHandler) -> Any:
        return {"wrapped": await call_next()}


@Controller("scoped")
class ScopedController:
    made = 0

    def __init__(
        self,
        context: RequestContext,
        greeter: Greeter,
        unit: Annotated[dict[str, int], Inject("UNIT")],
    ) -> None:
        ScopedController.made += 1
        self.context = context
        self.greeter = greeter
        self.unit = unit

    @Get("/")
    async def index(self, same: Annotated[RequestContext, Inject()]) -> dict[str, Any]:
        return {
            "n": self.context.number,
            "same_instance": same is self.context,
            "greeting": self.greeter.greet(self.context.number),
            "unit": self.unit["context"],
        }

    @Get("/sync/{x}")
    def sync(self, x: int, limit: int = 3) -> dict[str, int]:
        return {"n": self.context.number, "x": x, "limit": limit}

    @Get("/wrapped")
    @UseInterceptors(Wrap)
    async def wrapped(self) -> Any:
        return self.context.number


@Module(
    controllers=[ScopedController],
    providers=[
        RequestContext,
        Greeter,
        {
            "provide": "UNIT",
            "use_factory": open_unit,
            "inject": [RequestContext],
            "scope": Scope.REQUEST,
        },
    ],
)
class ScopedModule:
    pass


async def test_the_controller_is_made_per_request_with_the_requests_instances() -> None:
    ScopedController.made = 0
    CLOSED.clear()
    app = PyNestFactory.create(ScopedModule)
    async with create_test_client(app) as client:
        first = (await client.get("/scoped")).json()
        second = (await client.get("/scoped")).json()
        assert first["same_instance"] is True
        assert second["n"] == first["n"] + 1
        assert first["greeting"] == f"hello #{first['n']}"
        assert first["unit"] == first["n"]
        sync = await client.get("/scoped/sync/7?limit=2")
        assert sync.json() == {"n": second["n"] + 1, "x": 7, "limit": 2}
        assert (await client.get("/scoped/sync/x")).status_code == 422
        # FastAPI resolves dependencies before it reports invalid parameters, so the 422
        # request made (and closed) its controller and context too.
        assert (await client.get("/scoped/wrapped")).json() == {"wrapped": second["n"] + 3}
    assert ScopedController.made == 5
    assert [first["n"] + i for i in range(5)] == CLOSED
    names = {
        p["name"]
        for p in app.get_server().openapi()["paths"]["/scoped/sync/{x}"]["get"]["parameters"]
    }
    assert names == {"x", "limit"}


def test_pynest_class_attributes_on_a_per_request_controller_are_refused() -> None:
    @Controller("bad")
    class Bad:
        greeter: Greeter = Depends(Greeter)

        def __init__(self, context: RequestContext) -> None:
            self.context = context

        @Get("/")
        def index(self) -> int:
            return 1

    @Module(controllers=[Bad], providers=[RequestContext, Greeter])
    class BadModule:
        pass

    with pytest.raises(TypeError, match=r"Bad \(module BadModule\) is made per request"):
        PyNestFactory.create(BadModule)
