"""Database kinds nest knows, their drivers, and how their URLs are built.

A :class:`Dialect` is the small strategy the providers are parameterised by: it
names the async and sync driver of one database kind, the pip extra that
installs them, and how ``config_params`` (PyNest's ``host``, ``db_name``,
``user``, ``password``, ``port``) become a :class:`sqlalchemy.engine.URL`.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from sqlalchemy.engine import URL, make_url

from nest.errors import MissingDependencyError, NestError

__all__ = [
    "DIALECTS",
    "Dialect",
    "InvalidDatabaseConfigError",
    "build_url",
    "dialect_for",
    "ensure_driver",
    "is_memory_sqlite",
    "resolve_url",
]

#: The environment variable read when a provider is given neither a URL nor a db_type.
DEFAULT_URL_ENV = "DATABASE_URL"


class InvalidDatabaseConfigError(NestError, ValueError):
    """The database settings given to a provider cannot be turned into a URL."""


@dataclass(frozen=True, slots=True)
class Dialect:
    """One database kind: its drivers, default port and pip extra.

    Attributes:
        name: The SQLAlchemy dialect name (``postgresql``, ``mysql``, ``sqlite``).
        async_driver: The asyncio DBAPI driver (``asyncpg``, ``aiomysql``, ``aiosqlite``).
        sync_driver: The blocking DBAPI driver (``psycopg``, ``pymysql``, ``pysqlite``).
        async_module: The importable module of the async driver.
        sync_module: The importable module of the sync driver.
        extra: The ``nest-framework`` pip extra that installs both drivers.
        default_port: The port used when ``config_params`` has none.
    """

    name: str
    async_driver: str
    sync_driver: str
    async_module: str
    sync_module: str
    extra: str
    default_port: int | None = None

    def driver(self, *, is_async: bool) -> str:
        """The driver name for the async or the sync provider."""
        return self.async_driver if is_async else self.sync_driver

    def module(self, *, is_async: bool) -> str:
        """The importable module of the async or the sync driver."""
        return self.async_module if is_async else self.sync_module


DIALECTS: Mapping[str, Dialect] = {
    "postgresql": Dialect(
        "postgresql", "asyncpg", "psycopg", "asyncpg", "psycopg", "postgres", 5432
    ),
    "mysql": Dialect("mysql", "aiomysql", "pymysql", "aiomysql", "pymysql", "mysql", 3306),
    "sqlite": Dialect("sqlite", "aiosqlite", "pysqlite", "aiosqlite", "sqlite3", "sqlite"),
}

# Spellings people use for the same database kind.
_ALIASES = {
    "postgres": "postgresql",
    "pg": "postgresql",
    "mariadb": "mysql",
    "sqlite3": "sqlite",
}

# Drivers nest knows to be asyncio-capable or blocking, by dialect.
_ASYNC_DRIVERS = {"asyncpg", "psycopg_async", "aiomysql", "asyncmy", "aiosqlite"}


def dialect_for(db_type: str) -> Dialect:
    """The :class:`Dialect` for a ``db_type`` such as ``"postgresql"`` or ``"mariadb"``.

    Raises:
        InvalidDatabaseConfigError: The database kind is not one nest supports.
    """
    key = db_type.strip().lower()
    key = _ALIASES.get(key, key)
    try:
        return DIALECTS[key]
    except KeyError:
        known = ", ".join(sorted(DIALECTS))
        raise InvalidDatabaseConfigError(
            f"Unknown db_type {db_type!r}. Use one of: {known}; "
            f"or pass url='dialect+driver://...' instead."
        ) from None


def is_memory_sqlite(url: URL) -> bool:
    """Whether ``url`` names a private in-memory SQLite database."""
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def _sqlite_path(db_name: str) -> str:
    # PyNest stored db_name="x" in the file x.db; a name with a suffix is kept as given.
    if db_name == ":memory:" or PurePath(db_name).suffix:
        return db_name
    return f"{db_name}.db"


def build_url(db_type: str, config_params: Mapping[str, Any], *, is_async: bool) -> URL:
    """Build the URL for ``db_type`` from PyNest-style ``config_params``.

    Credentials are passed to :meth:`sqlalchemy.engine.URL.create` as they are, so a
    password such as ``p@ss:w/rd#1`` needs no escaping.

    Args:
        db_type: ``"postgresql"``, ``"mysql"`` or ``"sqlite"`` (aliases accepted).
        config_params: ``host``, ``db_name``, ``user``, ``password``, ``port``; for
            SQLite only ``db_name`` (``"x"`` is the file ``x.db``; ``":memory:"``).
            ``database``/``username`` are accepted as synonyms; a ``query`` mapping is
            passed on as URL query arguments.
        is_async: Pick the asyncio driver rather than the blocking one.
    """
    dialect = dialect_for(db_type)
    params = dict(config_params)
    known = {"host", "db_name", "database", "user", "username", "password", "port", "query"}
    unknown = sorted(set(params) - known)
    if unknown:
        raise InvalidDatabaseConfigError(
            f"Unknown config_params key(s) {unknown} for db_type={db_type!r}. "
            f"Use: db_name, host, password, port, user (and query for URL options)."
        )
    database = params.get("db_name", params.get("database"))
    drivername = f"{dialect.name}+{dialect.driver(is_async=is_async)}"
    query = {str(k): str(v) for k, v in dict(params.get("query") or {}).items()}
    if dialect.name == "sqlite":
        path = _sqlite_path(str(database)) if database else ":memory:"
        return URL.create(drivername, database=path, query=query)
    if dialect.name == "mysql":
        query.setdefault("charset", "utf8mb4")  # all of Unicode, whatever the server's default
    port = params.get("port") or dialect.default_port
    return URL.create(
        drivername,
        username=params.get("user", params.get("username")),
        password=params.get("password"),
        host=params.get("host") or "localhost",
        port=int(port) if port is not None else None,
        database=str(database) if database is not None else None,
        query=query,
    )


def resolve_url(
    url: str | URL | None,
    db_type: str | None,
    config_params: Mapping[str, Any] | None,
    *,
    is_async: bool,
    env_var: str = DEFAULT_URL_ENV,
) -> URL:
    """Work out a provider's URL from what it was given.

    In order: an explicit ``url``; ``db_type`` with ``config_params`` (``db_type``
    defaults to PostgreSQL, as in PyNest); the environment variable ``env_var``
    (``DATABASE_URL``). A URL without a driver
    (``postgresql://...``, ``mysql://...``, ``sqlite:///x.db``) gets nest's driver for
    the async or sync provider; ``postgres://`` is read as ``postgresql://``.
    """
    if url is None and db_type is None and config_params:
        db_type = "postgresql"  # PyNest's default database kind
    if url is None and db_type is None:
        from_env = os.environ.get(env_var)
        if not from_env:
            raise InvalidDatabaseConfigError(
                f"No database configured: pass db_type= and config_params=, pass url=, "
                f"or set the environment variable {env_var}."
            )
        url = from_env
    if url is None:
        assert db_type is not None  # narrowed by the check above
        return build_url(db_type, config_params or {}, is_async=is_async)
    if config_params:
        raise InvalidDatabaseConfigError("Pass either url= or config_params=, not both.")
    parsed = make_url(url) if isinstance(url, str) else url
    backend = parsed.get_backend_name()
    dialect = dialect_for("postgresql" if backend == "postgres" else backend)
    if dialect.name == "mysql" and "charset" not in parsed.query:
        parsed = parsed.update_query_dict({"charset": "utf8mb4"})
    if "+" not in parsed.drivername:
        parsed = parsed.set(drivername=f"{dialect.name}+{dialect.driver(is_async=is_async)}")
    elif dialect.name != backend:
        parsed = parsed.set(drivername=f"{dialect.name}+{parsed.get_driver_name()}")
    return parsed


def ensure_driver(url: URL, *, is_async: bool) -> None:
    """Check that the DBAPI driver of ``url`` can be imported and suits the provider.

    Raises:
        MissingDependencyError: The driver is not installed; the message names the pip
            extra (``postgres``, ``mysql`` or ``sqlite``).
        InvalidDatabaseConfigError: A blocking driver was given to the async provider,
            or an asyncio driver to the sync one.
    """
    backend = url.get_backend_name()
    driver = url.get_driver_name()
    dialect = DIALECTS.get(backend)
    if dialect is None:
        return  # a dialect nest has no knowledge of: SQLAlchemy reports problems itself
    if is_async != (driver in _ASYNC_DRIVERS):
        wanted = dialect.driver(is_async=is_async)
        kind = "AsyncOrmProvider" if is_async else "OrmProvider"
        raise InvalidDatabaseConfigError(
            f"{kind} cannot use the driver {driver!r} for {backend}. "
            f"Use '{backend}+{wanted}://...' or leave the driver out of the URL."
        )
    module = (
        dialect.module(is_async=is_async)
        if driver
        in (
            dialect.async_driver,
            dialect.sync_driver,
        )
        else driver
    )
    if importlib.util.find_spec(module) is None:
        raise MissingDependencyError(
            module, extra=dialect.extra, feature=f"{backend} databases ({driver} driver)"
        )
