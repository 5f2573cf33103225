"""Real database failures and the status each one maps to."""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy import text

from nest.orm import AsyncOrmProvider, classify_database_error

from .conftest import SERVERS, Backend
from .models import Library


async def failure_of(orm: AsyncOrmProvider, *statements: str) -> BaseException:
    async with orm.get_session() as session:
        try:
            for statement in statements:
                await session.execute(text(statement))
            await session.flush()
        except Exception as caught:
            return caught
    raise AssertionError("no error raised")


async def test_unique_violation_is_409(library: Library) -> None:
    table = library.Author.__table__.name
    error = await failure_of(
        library.orm,
        f"INSERT INTO {table} (name) VALUES ('x')",
        f"INSERT INTO {table} (name) VALUES ('x')",
    )
    assert classify_database_error(error).status_code == 409


async def test_foreign_key_violation_is_409(library: Library) -> None:
    table = library.Book.__table__.name
    error = await failure_of(
        library.orm, f"INSERT INTO {table} (title, pages, author_id) VALUES ('t', 1, 999)"
    )
    assert classify_database_error(error).status_code == 409


async def test_not_null_and_check_violations_are_422(library: Library) -> None:
    table = library.Book.__table__.name
    null_title = await failure_of(library.orm, f"INSERT INTO {table} (pages) VALUES (1)")
    assert classify_database_error(null_title).status_code == 422
    negative = await failure_of(library.orm, f"INSERT INTO {table} (title, pages) VALUES ('t', -1)")
    assert classify_database_error(negative).status_code == 422


# SQLite stores any value in any column: it has no such error to map.
@pytest.mark.parametrize("backend", SERVERS, indirect=True)
async def test_value_too_long_or_of_the_wrong_type_is_422(library: Library) -> None:
    table = library.Book.__table__.name
    too_long = await failure_of(
        library.orm, f"INSERT INTO {table} (title, pages) VALUES ('{'x' * 50}', 1)"
    )
    assert classify_database_error(too_long).status_code == 422
    wrong_type = await failure_of(
        library.orm, f"INSERT INTO {table} (title, pages) VALUES ('t', 'many')"
    )
    assert classify_database_error(wrong_type).status_code == 422


@pytest.mark.parametrize("backend", SERVERS, indirect=True)  # SQLite has no statement timeout
async def test_statement_timeout_is_503(backend: Backend, orm: AsyncOrmProvider) -> None:
    statements = {
        "postgresql": ("SET statement_timeout = 50", "SELECT pg_sleep(2)"),
        "mysql": ("SET SESSION max_statement_time = 0.05", "SELECT SLEEP(2)"),
    }
    error = await failure_of(orm, *statements[backend.db_type])
    assert classify_database_error(error).status_code == 503


async def test_pool_exhaustion_is_503_within_the_timeout(backend: Backend) -> None:
    orm = backend.provider(pool_size=1, max_overflow=0, pool_timeout=0.5)
    try:
        async with orm.engine.connect() as held:
            await held.execute(text("SELECT 1"))
            started = time.monotonic()
            with pytest.raises(Exception) as raised:
                async with orm.engine.connect():
                    pass
            waited = time.monotonic() - started
        assert classify_database_error(raised.value).status_code == 503
        assert 0.4 < waited < 2
    finally:
        await orm.dispose()


@pytest.mark.parametrize(
    "url", ["postgresql+asyncpg://u@127.0.0.1:1/db", "mysql+aiomysql://u@127.0.0.1:1/db"]
)
async def test_unreachable_server_is_503(url: str) -> None:
    orm = AsyncOrmProvider(url=url)
    try:
        with pytest.raises(Exception) as raised:
            await asyncio.wait_for(orm.engine.connect().__aenter__(), 10)
        assert classify_database_error(raised.value).status_code == 503
    finally:
        await orm.dispose()


async def test_error_text_hides_parameters(library: Library) -> None:
    async with library.orm.get_session() as session:
        session.add(library.Author(name="secret-value"))
        session.add(library.Author(name="secret-value"))
        with pytest.raises(Exception) as raised:
            await session.flush()
    # The statement's parameters are hidden (a server's own message may still quote a value,
    # which is why no database message ever reaches a response body).
    assert "[SQL parameters hidden due to hide_parameters=True]" in str(raised.value)


SLEEP = {"postgresql": "SELECT pg_sleep(2)", "mysql": "SELECT SLEEP(2)"}


@pytest.mark.parametrize("backend", SERVERS, indirect=True)
async def test_statement_timeout_option_cancels_long_statements(backend: Backend) -> None:
    orm = backend.provider(statement_timeout=0.2)
    try:
        started = time.monotonic()
        error = await failure_of(orm, SLEEP[backend.db_type])
        assert time.monotonic() - started < 1.5
        assert classify_database_error(error).status_code == 503
        async with orm.get_session() as session:  # the connection is usable afterwards
            assert (await session.execute(text("SELECT 1"))).scalar() == 1
    finally:
        await orm.dispose()


@pytest.mark.parametrize("backend", SERVERS, indirect=True)
def test_statement_timeout_option_on_the_sync_provider(backend: Backend) -> None:
    orm = backend.sync_provider(statement_timeout=0.2)
    try:
        with orm.get_session() as session, pytest.raises(Exception) as raised:
            session.execute(text(SLEEP[backend.db_type])).all()
        assert classify_database_error(raised.value).status_code == 503
    finally:
        orm.dispose()
