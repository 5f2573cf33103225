"""The one implementation behind :class:`AsyncOrmProvider` and :class:`OrmProvider`.

:class:`BaseOrmProvider` does everything that does not touch the database: it
works out the URL, checks the driver, chooses pool settings, creates the engine
through a factory the subclass names, and owns the declarative ``Base``. The two
subclasses add only the verbs that must be awaited or not (``create_all``,
``ping``, ``transaction``...).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Literal, TypeVar

from sqlalchemy import Connection, Engine, String, event
from sqlalchemy.engine import URL
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import Pool, StaticPool

from nest.orm._pool import POOL_DEFAULTS, install_idle_pre_ping
from nest.orm._timeouts import install_statement_timeout, statement_timeout_connect_args
from nest.orm.context import Propagation, active_transaction, request_scope
from nest.orm.dialects import (
    DEFAULT_URL_ENV,
    InvalidDatabaseConfigError,
    ensure_driver,
    is_memory_sqlite,
    resolve_url,
)
from nest.orm.errors import NoActiveSessionError

__all__ = ["BaseOrmProvider"]

logger = logging.getLogger("nest.orm")

EngineT = TypeVar("EngineT")
SessionT = TypeVar("SessionT")
FactoryT = TypeVar("FactoryT", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class _Plan(Generic[SessionT]):
    """What a transactional call does: join, open a savepoint, or begin."""

    session: SessionT
    action: Literal["join", "savepoint", "begin"]
    owned: bool  # the session was opened for this transaction and is closed after it


def _new_base() -> type[DeclarativeBase]:
    # Each provider owns its metadata, so two databases never share tables.
    return type("Base", (DeclarativeBase,), {"__doc__": "Declarative base of one provider."})


_SQLITE_BEGIN = {
    "deferred": "BEGIN",
    "immediate": "BEGIN IMMEDIATE",
    "exclusive": "BEGIN EXCLUSIVE",
}


def _sqlite_begin_statement(mode: str) -> str:
    statement = _SQLITE_BEGIN.get(str(mode).lower())
    if statement is None:
        choices = ", ".join(repr(m) for m in _SQLITE_BEGIN)
        raise ValueError(f"sqlite_begin={mode!r}: expected one of {choices}")
    return statement


class BaseOrmProvider(Generic[EngineT, SessionT, FactoryT]):
    """Shared core of the async and sync ORM providers.

    Not used directly: see :class:`nest.orm.AsyncOrmProvider` and :class:`nest.orm.OrmProvider`.

    Attributes:
        name: The connection name (``"default"`` unless given), used by
            ``@Transactional(connection=...)`` and ``OrmModule`` to tell databases apart.
        url: The resolved :class:`sqlalchemy.engine.URL` (print it with
            ``url.render_as_string(hide_password=True)``).
        Base: The declarative base for this database's entities.
        engine: The SQLAlchemy engine.
        session_factory: Makes a new session bound to ``engine``.
    """

    is_async: ClassVar[bool]

    def __init__(
        self,
        db_type: str | None = None,
        config_params: Mapping[str, Any] | None = None,
        *,
        url: str | URL | None = None,
        name: str = "default",
        echo: bool = False,
        pool_size: int | None = None,
        max_overflow: int | None = None,
        pool_timeout: float | None = None,
        pool_recycle: int | None = None,
        pool_pre_ping: bool = POOL_DEFAULTS.pool_pre_ping,
        pool_pre_ping_idle: float = POOL_DEFAULTS.pool_pre_ping_idle,
        hide_parameters: bool = True,
        expire_on_commit: bool = False,
        connect_args: Mapping[str, Any] | None = None,
        statement_timeout: float | None = None,
        mysql_default_string_length: int = 255,
        sqlite_begin: str = "deferred",
        url_env: str = DEFAULT_URL_ENV,
        base: type[DeclarativeBase] | None = None,
        **engine_options: Any,
    ) -> None:
        self.name = name
        self.url = resolve_url(url, db_type, config_params, is_async=self.is_async, env_var=url_env)
        ensure_driver(self.url, is_async=self.is_async)
        self.Base = base if base is not None else _new_base()
        self._mysql_string_length = mysql_default_string_length
        self._sqlite_begin = _sqlite_begin_statement(sqlite_begin)
        options = self._engine_options(
            echo=echo,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_timeout=pool_timeout,
            pool_recycle=pool_recycle,
            # With an idle threshold, nest's own checkout test replaces SQLAlchemy's.
            pool_pre_ping=pool_pre_ping and pool_pre_ping_idle <= 0,
            hide_parameters=hide_parameters,
            connect_args=dict(connect_args or {}),
            statement_timeout=statement_timeout,
            extra=engine_options,
        )
        self.engine: EngineT = self._create_engine(self.url, **options)
        if pool_pre_ping and pool_pre_ping_idle > 0 and not is_memory_sqlite(self.url):
            install_idle_pre_ping(self._sync_engine, pool_pre_ping_idle)
        self._install_sqlite_hooks(self._sync_engine)
        if statement_timeout is not None:
            install_statement_timeout(self._sync_engine, self.url, statement_timeout)
        self.session_factory: FactoryT = self._create_session_factory(
            self.engine, expire_on_commit=expire_on_commit
        )

    # -- strategy: what the async and sync subclasses supply -----------------------------

    def _create_engine(self, url: URL, **options: Any) -> EngineT:
        raise NotImplementedError

    def _create_session_factory(self, engine: EngineT, *, expire_on_commit: bool) -> FactoryT:
        raise NotImplementedError

    @property
    def _sync_engine(self) -> Engine:
        raise NotImplementedError

    async def finish(self, session: SessionT, *, commit: bool) -> None:
        """Commit or roll back ``session`` (used at the end of a request)."""
        raise NotImplementedError

    async def close_session(self, session: SessionT) -> None:
        """Close ``session``, returning its connection to the pool."""
        raise NotImplementedError

    # -- shared behaviour ----------------------------------------------------------------

    @property
    def dialect_name(self) -> str:
        """``"postgresql"``, ``"mysql"`` or ``"sqlite"`` (SQLAlchemy's dialect name)."""
        return self.url.get_backend_name()

    @property
    def pool(self) -> Pool:
        """The engine's connection pool (``pool.checkedout()`` counts connections in use)."""
        return self._sync_engine.pool

    def __repr__(self) -> str:
        shown = self.url.render_as_string(hide_password=True)
        return f"{type(self).__name__}(name={self.name!r}, url={shown!r})"

    def _engine_options(
        self,
        *,
        echo: bool,
        pool_size: int | None,
        max_overflow: int | None,
        pool_timeout: float | None,
        pool_recycle: int | None,
        pool_pre_ping: bool,
        hide_parameters: bool,
        connect_args: dict[str, Any],
        statement_timeout: float | None,
        extra: Mapping[str, Any],
    ) -> dict[str, Any]:
        options: dict[str, Any] = {
            "echo": echo,
            "pool_pre_ping": pool_pre_ping,
            "hide_parameters": hide_parameters,
        }
        sizing: dict[str, float | None] = {
            "pool_size": pool_size,
            "max_overflow": max_overflow,
            "pool_timeout": pool_timeout,
            "pool_recycle": pool_recycle,
        }
        if is_memory_sqlite(self.url):
            given = sorted(k for k, v in sizing.items() if v is not None)
            if given:
                raise InvalidDatabaseConfigError(
                    f"An in-memory SQLite database has a single shared connection; "
                    f"{', '.join(given)} cannot be set. Use a file database "
                    f"(db_name='name') to get a connection pool."
                )
            options["poolclass"] = StaticPool
            connect_args.setdefault("check_same_thread", False)
        else:
            if "poolclass" not in extra and "pool" not in extra:
                # nest's defaults apply to SQLAlchemy's default (queue) pool only: other
                # pool classes take other arguments.
                for key, value in sizing.items():
                    if value is None:
                        sizing[key] = getattr(POOL_DEFAULTS, key)
            options.update({k: v for k, v in sizing.items() if v is not None})
            if self.dialect_name == "sqlite":
                # Wait for a writer's lock rather than failing at once with "database is locked".
                connect_args.setdefault("timeout", 30)
        if statement_timeout is not None:
            statement_timeout_connect_args(self.url, statement_timeout, connect_args)
        if connect_args:
            options["connect_args"] = connect_args
        options.update(extra)
        return options

    def _install_sqlite_hooks(self, engine: Engine) -> None:
        if self.dialect_name != "sqlite":
            return
        own_begin = not is_memory_sqlite(self.url)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            if own_begin:
                # Let SQLAlchemy emit BEGIN so SAVEPOINT and rollback behave as on
                # other databases (the sqlite3 driver's own handling skips them).
                dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        if own_begin:
            begin = self._sqlite_begin

            @event.listens_for(engine, "begin")
            def _on_begin(connection: Connection) -> None:
                connection.exec_driver_sql(begin)

    def _create_tables(self, connection: Connection) -> None:
        if self.dialect_name == "mysql":
            self._give_strings_a_length()
        self.Base.metadata.create_all(connection)

    def _drop_tables(self, connection: Connection) -> None:
        self.Base.metadata.drop_all(connection)

    def _give_strings_a_length(self) -> None:
        # MySQL has no length-less VARCHAR; PyNest entities use bare ``String``.
        for table in self.Base.metadata.tables.values():
            for column in table.columns:
                kind = column.type
                if type(kind) is String and kind.length is None:
                    kind.length = self._mysql_string_length

    def current_session_or_none(self) -> SessionT | None:
        """The current session of this connection, or ``None`` if there is none.

        That is the session of the innermost ``@Transactional`` call on this
        connection, else the session of the HTTP request being handled.
        """
        session: SessionT | None = active_transaction(self)
        if session is not None:
            return session
        scope = request_scope()
        return scope.session_for(self) if scope is not None else None

    def current_session(self) -> SessionT:
        """The session of the current transaction or HTTP request.

        Services call this instead of receiving a session as an argument.

        Raises:
            NoActiveSessionError: Called outside a request and outside
                ``@Transactional``/``transaction()``.
        """
        session = self.current_session_or_none()
        if session is None:
            raise NoActiveSessionError(
                f"No current session for connection {self.name!r}: this code runs outside an "
                f"HTTP request and outside a transaction. Decorate the calling method with "
                f"@Transactional(), wrap the call in 'async with provider.transaction():', "
                f"or open a session with provider.get_session()."
            )
        return session

    def _plan(self, propagation: Propagation) -> _Plan[SessionT]:
        propagation = Propagation(propagation)
        active: SessionT | None = active_transaction(self)
        if active is not None and propagation is Propagation.REQUIRED:
            return _Plan(active, "join", owned=False)
        if active is not None and propagation is Propagation.NESTED:
            return _Plan(active, "savepoint", owned=False)
        scope = request_scope()
        if scope is not None and propagation is not Propagation.REQUIRES_NEW:
            # The outermost transaction of a request runs on the request's session, so
            # the handler's own unflushed work and the service's share one connection.
            return _Plan(scope.session_for(self), "begin", owned=False)
        return _Plan(self.session_factory(), "begin", owned=True)
