"""The blocking ORM provider (psycopg, pymysql, sqlite3)."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from anyio import CapacityLimiter, to_thread
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from nest.orm.context import Propagation, bind_transaction
from nest.orm.provider import BaseOrmProvider

__all__ = ["OrmProvider"]

logger = logging.getLogger("nest.orm")

_FINISHING_THREADS = 8


class OrmProvider(BaseOrmProvider[Engine, Session, sessionmaker[Session]]):
    """A blocking database connection: engine, sessions, transactions and ``Base``.

    Takes the same arguments as :class:`nest.orm.AsyncOrmProvider` and uses the
    blocking drivers (``psycopg``, ``pymysql``, ``sqlite3``). Use it from ``def``
    handlers, which FastAPI runs in a thread pool.
    """

    is_async: ClassVar[bool] = False
    _limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] | None = None

    def _create_engine(self, url: URL, **options: Any) -> Engine:
        return create_engine(url, **options)

    def _create_session_factory(
        self, engine: Engine, *, expire_on_commit: bool
    ) -> sessionmaker[Session]:
        return sessionmaker(engine, expire_on_commit=expire_on_commit)

    @property
    def _sync_engine(self) -> Engine:
        return self.engine

    def create_all(self) -> None:
        """Create the tables of every entity declared on ``Base`` that does not exist yet."""
        with self.engine.begin() as connection:
            self._create_tables(connection)

    def drop_all(self) -> None:
        """Drop the tables of every entity declared on ``Base``."""
        with self.engine.begin() as connection:
            self._drop_tables(connection)

    def ping(self) -> bool:
        """Whether the database answers ``SELECT 1``; for health checks. Never raises."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            logger.warning("Database %r did not answer a ping.", self.name, exc_info=True)
            return False
        return True

    def dispose(self) -> None:
        """Close every pooled connection. The engine reconnects if used again."""
        self.engine.dispose()

    def on_application_shutdown(self) -> None:
        """Lifecycle hook: dispose of the engine when the application stops."""
        self.dispose()

    def get_session(self) -> Session:
        """A new session of its own (PyNest's sync API); also usable in a ``with`` block."""
        return self.session_factory()

    def get_db(self) -> Iterator[Session]:
        """A FastAPI dependency yielding a session: ``Depends(config.get_db)``.

        The current session inside a request handled with ``OrmModule`` or inside
        ``@Transactional``; otherwise a session of its own, rolled back if the handler
        raises and closed after the response.
        """
        current = self.current_session_or_none()
        if current is not None:
            yield current
            return
        session = self.session_factory()
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def transaction(self, propagation: Propagation = Propagation.REQUIRED) -> Iterator[Session]:
        """Run a block in a transaction; the non-decorator form of ``@Transactional``.

        See :meth:`nest.orm.AsyncOrmProvider.transaction` for the propagation rules.
        """
        plan = self._plan(propagation)
        session = plan.session
        if plan.action == "join":
            yield session
            return
        if plan.action == "savepoint":
            with session.begin_nested():
                yield session
            return
        with bind_transaction(self, session):
            try:
                yield session
            except BaseException:
                session.rollback()
                raise
            else:
                session.commit()
            finally:
                if plan.owned:
                    session.close()

    @contextmanager
    def session_scope(self) -> Iterator[Session]:
        """The current session if there is one, else a transaction of its own."""
        current = self.current_session_or_none()
        if current is not None:
            yield current
            return
        with self.transaction(Propagation.REQUIRES_NEW) as session:
            yield session

    async def finish(self, session: Session, *, commit: bool) -> None:
        """Commit or roll back ``session`` in a worker thread (used at the end of a request)."""
        await to_thread.run_sync(
            session.commit if commit else session.rollback, limiter=self._finishing_threads()
        )

    async def close_session(self, session: Session) -> None:
        """Close ``session`` in a worker thread, returning its connection to the pool."""
        await to_thread.run_sync(session.close, limiter=self._finishing_threads())

    def _finishing_threads(self) -> CapacityLimiter:
        # Threads of their own: with every one of the default pool's threads running a
        # `def` handler, a commit would otherwise wait for a handler to end, holding its
        # connection meanwhile.
        loop = asyncio.get_running_loop()
        if self._limiters is None:
            self._limiters = weakref.WeakKeyDictionary()
        limiter = self._limiters.get(loop)
        if limiter is None:  # one per event loop: a limiter belongs to the loop it waits in
            limiter = self._limiters[loop] = CapacityLimiter(_FINISHING_THREADS)
        return limiter
