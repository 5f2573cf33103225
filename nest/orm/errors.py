"""Errors raised by the database layer, and how database failures map to HTTP.

:func:`classify_database_error` turns an exception into a status code and a
message that is safe to show a client (no SQL, parameters, table names or
tracebacks). It knows nothing about FastAPI: ``nest.orm._http`` and the
compatibility decorators build responses from its answer.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

from sqlalchemy import exc as sa_exc

from nest.errors import NestError

__all__ = [
    "DatabaseErrorInfo",
    "NoActiveSessionError",
    "UnknownConnectionError",
    "classify_database_error",
]


class NoActiveSessionError(NestError, LookupError):
    """Code asked for "the current session" where there is none."""


class UnknownConnectionError(NestError, LookupError):
    """``@Transactional`` could not tell which database connection to use."""


@dataclass(frozen=True, slots=True)
class DatabaseErrorInfo:
    """How a database failure is reported to a client.

    Attributes:
        status_code: The HTTP status (404, 409, 422 or 503).
        detail: A message that reveals nothing about the schema or the statement.
    """

    status_code: int
    detail: str


CONFLICT = DatabaseErrorInfo(409, "The request conflicts with existing data.")
INVALID = DatabaseErrorInfo(422, "A value is not valid for the field it was stored in.")
NOT_FOUND = DatabaseErrorInfo(404, "The requested resource was not found.")
UNAVAILABLE = DatabaseErrorInfo(503, "The database is unavailable; try again later.")
# An OS-level connection failure may come from any backing service, not only a database.
BACKEND_UNAVAILABLE = DatabaseErrorInfo(
    503, "A service this request depends on is unavailable; try again later."
)

# SQLSTATE classes and codes (PostgreSQL; also what psycopg reports).
_SQLSTATE = {
    "23505": CONFLICT,  # unique_violation
    "23503": CONFLICT,  # foreign_key_violation
    "23P01": CONFLICT,  # exclusion_violation
    "23502": INVALID,  # not_null_violation
    "23514": INVALID,  # check_violation
    "57014": UNAVAILABLE,  # query_canceled (statement_timeout)
    "40001": UNAVAILABLE,  # serialization_failure
    "40P01": UNAVAILABLE,  # deadlock_detected
    "55P03": UNAVAILABLE,  # lock_not_available (lock_timeout)
}
_SQLSTATE_CLASS = {
    "08": UNAVAILABLE,  # connection exception
    "22": INVALID,  # data exception
    "53": UNAVAILABLE,  # insufficient resources (too many connections)
    "57": UNAVAILABLE,  # operator intervention (shutdown, cannot connect now)
    "23": CONFLICT,  # any other integrity constraint
}
# MySQL / MariaDB server and client error numbers.
_MYSQL = {
    **dict.fromkeys((1022, 1062, 1169, 1586), CONFLICT),  # duplicate key
    **dict.fromkeys((1216, 1217, 1451, 1452), CONFLICT),  # foreign key
    **dict.fromkeys((1048, 1364, 1366, 1292, 1264, 1265, 1406, 1411, 3819, 4025), INVALID),
    **dict.fromkeys((1205, 1213, 1969, 3024), UNAVAILABLE),  # lock wait, deadlock, timeouts
    **dict.fromkeys((1040, 1053, 2002, 2003, 2006, 2013, 2055), UNAVAILABLE),  # connection
}
# SQLite extended result codes.
_SQLITE = {
    1555: CONFLICT,  # SQLITE_CONSTRAINT_PRIMARYKEY
    2067: CONFLICT,  # SQLITE_CONSTRAINT_UNIQUE
    787: CONFLICT,  # SQLITE_CONSTRAINT_FOREIGNKEY
    1299: INVALID,  # SQLITE_CONSTRAINT_NOTNULL
    275: INVALID,  # SQLITE_CONSTRAINT_CHECK
    3091: INVALID,  # SQLITE_CONSTRAINT_DATATYPE (STRICT tables)
    5: UNAVAILABLE,  # SQLITE_BUSY
    6: UNAVAILABLE,  # SQLITE_LOCKED
    517: UNAVAILABLE,  # SQLITE_BUSY_SNAPSHOT
    261: UNAVAILABLE,  # SQLITE_BUSY_RECOVERY
}


def _driver_error(exc: sa_exc.DBAPIError) -> DatabaseErrorInfo | None:
    orig: object = exc.orig
    for candidate in (orig, getattr(orig, "__cause__", None)):
        if candidate is None:
            continue
        # MySQL first: its errors also carry a coarse SQLSTATE (23000 for both a
        # duplicate key and a NULL in a NOT NULL column).
        args = getattr(candidate, "args", ())
        if args and isinstance(args[0], int) and args[0] in _MYSQL:
            return _MYSQL[args[0]]
        sqlite_code = getattr(candidate, "sqlite_errorcode", None)
        if isinstance(sqlite_code, int):
            found = _SQLITE.get(sqlite_code) or _SQLITE.get(sqlite_code & 0xFF)
            if found is not None:
                return found
        sqlstate = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if isinstance(sqlstate, str) and len(sqlstate) == 5:
            found = _SQLSTATE.get(sqlstate) or _SQLSTATE_CLASS.get(sqlstate[:2])
            if found is not None:
                return found
    return None


def classify_database_error(exc: BaseException) -> DatabaseErrorInfo | None:
    """The client-facing status and message for a database failure.

    Unique and foreign-key violations are 409; values the column cannot hold
    (wrong type, too long, NULL where not allowed, failed CHECK) are 422; a missing
    row asked for with ``one()``/``get_one()`` is 404; an exhausted pool, an
    unreachable server, a statement or lock timeout and a deadlock are 503.

    Returns:
        ``None`` for anything that is not a recognised database failure.
    """
    if isinstance(exc, sa_exc.NoResultFound):
        return NOT_FOUND
    if isinstance(exc, sa_exc.TimeoutError):  # QueuePool checkout timed out
        return UNAVAILABLE
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated:
            return UNAVAILABLE
        found = _driver_error(exc)
        if found is not None:
            return found
        if isinstance(exc, sa_exc.IntegrityError):
            return CONFLICT
        if isinstance(exc, sa_exc.DataError):
            return INVALID
        if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
            return UNAVAILABLE
        return None
    # Some drivers (asyncpg) let the OS error of a failed connect through unwrapped.
    if isinstance(exc, ConnectionRefusedError | ConnectionResetError | socket.gaierror):
        return BACKEND_UNAVAILABLE
    return None
