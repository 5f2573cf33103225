"""How database failures are logged: with detail, on the server only."""

from __future__ import annotations

import logging

from nest.orm.errors import DatabaseErrorInfo

__all__ = ["log_database_error", "logger"]

logger = logging.getLogger("nest.orm")


def log_database_error(exc: BaseException, info: DatabaseErrorInfo | None, *, where: str) -> None:
    """Log ``exc`` once: WARNING for a client's mistake (4xx), ERROR for the rest.

    The record carries the exception, so the statement (never its parameters, which
    engines hide by default) is in the server log and not in any response.
    """
    if info is not None and info.status_code < 500:
        logger.warning(
            "%s: database refused the request (%s -> %d): %s",
            where,
            type(exc).__name__,
            info.status_code,
            exc,
        )
    else:
        status = info.status_code if info is not None else 500
        logger.error(
            "%s: database failure (%s -> %d)", where, type(exc).__name__, status, exc_info=exc
        )
