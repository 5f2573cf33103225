"""The connection pool nest's providers get when not told otherwise, and its pre-ping.

Sizing. A provider keeps up to :data:`POOL_DEFAULTS` ``pool_size`` connections (20)
and opens no overflow beyond them. Twenty lets twenty requests use the database at
once, per worker process: four workers hold at most 80 connections, inside
PostgreSQL's default ``max_connections`` of 100 (MySQL's is 151) with room for
migrations and consoles. Overflow connections are avoided because an async pool
closes one whenever it is returned while ``pool_size`` others sit in the queue, and
under load that happens many times a second: every close and reopen costs a new
server process on PostgreSQL and a cold statement cache. Connections are opened on
demand, so an idle application holds only those it has needed.

Waiting. A request waits ``pool_timeout`` (10 s) for a connection, then answers 503
with ``Retry-After``: after ten seconds of queueing a client is better told to come
back than kept waiting. ``pool_recycle`` (30 min) replaces old connections before
servers, proxies or firewalls drop them for age or idleness.

Pre-ping. SQLAlchemy's ``pool_pre_ping`` tests every connection as it leaves the
pool; with asyncpg that is three round trips (BEGIN, an empty statement, ROLLBACK)
before every request's first query. A connection goes stale when it sits unused
(an idle timeout, a database restart while the application was quiet); one returned
a moment ago by another request is alive. So nest tests a connection only when it
has been idle in the pool for ``pool_pre_ping_idle`` seconds (10 by default; 0 tests
every checkout, as SQLAlchemy does). A database restart under load is still
handled: the first statement that fails on a dead connection makes SQLAlchemy
replace every connection in the pool.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event, exc

__all__ = ["POOL_DEFAULTS", "PoolDefaults", "install_idle_pre_ping"]

_RETURNED = "nest_returned_at"


@dataclass(frozen=True, slots=True)
class PoolDefaults:
    """Pool settings a provider uses for each keyword it is not given.

    Attributes:
        pool_size: Connections kept open once opened (opened on demand).
        max_overflow: Connections opened beyond ``pool_size`` and closed again.
        pool_timeout: Seconds a request waits for a connection before a 503.
        pool_recycle: Seconds after which a connection is replaced at its next checkout.
        pool_pre_ping: Test connections that were idle before handing them out.
        pool_pre_ping_idle: Seconds of idleness after which a connection is tested.
    """

    pool_size: int = 20
    max_overflow: int = 0
    pool_timeout: float = 10.0
    pool_recycle: int = 1800
    pool_pre_ping: bool = True
    pool_pre_ping_idle: float = 10.0


#: What nest's providers use when given no pool settings.
POOL_DEFAULTS = PoolDefaults()


def install_idle_pre_ping(engine: Engine, idle: float) -> None:
    """Test a connection on checkout if it sat in ``engine``'s pool for ``idle`` seconds.

    A connection that fails the test because it is disconnected makes the pool
    replace it and every connection older than it, as SQLAlchemy's own pre-ping does;
    the request then gets a fresh connection.
    """
    pool = engine.pool
    dialect = engine.dialect

    @event.listens_for(pool, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_RETURNED] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get(_RETURNED)
        if returned is None or time.monotonic() - returned < idle:
            return  # a new connection, or one in use a moment ago
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.InvalidatePoolError() from error
            raise
