"""nest's pool defaults and its idle-only pre-ping (SQLite files; no server needed)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.pool import NullPool, QueuePool

from nest.orm import AsyncOrmProvider, OrmProvider
from nest.orm._pool import POOL_DEFAULTS

AnyProvider = type[AsyncOrmProvider] | type[OrmProvider]


@pytest.mark.parametrize("kind", [AsyncOrmProvider, OrmProvider])
def test_the_defaults_are_pinned(kind: AnyProvider) -> None:
    orm = kind(url="postgresql://u@h/d")
    pool: Any = orm.pool
    assert isinstance(pool, QueuePool)
    assert (pool.size(), pool._max_overflow, pool._timeout, pool._recycle) == (20, 0, 10.0, 1800)
    assert (
        POOL_DEFAULTS.pool_size,
        POOL_DEFAULTS.max_overflow,
        POOL_DEFAULTS.pool_timeout,
        POOL_DEFAULTS.pool_recycle,
        POOL_DEFAULTS.pool_pre_ping,
        POOL_DEFAULTS.pool_pre_ping_idle,
    ) == (20, 0, 10.0, 1800, True, 10.0)
    # Pre-ping is nest's idle-only test, not SQLAlchemy's test of every checkout.
    assert pool._pre_ping is False
    assert len(pool.dispatch.checkout) == 1


@pytest.mark.parametrize("kind", [AsyncOrmProvider, OrmProvider])
def test_given_settings_win_over_the_defaults(kind: AnyProvider) -> None:
    orm = kind(
        url="postgresql://u@h/d",
        pool_size=4,
        max_overflow=6,
        pool_timeout=1.5,
        pool_recycle=-1,
        pool_pre_ping=False,
    )
    pool: Any = orm.pool
    assert (pool.size(), pool._max_overflow, pool._timeout, pool._recycle) == (4, 6, 1.5, -1)
    assert pool._pre_ping is False
    assert len(pool.dispatch.checkout) == 0


def test_another_pool_class_gets_no_queue_settings() -> None:
    orm = AsyncOrmProvider(url="postgresql://u@h/d", poolclass=NullPool)
    assert isinstance(orm.pool, NullPool)


def test_an_in_memory_database_keeps_its_single_connection() -> None:
    orm = OrmProvider(db_type="sqlite", config_params={"db_name": ":memory:"})
    assert type(orm.pool).__name__ == "StaticPool"
    assert len(orm.pool.dispatch.checkout) == 0


def _traced(orm: OrmProvider) -> list[str]:
    statements: list[str] = []

    @event.listens_for(orm.engine, "connect")
    def _trace(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.set_trace_callback(statements.append)

    return statements


def test_only_a_connection_idle_for_the_threshold_is_pinged(tmp_path: Path) -> None:
    orm = OrmProvider(url=f"sqlite:///{tmp_path / 'db.db'}", pool_pre_ping_idle=0.2)
    statements = _traced(orm)
    try:
        for _ in range(3):  # back to back: the connection was in use a moment ago
            with orm.engine.connect() as connection:
                connection.execute(text("SELECT 2"))
        assert "SELECT 1" not in statements
        time.sleep(0.3)
        with orm.engine.connect() as connection:
            connection.execute(text("SELECT 2"))
        assert statements.count("SELECT 1") == 1  # the ping, before the query
        assert statements.index("SELECT 1") < len(statements) - 1
    finally:
        orm.dispose()


def test_a_zero_threshold_pings_every_checkout(tmp_path: Path) -> None:
    orm = OrmProvider(url=f"sqlite:///{tmp_path / 'db.db'}", pool_pre_ping_idle=0)
    statements = _traced(orm)
    try:
        for _ in range(3):
            with orm.engine.connect() as connection:
                connection.execute(text("SELECT 2"))
        assert statements.count("SELECT 1") == 2  # not the first checkout of a new connection
    finally:
        orm.dispose()
