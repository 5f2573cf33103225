"""OrmModule: named connections, async configuration, injection, and use outside HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from nest.di import Module
from nest.di import request_scope as di_request_scope
from nest.http import PyNestFactory
from nest.orm import AsyncOrmProvider, OrmModule, connection_token
from nest.testing import Test, create_test_client

from .apps_more import (
    build_script_context,
    build_session_injection_modules,
    build_two_database_app,
    build_unreachable_module,
)
from .conftest import Backend
from .models import Library, define_library


async def names(lib: Library) -> set[str]:
    async with lib.orm.get_session() as session:
        return set((await session.execute(select(lib.Author.name))).scalars())


@pytest.fixture
async def reports(backend: Backend) -> AsyncIterator[Library]:
    if backend.db_type == "sqlite":  # a second file: SQLite has one writer per database
        orm = AsyncOrmProvider(url=backend.url.set(database=f"{backend.url.database}.reports"))
    else:
        orm = backend.provider()
    lib = define_library(orm, backend.prefix + "r")
    await orm.create_all()
    yield lib
    await orm.drop_all()
    await orm.dispose()


async def test_each_connection_keeps_its_own_commit_mode(
    library: Library, reports: Library
) -> None:
    app = build_two_database_app(library, reports)
    async with create_test_client(app) as client:
        response = await client.post("/x/both/ada")
    assert response.status_code == 201, response.text
    assert reports.orm.name == "reports"
    assert await names(library) == {"ada"}  # autocommit
    assert await names(reports) == set()  # manual: nothing committed it


async def test_a_raising_handler_rolls_back_even_when_answered_2xx(
    library: Library, reports: Library
) -> None:
    app = build_two_database_app(library, reports)
    async with create_test_client(app) as client:
        response = await client.post("/x/audit-then-fail/bob")
    assert (response.status_code, response.json()) == (200, {"swallowed": True})
    # The request's own write is rolled back; the REQUIRES_NEW audit had committed.
    assert await names(library) == {"audit-bob"}


async def test_lazy_session_injection_is_the_request_session(
    library: Library, reports: Library
) -> None:
    app = build_two_database_app(library, reports)
    async with create_test_client(app) as client:
        response = await client.get("/x/same-session")
    assert response.json() == {"lazy": True, "count": True}


async def test_transactional_in_a_standalone_context(library: Library) -> None:
    worker_module, importer_cls = build_script_context(library)
    async with PyNestFactory.create_application_context(worker_module) as ctx:
        importer = ctx.get(importer_cls)
        await importer.import_names("x", "y")
        with pytest.raises(ValueError):
            await importer.import_names("z", fail=True)
        assert ctx.get(AsyncOrmProvider) is library.orm
    assert library.orm.pool.checkedin() == 0  # disposed when the context closed
    assert await names(library) == {"x", "y"}


async def test_for_root_builds_the_provider_on_an_existing_base(backend: Backend) -> None:
    class Base(DeclarativeBase):
        pass

    class Note(Base):
        __tablename__ = f"{backend.prefix}notes"
        id: Mapped[int] = mapped_column(primary_key=True)

    @Module(imports=[OrmModule.for_root(url=backend.url, base=Base, pool_size=2)])
    class NotesModule:
        pass

    app = PyNestFactory.create(NotesModule)
    async with create_test_client(app):
        orm = app.get(AsyncOrmProvider)
        assert orm.Base is Base and orm.pool.size() == 2
        await orm.create_all()
        async with orm.transaction() as session:
            session.add(Note(id=1))
        async with orm.get_session() as session:
            assert (await session.get(Note, 1)) is not None
        await orm.drop_all()
    assert orm.pool.checkedin() == 0


async def test_one_module_serves_two_applications_apart(backend: Backend) -> None:
    @Module(imports=[OrmModule.for_root(url=backend.url, commit_mode="autocommit")])
    class Shared:
        pass

    first, second = PyNestFactory.create(Shared), PyNestFactory.create(Shared)
    async with create_test_client(first), create_test_client(second):
        assert first.get(AsyncOrmProvider) is not second.get(AsyncOrmProvider)
    assert first.get(AsyncOrmProvider).pool.checkedin() == 0


async def test_overriding_the_connection_in_a_test(library: Library) -> None:
    production = build_unreachable_module(library)
    module = (
        Test.create_testing_module(imports=[production])
        .override_provider(connection_token())
        .use_value(library.orm)
        .compile()
    )
    async with create_test_client(module.create_nest_application()) as client:
        assert (await client.post("/o/overridden")).status_code == 201
    assert await names(library) == {"overridden"}  # committed by the request, on the override


async def test_async_session_injection_follows_the_current_transaction(library: Library) -> None:
    reader_cls, reader_module, eager_module = build_session_injection_modules(library)
    async with (
        PyNestFactory.create_application_context(reader_module) as ctx,
        library.orm.transaction() as session,
        di_request_scope(),
    ):
        assert (await ctx.resolve(reader_cls)).session is session
    with pytest.raises(Exception, match=r"inject Lazy\[AsyncSession\]"):
        async with PyNestFactory.create_application_context(eager_module):
            pass
