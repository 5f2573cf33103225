"""A per-statement time limit, set the way each database and driver takes it.

A statement that runs longer is cancelled by the server, and the request answers
503 (see :mod:`nest.orm.errors`) instead of holding a connection indefinitely.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import URL

from nest.orm.dialects import InvalidDatabaseConfigError

__all__ = ["install_statement_timeout", "statement_timeout_connect_args"]


def statement_timeout_connect_args(url: URL, seconds: float, connect_args: dict[str, Any]) -> None:
    """Add PostgreSQL's ``statement_timeout`` to the driver's connect arguments.

    Raises:
        InvalidDatabaseConfigError: SQLite, which has no statement time limit.
    """
    if seconds <= 0:
        raise InvalidDatabaseConfigError("statement_timeout must be a positive number of seconds.")
    backend, driver = url.get_backend_name(), url.get_driver_name()
    if backend == "sqlite":
        raise InvalidDatabaseConfigError(
            "SQLite has no statement time limit: leave statement_timeout unset for it."
        )
    if backend != "postgresql":
        return  # MySQL/MariaDB: set on each new connection, see install_statement_timeout
    milliseconds = str(max(1, round(seconds * 1000)))
    if driver == "asyncpg":
        settings = dict(connect_args.get("server_settings") or {})
        settings.setdefault("statement_timeout", milliseconds)
        connect_args["server_settings"] = settings
    else:  # libpq-style drivers (psycopg)
        option = f"-c statement_timeout={milliseconds}"
        existing = connect_args.get("options")
        connect_args["options"] = f"{existing} {option}" if existing else option


def install_statement_timeout(engine: Engine, url: URL, seconds: float) -> None:
    """On MySQL and MariaDB, limit each session's statements as connections open."""
    if url.get_backend_name() != "mysql":
        return

    @event.listens_for(engine, "connect")
    def _limit(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            try:  # MariaDB: seconds, every statement
                cursor.execute(f"SET SESSION max_statement_time = {float(seconds)}")
            except Exception:  # MySQL: milliseconds, SELECT only
                cursor.execute(f"SET SESSION max_execution_time = {max(1, round(seconds * 1000))}")
        finally:
            cursor.close()
