"""Throw-away databases on the PostgreSQL and MariaDB test servers, and env for projects.

A backend's server is named by NEST_TEST_POSTGRES_URL / NEST_TEST_MYSQL_URL; a test that
needs it skips when the variable is unset, or fails when NEST_TEST_REQUIRE_ALL_BACKENDS=1.
Each test gets a database of its own (``nest_cli_<random>``), dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, make_url

ENV_VARS = {"postgresql": "NEST_TEST_POSTGRES_URL", "mysql": "NEST_TEST_MYSQL_URL"}
SYNC_DRIVERS = {"postgresql": "psycopg", "mysql": "pymysql", "sqlite": "pysqlite"}


@dataclass(frozen=True)
class ScratchDatabase:
    """A database a generated project can use.

    Attributes:
        db_type: ``postgresql``, ``mysql`` or ``sqlite``.
        env: Environment variables for the project's ``src/config.py``.
        sync_url: URL to inspect the database from the test.
    """

    db_type: str
    env: dict[str, str]
    sync_url: URL

    def columns(self, table: str) -> set[str]:
        """The column names of ``table`` (empty when it does not exist)."""
        engine = create_engine(self.sync_url)
        try:
            inspector = inspect(engine)
            if not inspector.has_table(table):
                return set()
            return {column["name"] for column in inspector.get_columns(table)}
        finally:
            engine.dispose()


def server_url(db_type: str) -> URL:
    """The admin URL of a backend's server, or skip (fail when all backends are required)."""
    variable = ENV_VARS[db_type]
    value = os.environ.get(variable)
    if not value:
        reason = f"{variable} is not set"
        if os.environ.get("NEST_TEST_REQUIRE_ALL_BACKENDS") == "1":
            pytest.fail(f"{reason} and NEST_TEST_REQUIRE_ALL_BACKENDS=1")
        pytest.skip(reason)
    url = make_url(value)
    return url.set(drivername=f"{url.get_backend_name()}+{SYNC_DRIVERS[db_type]}")


@contextmanager
def scratch_database(db_type: str, folder: Path) -> Iterator[ScratchDatabase]:
    """Create a private database for one test and drop it at the end."""
    if db_type == "sqlite":
        path = folder / "cli_test"
        yield ScratchDatabase(
            "sqlite", {"SQLITE_DB_NAME": str(path)}, URL.create("sqlite", database=f"{path}.db")
        )
        return
    admin_url = server_url(db_type)
    name = f"nest_cli_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    quote = '"' if db_type == "postgresql" else "`"
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {quote}{name}{quote}"))
    prefix = "POSTGRESQL" if db_type == "postgresql" else "MYSQL"
    env = {
        f"{prefix}_HOST": admin_url.host or "127.0.0.1",
        f"{prefix}_PORT": str(admin_url.port or (5432 if db_type == "postgresql" else 3306)),
        f"{prefix}_DB_NAME": name,
        f"{prefix}_USER": admin_url.username or "",
        f"{prefix}_PASSWORD": admin_url.password or "",
    }
    try:
        yield ScratchDatabase(db_type, env, admin_url.set(database=name))
    finally:
        with admin.connect() as connection:
            if db_type == "postgresql":
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )
            connection.execute(text(f"DROP DATABASE IF EXISTS {quote}{name}{quote}"))
        admin.dispose()
