from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from nest.di import ApplicationContext, Container, Injectable, Lazy, Module, Scope, request_scope


@Injectable(scope=Scope.REQUEST)
class RequestContext:
    created = 0

    def __init__(self) -> None:
        RequestContext.created += 1
        self.number = RequestContext.created


@Injectable(scope=Scope.REQUEST)
class Unit:
    def __init__(self, ctx: RequestContext) -> None:
        self.ctx = ctx


@Injectable
class Reporter:
    def __init__(self, ctx: Lazy[RequestContext]) -> None:
        self.ctx = ctx

    async def number(self) -> int:
        return (await self.ctx.get()).number


@Module(providers=[RequestContext, Unit, Reporter])
class Root:
    pass


@pytest.fixture
async def context() -> AsyncIterator[ApplicationContext]:
    async with ApplicationContext(Container.create(Root)) as ctx:
        yield ctx


async def test_one_instance_per_scope_shared_inside_it(context: ApplicationContext) -> None:
    async with request_scope():
        first = await context.resolve(RequestContext)
        assert (await context.resolve(Unit)).ctx is first
        assert await context.resolve(RequestContext) is first
    async with request_scope():
        assert await context.resolve(RequestContext) is not first


async def test_lazy_in_a_singleton_reaches_the_current_scope(context: ApplicationContext) -> None:
    reporter = context.get(Reporter)

    async def one() -> tuple[int, int]:
        async with request_scope():
            ctx = await context.resolve(RequestContext)
            await asyncio.sleep(0)
            return ctx.number, await reporter.number()

    results = await asyncio.gather(*(one() for _ in range(20)))
    assert all(mine == seen for mine, seen in results)
    assert len({mine for mine, _ in results}) == 20


async def test_concurrent_first_use_in_one_scope_builds_once() -> None:
    built: list[int] = []

    async def slow() -> int:
        built.append(1)
        await asyncio.sleep(0.01)
        return len(built)

    @Module(providers=[{"provide": "SLOW", "use_factory": slow, "scope": Scope.REQUEST}])
    class M:
        pass

    async with ApplicationContext(Container.create(M)) as ctx, request_scope():
        values = await asyncio.gather(*(ctx.resolve("SLOW") for _ in range(5)))
    assert values == [1] * 5
    assert built == [1]


async def test_request_teardown_sees_the_error_of_the_scope() -> None:
    events: list[str] = []

    async def session() -> AsyncIterator[str]:
        try:
            yield "session"
        except ValueError:
            events.append("rollback")
            raise
        else:
            events.append("commit")

    @Module(providers=[{"provide": "SESSION", "use_factory": session, "scope": Scope.REQUEST}])
    class M:
        pass

    async with ApplicationContext(Container.create(M)) as ctx:
        async with request_scope():
            assert await ctx.resolve("SESSION") == "session"
        with pytest.raises(ValueError):
            async with request_scope():
                await ctx.resolve("SESSION")
                raise ValueError("boom")
    assert events == ["commit", "rollback"]


async def test_a_plain_function_returning_a_coroutine_is_awaited_in_a_request() -> None:
    async def fetch() -> str:
        return "fetched"

    @Module(providers=[{"provide": "LATE", "use_factory": lambda: fetch(), "scope": Scope.REQUEST}])
    class M:
        pass

    async with ApplicationContext(Container.create(M)) as ctx, request_scope():
        assert await ctx.resolve("LATE") == "fetched"
