"""Database set-up shared by both variants: schema, tables, seed rows and the slow query.

:class:`DatabaseSetup` is a provider whose ``on_module_init`` hook prepares the
database when the application starts (in the server's lifespan, never at import):
it creates the schema if one is configured, the tables that are missing, and the
seed rows when the tables are empty.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

from anyio import to_thread
from sqlalchemy import Connection, Engine, TextClause, event, func, insert, select, text

from nest.di import Inject, Injectable
from nest.orm import BaseOrmProvider, connection_token

from .entities import Author, Base, Book
from .seed import SEED_AUTHORS, SEED_BOOKS
from .settings import BookstoreSettings

__all__ = [
    "CONNECTION",
    "DatabaseSetup",
    "install_sqlite_sleep",
    "prepare_database",
    "sleep_statement",
]

AnyProvider = BaseOrmProvider[Any, Any, Any]

#: The token of the default connection, async or sync. Spelled with its name:
#: ``connection_token()`` (no argument) returns a different, unregistered token.
CONNECTION = connection_token("default")

_SLEEP = {
    "postgresql": "SELECT pg_sleep(:seconds)",
    "mysql": "SELECT SLEEP(:seconds)",
    "sqlite": "SELECT bookstore_sleep(:seconds)",
}


def sleep_statement(dialect: str) -> TextClause:
    """A statement that keeps its connection busy in the database for ``:seconds``.

    PostgreSQL has ``pg_sleep``, MySQL and MariaDB ``SLEEP``; SQLite has neither, so
    :func:`install_sqlite_sleep` adds ``bookstore_sleep`` to each SQLite connection.
    """
    return text(_SLEEP[dialect])


def _sqlite_sleep(seconds: float) -> float:
    # Runs in the connection's own thread (sqlite3's, or aiosqlite's worker), which it
    # blocks as a server-side sleep blocks its connection.
    time.sleep(max(0.0, float(seconds)))
    return float(seconds)


def install_sqlite_sleep(engine: Engine) -> None:
    """Give every new SQLite connection ``bookstore_sleep(seconds)`` and WAL journaling.

    WAL lets writers commit while a sleeping query holds its read transaction open,
    as they can on PostgreSQL and MySQL.
    """
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.create_function("bookstore_sleep", 1, _sqlite_sleep)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def _create_schema(connection: Connection, schema: str) -> None:
    quoted = connection.dialect.identifier_preparer.quote_identifier(schema)
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {quoted}"))
    elif connection.dialect.name == "mysql":
        connection.execute(text(f"CREATE DATABASE IF NOT EXISTS {quoted}"))


def prepare_database(connection: Connection, *, schema: str | None, seed: bool) -> None:
    """Create the schema and missing tables, and seed empty tables (in one transaction)."""
    if schema:
        _create_schema(connection, schema)
    Base.metadata.create_all(connection)
    if seed and not connection.execute(select(func.count()).select_from(Author)).scalar():
        connection.execute(insert(Author), [{"name": name} for name in SEED_AUTHORS])
        ids = {name: id_ for name, id_ in connection.execute(select(Author.name, Author.id))}
        rows = [
            {**{k: v for k, v in book.items() if k != "author"}, "author_id": ids[book["author"]]}
            for book in SEED_BOOKS
        ]
        connection.execute(insert(Book), rows)


@Injectable
class DatabaseSetup:
    """Prepares the database when the application starts (both variants)."""

    def __init__(
        self,
        provider: Annotated[AnyProvider, Inject(CONNECTION)],
        settings: BookstoreSettings,
    ) -> None:
        self.provider = provider
        self.settings = settings

    async def on_module_init(self) -> None:
        """Lifecycle hook: install the SQLite helpers, then create and seed the tables."""
        provider = self.provider
        engine: Engine = provider.engine.sync_engine if provider.is_async else provider.engine
        install_sqlite_sleep(engine)
        options = {"schema": self.settings.schema, "seed": self.settings.seed}
        if provider.is_async:
            async with provider.engine.begin() as connection:
                await connection.run_sync(lambda c: prepare_database(c, **options))
        else:
            await to_thread.run_sync(self._prepare_blocking, engine)

    def _prepare_blocking(self, engine: Engine) -> None:
        with engine.begin() as connection:
            prepare_database(connection, schema=self.settings.schema, seed=self.settings.seed)
