"""@Transactional and provider.transaction(): REQUIRED, REQUIRES_NEW and NESTED."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from sqlalchemy import func, select

from nest.orm import (
    AsyncOrmProvider,
    NoActiveSessionError,
    Propagation,
    Repository,
    Transactional,
    UnknownConnectionError,
)

from .conftest import Backend
from .models import Library, define_library


async def names(lib: Library) -> set[str]:
    async with lib.orm.get_session() as session:
        return set((await session.execute(select(lib.Author.name))).scalars())


class Authors:
    """A service whose methods use different propagations (found via its repository)."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self.repo = Repository(lib.Author, lib.orm)
        self.sessions: list[Any] = []

    @Transactional()
    async def add(self, name: str, *, fail: bool = False) -> None:
        self.sessions.append(self.lib.orm.current_session())
        await self.repo.add(self.lib.Author(name=name))
        if fail:
            raise ValueError(name)

    @Transactional(Propagation.REQUIRES_NEW)
    async def add_independently(self, name: str, *, fail: bool = False) -> None:
        await self.add(name, fail=fail)

    @Transactional(Propagation.NESTED)
    async def add_in_savepoint(self, name: str, *, fail: bool = False) -> None:
        await self.add(name, fail=fail)

    @Transactional
    async def outer(self, *steps: tuple[str, str, bool], fail: bool = False) -> None:
        for how, name, step_fails in steps:
            with contextlib.suppress(ValueError):
                await getattr(self, how)(name, fail=step_fails)
        if fail:
            raise RuntimeError("outer failed")


async def test_required_commits_at_the_outermost_call(library: Library) -> None:
    service = Authors(library)
    await service.outer(("add", "a", False), ("add", "b", False))
    assert await names(library) == {"a", "b"}
    assert len({id(s) for s in service.sessions}) == 1  # the inner calls joined
    assert library.orm.pool.checkedout() == 0


async def test_required_rolls_back_everything_when_the_outer_call_fails(library: Library) -> None:
    service = Authors(library)
    with pytest.raises(RuntimeError):
        await service.outer(("add", "a", False), fail=True)
    assert await names(library) == set()


async def test_requires_new_commits_independently_of_the_caller(library: Library) -> None:
    service = Authors(library)
    with pytest.raises(RuntimeError):
        # The independent write comes first: SQLite lets one transaction write at a time.
        await service.outer(("add_independently", "audit", False), ("add", "a", False), fail=True)
    assert await names(library) == {"audit"}
    assert len({id(s) for s in service.sessions}) == 2


async def test_requires_new_failure_leaves_the_caller_intact(library: Library) -> None:
    service = Authors(library)
    await service.outer(("add_independently", "bad", True), ("add", "a", False))
    assert await names(library) == {"a"}


async def test_nested_failure_undoes_only_its_savepoint(library: Library) -> None:
    service = Authors(library)
    await service.outer(
        ("add", "before", False),
        ("add_in_savepoint", "undone", True),
        ("add_in_savepoint", "kept", False),
        ("add", "after", False),
    )
    assert await names(library) == {"before", "kept", "after"}


async def test_nested_without_a_transaction_behaves_as_required(library: Library) -> None:
    service = Authors(library)
    await service.add_in_savepoint("alone")
    with pytest.raises(ValueError):
        await service.add_in_savepoint("failed", fail=True)
    assert await names(library) == {"alone"}


async def test_transaction_context_manager_and_current_session(library: Library) -> None:
    orm = library.orm
    with pytest.raises(NoActiveSessionError, match="outside an HTTP request"):
        orm.current_session()
    async with orm.transaction() as session:
        assert orm.current_session() is session
        session.add(library.Author(name="cm"))
        async with orm.transaction(Propagation.NESTED) as inner:
            assert inner is session
    assert await names(library) == {"cm"}


async def test_repository_outside_a_transaction_commits_by_itself(library: Library) -> None:
    repo = Repository(library.Author, library.orm)
    await repo.add(library.Author(name="solo"))
    assert await names(library) == {"solo"}


async def test_connection_is_found_by_provider_argument(library: Library) -> None:
    orm = library.orm

    @Transactional(connection=orm)
    async def add(name: str) -> None:
        orm.current_session().add(library.Author(name=name))

    await add("plain-function")
    assert await names(library) == {"plain-function"}


async def test_unknown_connection_names_the_fixes(library: Library) -> None:
    class NoDatabase:
        @Transactional(connection="reports")
        async def run(self) -> None: ...

    with pytest.raises(UnknownConnectionError, match=r"'reports'.*inject the provider"):
        await NoDatabase().run()


async def test_two_connections_are_independent(backend: Backend) -> None:
    first = backend.provider(name="default")
    second = backend.provider(name="other")
    lib_a = define_library(first, backend.prefix + "a")
    lib_b = define_library(second, backend.prefix + "b")
    await first.create_all()
    await second.create_all()
    try:
        async with first.transaction() as a, second.transaction() as b:
            assert a is not b
            assert first.current_session() is a
            assert second.current_session() is b
            a.add(lib_a.Author(name="x"))
            b.add(lib_b.Author(name="y"))
        async with second.get_session() as session:
            count = select(func.count()).select_from(lib_b.Author)
            assert (await session.execute(count)).scalar() == 1
    finally:
        await first.drop_all()
        await second.drop_all()
        await first.dispose()
        await second.dispose()


def test_sync_transactional(backend: Backend) -> None:
    orm = backend.sync_provider()
    lib = define_library(orm, backend.prefix)  # type: ignore[arg-type]
    orm.create_all()

    class Service:
        def __init__(self) -> None:
            self.orm = orm

        @Transactional
        def add(self, name: str, *, fail: bool = False) -> None:
            self.orm.current_session().add(lib.Author(name=name))
            self.orm.current_session().flush()
            if fail:
                raise ValueError(name)

        @Transactional(Propagation.NESTED)
        def nested(self, name: str) -> None:
            self.add(name, fail=True)

        @Transactional
        def outer(self) -> None:
            self.add("kept")
            with pytest.raises(ValueError):
                self.nested("undone")

    try:
        Service().outer()
        with pytest.raises(ValueError):
            Service().add("failed", fail=True)
        with orm.get_session() as session:
            assert set(session.execute(select(lib.Author.name)).scalars()) == {"kept"}
    finally:
        orm.drop_all()
        orm.dispose()


async def test_async_provider_is_refused_by_a_sync_method(orm: AsyncOrmProvider) -> None:
    @Transactional(connection=orm)
    def blocking() -> None: ...

    with pytest.raises(UnknownConnectionError, match="async def"):
        blocking()
