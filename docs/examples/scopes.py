"""Scopes: SINGLETON, TRANSIENT, REQUEST; Lazy[T] to reach a request's instance from a singleton."""

import itertools
from collections.abc import AsyncIterator
from typing import Annotated

from nest.di import Inject, Injectable, Lazy, Module, Scope
from nest.http import Controller, Get

_ids = itertools.count(1)


@Injectable(scope=Scope.REQUEST)
class RequestContext:
    """One per HTTP request, shared by everything in it."""

    def __init__(self) -> None:
        self.request_id = next(_ids)


@Injectable(scope=Scope.TRANSIENT)
class Stopwatch:
    """A new instance for every injection."""


async def open_unit_of_work() -> AsyncIterator[list[str]]:
    log: list[str] = []
    yield log  # the code after yield runs after the response is sent
    log.clear()


@Injectable
class AuditService:
    """A singleton: it reaches the request's context through Lazy[...]."""

    def __init__(self, ctx: Lazy[RequestContext]) -> None:
        self.ctx = ctx

    async def who(self) -> int:
        return (await self.ctx.get()).request_id


@Controller("scopes")
class ScopesController:
    def __init__(self, audit: AuditService) -> None:
        self.audit = audit

    @Get("/")
    async def show(
        self,
        ctx: Annotated[RequestContext, Inject()],
        work: Annotated[list[str], Inject("UNIT_OF_WORK")],
        a: Annotated[Stopwatch, Inject()],
        b: Annotated[Stopwatch, Inject()],
    ) -> dict[str, object]:
        work.append("step")
        return {
            "request_id": ctx.request_id,
            "audit_sees_same": await self.audit.who() == ctx.request_id,
            "transients_differ": a is not b,
        }


@Module(
    controllers=[ScopesController],
    providers=[
        RequestContext,
        Stopwatch,
        AuditService,
        {"provide": "UNIT_OF_WORK", "use_factory": open_unit_of_work, "scope": Scope.REQUEST},
    ],
)
class AppModule:
    pass
