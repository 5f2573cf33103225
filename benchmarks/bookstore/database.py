"""The benchmark's database: a PostgreSQL schema of its own, emptied before every run."""

from __future__ import annotations

import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

__all__ = ["DEFAULT_URL", "bench_url", "drop_schema", "schema_name"]

#: The local test server, used when neither variable below is set.
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"


def bench_url() -> URL:
    """``NEST_BENCH_POSTGRES_URL``, else ``NEST_TEST_POSTGRES_URL``, else the local server."""
    raw = (
        os.environ.get("NEST_BENCH_POSTGRES_URL")
        or os.environ.get("NEST_TEST_POSTGRES_URL")
        or DEFAULT_URL
    )
    url = make_url(raw)
    if url.get_backend_name() != "postgresql":
        raise SystemExit(f"The book store benchmark runs on PostgreSQL, not {url.drivername}.")
    return url.set(drivername="postgresql")


def schema_name() -> str:
    """A schema name no other run or test suite uses."""
    return f"bench_bookstore_{os.getpid()}"


def drop_schema(url: URL, schema: str) -> None:
    """Drop ``schema`` and its tables (the next server start creates and seeds them)."""
    engine = create_engine(url.set(drivername="postgresql+psycopg"))
    try:
        with engine.begin() as connection:
            quoted = connection.dialect.identifier_preparer.quote_identifier(schema)
            connection.execute(text(f"DROP SCHEMA IF EXISTS {quoted} CASCADE"))
    finally:
        engine.dispose()
