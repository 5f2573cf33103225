"""Backends for the database tests: SQLite always, PostgreSQL and MariaDB when configured.

A server backend is named by NEST_TEST_POSTGRES_URL / NEST_TEST_MYSQL_URL. Unset, its
tests skip with a one-line reason naming the variable; with
NEST_TEST_REQUIRE_ALL_BACKENDS=1 (as in ``.ci/run``) they fail instead. Every test
works on tables with a name of its own and drops them afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import URL, make_url

from nest.orm import AsyncOrmProvider, OrmProvider

from .models import Library, define_library

ENV_VARS = {"postgresql": "NEST_TEST_POSTGRES_URL", "mysql": "NEST_TEST_MYSQL_URL"}
POSTGRESQL = pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)
MYSQL = pytest.param("mysql", id="mysql", marks=pytest.mark.mysql)
#: Every backend; the default of the ``backend`` fixture.
BACKENDS = [pytest.param("sqlite", id="sqlite"), POSTGRESQL, MYSQL]
#: For what SQLite does not have: ``@pytest.mark.parametrize("backend", SERVERS, indirect=True)``.
SERVERS = [POSTGRESQL, MYSQL]


def server_url(db_type: str) -> URL:
    """The URL of a server backend, or skip (fail when every backend is required)."""
    variable = ENV_VARS[db_type]
    value = os.environ.get(variable)
    if not value:
        reason = f"{variable} is not set"
        if os.environ.get("NEST_TEST_REQUIRE_ALL_BACKENDS") == "1":
            pytest.fail(f"{reason}, and NEST_TEST_REQUIRE_ALL_BACKENDS=1 requires every backend")
        pytest.skip(reason)
    return make_url(value)


@dataclass
class Backend:
    """One database to test against.

    Attributes:
        db_type: ``sqlite``, ``postgresql`` or ``mysql``.
        url: The server URL (async driver), or the SQLite file URL.
        prefix: A table-name prefix unique to the test.
    """

    db_type: str
    url: URL
    prefix: str

    def config_params(self) -> dict[str, Any]:
        """The URL as PyNest-style ``config_params``."""
        if self.db_type == "sqlite":
            return {"db_name": self.url.database}
        return {
            "host": self.url.host,
            "port": self.url.port,
            "user": self.url.username,
            "password": self.url.password,
            "db_name": self.url.database,
        }

    def provider(self, **options: Any) -> AsyncOrmProvider:
        """An async provider on this backend, built from ``db_type``/``config_params``."""
        return AsyncOrmProvider(db_type=self.db_type, config_params=self.config_params(), **options)

    def sync_provider(self, **options: Any) -> OrmProvider:
        """A sync provider on this backend."""
        return OrmProvider(db_type=self.db_type, config_params=self.config_params(), **options)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """Each backend in turn."""
    db_type: str = request.param
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    if db_type == "sqlite":
        return Backend(
            "sqlite", URL.create("sqlite+aiosqlite", database=str(tmp_path / "db.db")), prefix
        )
    return Backend(db_type, server_url(db_type), prefix)


@pytest.fixture
async def orm(backend: Backend) -> AsyncIterator[AsyncOrmProvider]:
    """An async provider on the backend, disposed of after the test."""
    provider = backend.provider(pool_size=5, max_overflow=5, pool_timeout=10)
    yield provider
    await provider.dispose()


@pytest.fixture
async def library(orm: AsyncOrmProvider, backend: Backend) -> AsyncIterator[Library]:
    """Author and Book tables on the backend, dropped after the test."""
    lib = define_library(orm, backend.prefix)
    await orm.create_all()
    yield lib
    await orm.drop_all()
