from collections.abc import AsyncIterator, Iterator
from typing import Annotated

import pytest

from nest.di import (
    ApplicationContext,
    Container,
    Inject,
    Injectable,
    InjectionToken,
    Module,
    NotBuiltError,
    ProviderNotFoundError,
    Scope,
)

PORT = InjectionToken[int]("PORT")


@Injectable
class Repository:
    pass


@Injectable
class Service:
    def __init__(
        self,
        repo: Repository,
        port: Annotated[int, Inject(PORT)],
        name: Annotated[str, Inject("NAME")],
    ) -> None:
        self.repo = repo
        self.port = port
        self.name = name


def build(*providers: object, imports: tuple[object, ...] = ()) -> Container:
    @Module(providers=list(providers), imports=list(imports))
    class Root:
        pass

    container = Container.create(Root)
    container.instantiate_sync()
    return container


def test_constructor_injection_from_type_hints_and_tokens() -> None:
    container = build(
        Repository,
        Service,
        {"provide": PORT, "use_value": 8000},
        {"provide": "NAME", "use_value": "shop"},
    )
    service = container.get(Service)
    assert service.repo is container.get(Repository)
    assert (service.port, service.name) == (8000, "shop")
    assert container.get(Service) is service


def test_optional_dependencies_resolve_to_none_or_their_default() -> None:
    class Cache:
        pass

    @Injectable
    class Consumer:
        def __init__(
            self,
            cache: Cache | None = None,
            flag: Annotated[str, Inject("FLAG", optional=True)] = "off",
            retries: int = 3,
            label="x",
        ) -> None:
            self.values = (cache, flag, retries, label)

    assert build(Consumer).get(Consumer).values == (None, "off", 3, "x")


def test_keyword_only_parameters_are_passed_by_keyword() -> None:
    @Injectable
    class Consumer:
        def __init__(self, *, repo: Repository) -> None:
            self.repo = repo

    container = build(Repository, Consumer)
    assert isinstance(container.get(Consumer).repo, Repository)


def test_use_class_use_existing_and_factories() -> None:
    class Base:
        pass

    class Impl(Base):
        pass

    def make_url(port: int, name: str) -> str:
        return f"{name}:{port}"

    container = build(
        {"provide": Base, "use_class": Impl},
        {"provide": "ALIAS", "use_existing": Base},
        {"provide": PORT, "useValue": 5432},
        {"provide": "NAME", "useValue": "db"},
        {"provide": "URL", "useFactory": make_url, "inject": [PORT, "NAME"]},
    )
    assert type(container.get(Base)) is Impl
    assert container.get("ALIAS") is container.get(Base)
    assert container.get("URL") == "db:5432"


def test_transient_gives_a_new_instance_for_every_injection() -> None:
    @Injectable(scope=Scope.TRANSIENT)
    class Helper:
        pass

    @Injectable
    class A:
        def __init__(self, helper: Helper, again: Helper) -> None:
            self.helper, self.again = helper, again

    @Injectable
    class B:
        def __init__(self, helper: Helper) -> None:
            self.helper = helper

    container = build(Helper, A, B)
    a, b = container.get(A), container.get(B)
    assert len({id(a.helper), id(a.again), id(b.helper), id(container.get(Helper))}) == 4


async def test_async_factories_are_built_by_init_not_by_create() -> None:
    calls: list[str] = []

    async def connect(url: str) -> dict[str, str]:
        calls.append(url)
        return {"url": url}

    @Injectable
    class UsesConnection:
        def __init__(self, conn: Annotated[dict[str, str], Inject("CONN")]) -> None:
            self.conn = conn

    @Module(
        providers=[
            {"provide": "URL", "use_value": "pg://"},
            {"provide": "CONN", "use_factory": connect, "inject": ["URL"]},
            UsesConnection,
        ]
    )
    class Root:
        pass

    container = Container.create(Root)
    container.instantiate_sync()
    assert calls == []
    with pytest.raises(NotBuiltError, match=r"await app\.init"):
        container.get(UsesConnection)
    context = ApplicationContext(container)
    await context.init()
    assert context.get(UsesConnection).conn == {"url": "pg://"}
    assert calls == ["pg://"]
    await context.close()


async def test_generator_factories_tear_down_at_close_in_reverse_order() -> None:
    events: list[str] = []

    def sync_resource() -> Iterator[str]:
        events.append("open sync")
        yield "sync"
        events.append("close sync")

    async def async_resource(sync: str) -> AsyncIterator[str]:
        events.append(f"open async after {sync}")
        yield "async"
        events.append("close async")

    @Module(
        providers=[
            {"provide": "SYNC", "use_factory": sync_resource},
            {"provide": "ASYNC", "use_factory": async_resource, "inject": ["SYNC"]},
        ]
    )
    class Root:
        pass

    async with ApplicationContext(Container.create(Root)) as context:
        context.container.instantiate_sync()
        assert await context.resolve("ASYNC") == "async"
    assert events == ["open sync", "open async after sync", "close async", "close sync"]


def test_get_unknown_token_names_it() -> None:
    with pytest.raises(ProviderNotFoundError, match="No provider of 'MISSING'"):
        build().get("MISSING")


def test_request_scoped_provider_outside_a_request_is_a_clear_error() -> None:
    @Injectable(scope=Scope.REQUEST)
    class PerRequest:
        pass

    with pytest.raises(NotBuiltError, match="REQUEST-scoped and there is no active request"):
        build(PerRequest).get(PerRequest)


def test_one_instance_under_two_tokens_via_use_existing_is_the_same_object() -> None:
    container = build(Repository, {"provide": "REPO", "use_existing": Repository})
    assert container.get("REPO") is container.get(Repository)
