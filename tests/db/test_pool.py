"""nest's default pool on real databases: its size under concurrency, and its pre-ping."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from nest.orm import AsyncOrmProvider

from .conftest import SERVERS, Backend

HOLD = 1.0  # seconds each simulated request keeps its connection
CONCURRENT = 20  # a moderate load: twenty requests using the database at once

_BACKEND_ID = {"postgresql": "SELECT pg_backend_pid()", "mysql": "SELECT CONNECTION_ID()"}


async def _hold_connections(orm: AsyncOrmProvider, holders: int) -> tuple[float, int]:
    """``holders`` tasks each hold a connection for ``HOLD`` s; elapsed seconds and peak."""
    peak = 0

    async def request() -> None:
        nonlocal peak
        async with orm.transaction() as session:
            await session.execute(text("SELECT 1"))
            peak = max(peak, orm.pool.checkedout())  # type: ignore[attr-defined]
            await asyncio.sleep(HOLD)

    started = time.perf_counter()
    await asyncio.gather(*(request() for _ in range(holders)))
    return time.perf_counter() - started, peak


async def test_the_default_pool_does_not_cap_a_moderate_load(backend: Backend) -> None:
    orm = backend.provider()  # nest's defaults
    try:
        elapsed, peak = await _hold_connections(orm, CONCURRENT)
    finally:
        await orm.dispose()
    assert peak == CONCURRENT
    assert elapsed < 1.8 * HOLD  # one wave: nobody waited for a connection


async def test_sqlalchemys_default_pool_would_make_the_same_load_queue(backend: Backend) -> None:
    orm = backend.provider(pool_size=5, max_overflow=10)  # SQLAlchemy's own defaults
    try:
        elapsed, peak = await _hold_connections(orm, CONCURRENT)
    finally:
        await orm.dispose()
    assert peak == 15
    assert elapsed >= 2 * HOLD  # five requests waited for a connection to come back


def test_the_sync_default_pool_does_not_cap_a_moderate_load(backend: Backend) -> None:
    orm = backend.sync_provider()
    peaks: list[int] = []

    def request(_: int) -> None:
        with orm.transaction() as session:
            session.execute(text("SELECT 1"))
            peaks.append(orm.pool.checkedout())  # type: ignore[attr-defined]
            time.sleep(HOLD)

    started = time.perf_counter()
    try:
        with ThreadPoolExecutor(CONCURRENT) as threads:
            list(threads.map(request, range(CONCURRENT)))
    finally:
        orm.dispose()
    assert max(peaks) == CONCURRENT
    assert time.perf_counter() - started < 1.8 * HOLD


async def _backend_id(orm: AsyncOrmProvider, dialect: str) -> int:
    async with orm.transaction() as session:
        return int((await session.execute(text(_BACKEND_ID[dialect]))).scalar_one())


async def _kill(backend: Backend, victim: int) -> None:
    killer = backend.provider(pool_pre_ping=False)
    try:
        async with killer.engine.connect() as connection:
            if backend.db_type == "postgresql":
                await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": victim})
            else:
                await connection.execute(text(f"KILL {int(victim)}"))
    finally:
        await killer.dispose()
    await asyncio.sleep(0.2)  # the server closes the socket


@pytest.mark.parametrize("backend", SERVERS, indirect=True)
async def test_a_connection_dropped_while_idle_is_replaced_before_use(backend: Backend) -> None:
    orm = backend.provider(pool_size=1, pool_pre_ping_idle=0.3)
    try:
        first = await _backend_id(orm, backend.db_type)
        await _kill(backend, first)
        await asyncio.sleep(0.3)  # idle for the threshold: the next checkout tests it
        second = await _backend_id(orm, backend.db_type)  # no error reaches the caller
    finally:
        await orm.dispose()
    assert second != first


@pytest.mark.parametrize("backend", SERVERS, indirect=True)
async def test_a_connection_dropped_while_busy_fails_once_then_the_pool_recovers(
    backend: Backend,
) -> None:
    orm = backend.provider(pool_size=1)  # in use a moment ago: not tested (10 s threshold)
    failures: list[Any] = []
    try:
        first = await _backend_id(orm, backend.db_type)
        await _kill(backend, first)
        with pytest.raises(DBAPIError) as raised:
            await _backend_id(orm, backend.db_type)
        failures.append(raised.value)
        second = await _backend_id(orm, backend.db_type)
    finally:
        await orm.dispose()
    assert failures[0].connection_invalidated is True
    assert second != first


@pytest.mark.parametrize("backend", SERVERS, indirect=True)
def test_sync_provider_replaces_a_connection_dropped_while_idle(backend: Backend) -> None:
    orm = backend.sync_provider(pool_size=1, pool_pre_ping_idle=0.3)
    try:
        with orm.transaction() as session:
            first = int(session.execute(text(_BACKEND_ID[backend.db_type])).scalar_one())
        asyncio.run(_kill(backend, first))
        time.sleep(0.3)
        with orm.transaction() as session:
            second = int(session.execute(text(_BACKEND_ID[backend.db_type])).scalar_one())
    finally:
        orm.dispose()
    assert second != first
