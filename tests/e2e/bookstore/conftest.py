"""The book store on each backend, in each variant, served in-process.

Backends come from ``tests/db/conftest.py``: SQLite always, PostgreSQL and MariaDB
from NEST_TEST_POSTGRES_URL / NEST_TEST_MYSQL_URL (skipped with a one-line reason
when unset, failed with NEST_TEST_REQUIRE_ALL_BACKENDS=1). On a server each test
gets a schema of its own (a database on MySQL), dropped afterwards, so concurrent
suites never share the book store's tables.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from examples.bookstore.app import Variant, create_app
from examples.bookstore.settings import BookstoreSettings
from nest.testing import create_test_client
from tests.db.conftest import BACKENDS, server_url

VARIANTS = [pytest.param("async", id="async"), pytest.param("sync", id="sync")]


def drop_schema(database_url: str, schema: str) -> None:
    """Drop a test's schema (PostgreSQL) or database (MySQL) and everything in it."""
    settings = BookstoreSettings(database_url=database_url)
    engine = create_engine(settings.url.set(drivername=_sync_driver(settings.url.drivername)))
    try:
        with engine.begin() as connection:
            quoted = connection.dialect.identifier_preparer.quote_identifier(schema)
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"DROP SCHEMA IF EXISTS {quoted} CASCADE"))
            else:
                connection.execute(text(f"DROP DATABASE IF EXISTS {quoted}"))
    finally:
        engine.dispose()


def _sync_driver(backend: str) -> str:
    return {"postgresql": "postgresql+psycopg", "mysql": "mysql+pymysql"}[backend]


@pytest.fixture(params=BACKENDS)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BookstoreSettings]:
    """Book store settings on each backend: seeded, with a tiny extensive query."""
    db_type: str = request.param
    common: dict[str, Any] = {"extensive_query_seconds": 0.01, "pool_size": 5, "max_overflow": 5}
    if db_type == "sqlite":
        yield BookstoreSettings(database_url=f"sqlite:///{tmp_path / 'bookstore.db'}", **common)
        return
    url = server_url(db_type).render_as_string(hide_password=False)
    schema = f"bookstore_{uuid.uuid4().hex[:10]}"
    try:
        yield BookstoreSettings(database_url=url, schema=schema, **common)
    finally:
        drop_schema(url, schema)


@pytest.fixture(params=VARIANTS)
def variant(request: pytest.FixtureRequest) -> Variant:
    """``async`` and ``sync`` in turn."""
    value: Variant = request.param
    return value


@pytest.fixture
async def client(settings: BookstoreSettings, variant: Variant) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on a started book store (its lifespan created and seeded the tables)."""
    async with create_test_client(create_app(settings, variant=variant)) as http:
        yield http
