from __future__ import annotations

from typing import Annotated, Any

from nest.di import ApplicationContext, Container, Inject, Injectable, Module
from nest.http import PyNestFactory

EVENTS: list[str] = []


class Hooks:
    name = ""

    def on_module_init(self) -> None:
        EVENTS.append(f"init {self.name}")

    async def on_application_bootstrap(self) -> None:
        EVENTS.append(f"bootstrap {self.name}")

    async def on_module_destroy(self) -> None:
        EVENTS.append(f"destroy {self.name}")

    def before_application_shutdown(self, *signal: Any) -> None:
        EVENTS.append(f"before-shutdown {self.name}")

    async def on_application_shutdown(self, *signal: Any) -> None:
        EVENTS.append(f"shutdown {self.name}")


@Injectable
class Database(Hooks):
    name = "Database"


@Injectable
class Cache(Hooks):
    name = "Cache"

    def __init__(self, db: Database) -> None:
        self.db = db


@Injectable
class Service(Hooks):
    name = "Service"

    def __init__(self, cache: Cache, db: Database, url: Annotated[str, Inject("URL")]) -> None:
        self.cache = cache


@Module(providers=[Database], exports=[Database])
class DataModule(Hooks):
    name = "DataModule"


@Module(imports=[DataModule], providers=[Service, Cache, {"provide": "URL", "use_value": "x"}])
class AppModule(Hooks):
    name = "AppModule"


async def test_hooks_run_in_dependency_order_and_reverse_on_shutdown() -> None:
    EVENTS.clear()
    context = PyNestFactory.create_application_context(AppModule)
    assert EVENTS == []  # creating runs no hook
    await context.init()
    await context.init()  # idempotent
    order = ["Database", "Cache", "Service", "DataModule", "AppModule"]
    assert [f"init {n}" for n in order] + [f"bootstrap {n}" for n in order] == EVENTS
    EVENTS.clear()
    await context.close()
    await context.close()
    reverse = list(reversed(order))
    assert (
        [f"destroy {n}" for n in reverse]
        + [f"before-shutdown {n}" for n in reverse]
        + [f"shutdown {n}" for n in reverse]
    ) == EVENTS


async def test_a_failing_init_hook_tears_down_what_was_built() -> None:
    closed: list[str] = []

    def resource() -> Any:
        yield "r"
        closed.append("r")

    @Injectable
    class Fails:
        def __init__(self, r: Annotated[str, Inject("R")]) -> None:
            pass

        def on_module_init(self) -> None:
            raise RuntimeError("cannot start")

    @Module(providers=[Fails, {"provide": "R", "use_factory": resource}])
    class M:
        pass

    container = Container.create(M)
    container.instantiate_sync()
    context = ApplicationContext(container)
    try:
        await context.init()
    except RuntimeError as exc:
        assert str(exc) == "cannot start"
    assert closed == ["r"]


async def test_standalone_context_as_async_context_manager() -> None:
    EVENTS.clear()
    async with PyNestFactory.create_application_context(AppModule) as context:
        assert context.get(Service).cache is context.get(Cache)
    assert EVENTS[-1] == "shutdown Database"
