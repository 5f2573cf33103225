"""The asyncio ORM provider (asyncpg, aiomysql, aiosqlite)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, ClassVar

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine

from nest.orm.context import Propagation, bind_transaction
from nest.orm.provider import BaseOrmProvider

__all__ = ["AsyncOrmProvider"]

logger = logging.getLogger("nest.orm")


class AsyncOrmProvider(
    BaseOrmProvider[AsyncEngine, AsyncSession, async_sessionmaker[AsyncSession]]
):
    """An asyncio database connection: engine, sessions, transactions and ``Base``.

    Example:
        ```python
        config = AsyncOrmProvider(
            db_type="postgresql",
            config_params=dict(host="localhost", db_name="app", user="app", password="s3cr3t!"),
        )
        config = AsyncOrmProvider(url="postgresql+asyncpg://app@localhost/app")
        config = AsyncOrmProvider()  # reads DATABASE_URL


        class Book(config.Base):
            __tablename__ = "books"
            ...
        ```

    Args:
        db_type: ``"postgresql"``, ``"mysql"`` (also MariaDB) or ``"sqlite"``.
        config_params: ``host``, ``db_name``, ``user``, ``password``, ``port``. For
            SQLite, ``db_name="x"`` is the file ``x.db`` and ``":memory:"`` a private
            in-memory database shared by all sessions.
        url: A full URL instead of ``db_type``/``config_params``; without a driver
            (``postgresql://``) nest's async driver is used.
        name: Connection name, for applications with more than one database.
        echo: Log every statement at INFO on ``sqlalchemy.engine`` (off by default).
        pool_size: Connections kept open once opened (default 20; opened on demand).
            Per worker process: keep ``workers x (pool_size + max_overflow)`` below the
            database's ``max_connections`` (PostgreSQL: 100); the database guide's
            "Connection pool" section gives the reasons behind each default.
        max_overflow: Extra connections opened beyond ``pool_size`` under load and
            closed again (default 0).
        pool_timeout: Seconds to wait for a free connection before failing with 503
            (default 10).
        pool_recycle: Replace connections older than this many seconds (default 1800).
        pool_pre_ping: Test a connection before handing it out if it sat idle in the
            pool, and replace it if the database dropped it (on by default).
        pool_pre_ping_idle: Seconds a connection must have been idle to be tested
            (default 10); ``0`` tests every checkout, as SQLAlchemy's pre-ping does.
        hide_parameters: Keep SQL parameters out of error messages and logs (on).
        expire_on_commit: Expire loaded objects on commit (off, as async code cannot
            lazy-load them afterwards).
        connect_args: Passed to the DBAPI driver's ``connect()``.
        statement_timeout: Seconds a statement may run before the server cancels it
            (answered 503); PostgreSQL, MySQL and MariaDB.
        mysql_default_string_length: VARCHAR length given to bare ``String`` columns on
            MySQL, which has no length-less VARCHAR.
        sqlite_begin: How SQLite file databases start transactions: ``"deferred"`` (SQLite's
            default: locks taken at the first statement that needs them), ``"immediate"``
            (the write lock at BEGIN: transactions that read then write wait for each other
            instead of failing with "database is locked") or ``"exclusive"``.
        url_env: The environment variable read when neither ``url`` nor ``db_type`` is given.
        base: Use this declarative base (its metadata is what ``create_all`` creates)
            instead of a new one; for entities declared before the provider exists, as
            with ``OrmModule.for_root_async``.
        **engine_options: Any other :func:`sqlalchemy.ext.asyncio.create_async_engine` option.
    """

    is_async: ClassVar[bool] = True

    def _create_engine(self, url: URL, **options: Any) -> AsyncEngine:
        return _create_async_engine(url, **options)

    def _create_session_factory(
        self, engine: AsyncEngine, *, expire_on_commit: bool
    ) -> async_sessionmaker[AsyncSession]:
        return async_sessionmaker(engine, expire_on_commit=expire_on_commit)

    @property
    def _sync_engine(self) -> Engine:
        return self.engine.sync_engine

    async def create_all(self) -> None:
        """Create the tables of every entity declared on ``Base`` that does not exist yet."""
        async with self.engine.begin() as connection:
            await connection.run_sync(self._create_tables)

    async def drop_all(self) -> None:
        """Drop the tables of every entity declared on ``Base``."""
        async with self.engine.begin() as connection:
            await connection.run_sync(self._drop_tables)

    async def ping(self) -> bool:
        """Whether the database answers ``SELECT 1``; for health checks. Never raises."""
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:
            logger.warning("Database %r did not answer a ping.", self.name, exc_info=True)
            return False
        return True

    async def dispose(self) -> None:
        """Close every pooled connection. The engine reconnects if used again."""
        await self.engine.dispose()

    async def on_application_shutdown(self) -> None:
        """Lifecycle hook: dispose of the engine when the application stops."""
        await self.dispose()

    @asynccontextmanager
    async def get_session(self) -> AsyncIterator[AsyncSession]:
        """Open a new session of its own, closed at the end of the block.

        The caller commits; an exception rolls the session back.

        Example:
            ```python
            async with config.get_session() as session:
                session.add(entity)
                await session.commit()
            ```
        """
        session = self.session_factory()
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        finally:
            await session.close()

    async def get_db(self) -> AsyncIterator[AsyncSession]:
        """A FastAPI dependency yielding a session: ``Depends(config.get_db)``.

        Inside a request handled with ``OrmModule`` (or inside ``@Transactional``) it is
        the current session, shared with services; otherwise a session of its own,
        rolled back if the handler raises and closed after the response.
        """
        current = self.current_session_or_none()
        if current is not None:
            yield current
            return
        async with self.get_session() as session:
            yield session

    @asynccontextmanager
    async def transaction(
        self, propagation: Propagation = Propagation.REQUIRED
    ) -> AsyncIterator[AsyncSession]:
        """Run a block in a transaction; the non-decorator form of ``@Transactional``.

        Example:
            ```python
            async with config.transaction() as session:
                session.add(Book(title="Dune"))
            # committed here, or rolled back if the block raised
            ```

        Args:
            propagation: ``REQUIRED`` joins an open transaction or begins one;
                ``REQUIRES_NEW`` always begins its own on a new session; ``NESTED``
                uses a SAVEPOINT inside an open transaction.
        """
        plan = self._plan(propagation)
        session = plan.session
        if plan.action == "join":
            yield session
            return
        if plan.action == "savepoint":
            async with session.begin_nested():
                yield session
            return
        with bind_transaction(self, session):
            try:
                yield session
            except BaseException:
                await session.rollback()
                raise
            else:
                await session.commit()
            finally:
                if plan.owned:
                    await session.close()

    @asynccontextmanager
    async def session_scope(self) -> AsyncIterator[AsyncSession]:
        """The current session if there is one, else a transaction of its own.

        Used by :class:`nest.orm.Repository`, so that repository calls join the request or
        transaction in progress, and commit by themselves in scripts.
        """
        current = self.current_session_or_none()
        if current is not None:
            yield current
            return
        async with self.transaction(Propagation.REQUIRES_NEW) as session:
            yield session

    async def finish(self, session: AsyncSession, *, commit: bool) -> None:
        """Commit or roll back ``session`` (used at the end of a request)."""
        if commit:
            await session.commit()
        else:
            await session.rollback()

    async def close_session(self, session: AsyncSession) -> None:
        """Close ``session``, returning its connection to the pool."""
        await session.close()
