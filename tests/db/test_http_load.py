"""Concurrency, conflicts, pool exhaustion and shutdown through the HTTP application."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from nest.orm import AsyncOrmProvider
from nest.testing import create_test_client

from .apps import build_app
from .conftest import Backend
from .models import Library, define_library


async def count(lib: Library) -> int:
    async with lib.orm.get_session() as session:
        return int((await session.execute(select(func.count()).select_from(lib.Author))).scalar())


async def test_200_concurrent_inserts_are_all_kept(library: Library) -> None:
    app = build_app(library)
    async with create_test_client(app) as client:
        responses = await asyncio.gather(
            *(client.post("/authors/", json={"name": f"n{i}"}) for i in range(200))
        )
        assert Counter(r.status_code for r in responses) == {201: 200}
        assert library.orm.pool.checkedout() == 0
    assert await count(library) == 200


async def test_200_concurrent_inserts_of_one_unique_value(
    library: Library, caplog: pytest.LogCaptureFixture
) -> None:
    app = build_app(library)
    with caplog.at_level(logging.INFO, logger="nest.orm"):
        async with create_test_client(app) as client:
            responses = await asyncio.gather(
                *(client.post("/authors/", json={"name": "same"}) for _ in range(200))
            )
    assert Counter(r.status_code for r in responses) == {201: 1, 409: 199}
    conflict = next(r for r in responses if r.status_code == 409)
    table = library.Author.__table__.name
    assert conflict.json() == {"detail": "The request conflicts with existing data."}
    for text in (r.text for r in responses if r.status_code == 409):
        assert table not in text and "INSERT" not in text and "same" not in text
    records = [r for r in caplog.records if r.name == "nest.orm"]
    assert records and all(r.levelno >= logging.WARNING for r in records)
    assert any(table in r.getMessage() for r in records)  # the detail is in the server log
    assert await count(library) == 1
    assert library.orm.pool.checkedout() == 0


async def test_a_conflict_found_at_commit_answers_409(library: Library) -> None:
    app = build_app(library)
    async with create_test_client(app) as client:
        first = await client.post("/authors/unflushed", json={"name": "twice"})
        second = await client.post("/authors/unflushed", json={"name": "twice"})
    assert (first.status_code, second.status_code) == (201, 409)
    assert second.json() == {"detail": "The request conflicts with existing data."}
    assert await count(library) == 1


async def test_pool_exhaustion_answers_503_within_the_timeout(backend: Backend) -> None:
    orm = backend.provider(pool_size=1, max_overflow=0, pool_timeout=0.5)
    lib = define_library(orm, backend.prefix)
    await orm.create_all()
    try:
        app = build_app(lib, hold_seconds=1.5)
        async with create_test_client(app) as client:
            holder = asyncio.create_task(client.get("/authors/hold"))
            await asyncio.sleep(0.2)  # the holder has the only connection now
            started = time.monotonic()
            starved = await client.get("/authors/")
            waited = time.monotonic() - started
            assert (await holder).status_code == 200
        assert starved.status_code == 503
        assert starved.headers["retry-after"] == "1"
        assert starved.json() == {"detail": "The database is unavailable; try again later."}
        assert 0.4 < waited < 1.4
    finally:
        await orm.drop_all()
        await orm.dispose()


async def test_engine_is_disposed_at_shutdown(library: Library) -> None:
    app = build_app(library)
    async with create_test_client(app) as client:
        assert (await client.post("/authors/", json={"name": "x"})).status_code == 201
        assert library.orm.pool.checkedin() >= 1  # a pooled connection is open
    assert library.orm.pool.checkedin() == 0  # closed by on_application_shutdown
    assert library.orm.pool.checkedout() == 0


@pytest.mark.parametrize(
    "url", ["postgresql+asyncpg://u@127.0.0.1:1/db", "mysql+aiomysql://u@127.0.0.1:1/db"]
)
async def test_unreachable_database_answers_503(url: str, caplog: pytest.LogCaptureFixture) -> None:
    orm = AsyncOrmProvider(url=url)
    app = build_app(define_library(orm, "unreachable_"))
    async with create_test_client(app) as client:
        response = await client.get("/authors/")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert "unavailable" in response.json()["detail"]
    assert "127.0.0.1" not in response.text
    assert any(r.levelno == logging.ERROR and r.name == "nest.orm" for r in caplog.records)
