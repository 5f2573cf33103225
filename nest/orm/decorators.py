"""PyNest's ``db_request_handler`` and ``async_db_request_handler``, made safe.

PyNest turned every exception into a 500 whose body held the exception text.
These keep the names and the place in the code, but answer database failures with
the same status and safe message as the application-wide mapping (409, 404, 422,
503), roll back the sessions the method used (so a session a service keeps stays
usable), log the detail on the server, and let every other exception through.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from nest.orm._logging import log_database_error, logger
from nest.orm.errors import DatabaseErrorInfo, classify_database_error

__all__ = ["async_db_request_handler", "db_request_handler"]

P = ParamSpec("P")
R = TypeVar("R")


def _http_error(info: DatabaseErrorInfo) -> Exception:
    from nest.http.exceptions import HttpException

    headers = {"Retry-After": "1"} if info.status_code == 503 else None
    return HttpException(info.status_code, info.detail, headers=headers)


def _sessions_in(args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Session | AsyncSession]:
    # The sessions the method worked with: its arguments, and its instance's attributes
    # (PyNest services keep one in ``self.session``).
    candidates = [*args, *kwargs.values()]
    if args and hasattr(args[0], "__dict__"):
        candidates += vars(args[0]).values()
    found: list[Session | AsyncSession] = []
    for value in candidates:
        if isinstance(value, Session | AsyncSession) and not any(value is f for f in found):
            found.append(value)
    return found


def _translate(exc: Exception, where: str) -> None:
    info = classify_database_error(exc)
    if info is None:
        return
    log_database_error(exc, info, where=where)
    raise _http_error(info) from exc


def async_db_request_handler(func: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Answer database failures raised by an async service method with an HTTP error.

    Example:
        ```python
        @async_db_request_handler
        async def add_example(self, example: Example, session: AsyncSession) -> int: ...
        ```
    """
    where = func.__qualname__

    @functools.wraps(func)
    async def handler(*args: P.args, **kwargs: P.kwargs) -> R:
        started = time.perf_counter()
        try:
            return await func(*args, **kwargs)
        except Exception as exc:
            if classify_database_error(exc) is not None:
                # A failed flush leaves a session unusable until rolled back: do it, so a
                # session kept by the service serves the next request.
                for session in _sessions_in(args, kwargs):
                    result = session.rollback()
                    if isinstance(result, Awaitable):
                        await result
            _translate(exc, where)
            raise
        finally:
            logger.debug("%s took %.1f ms", where, (time.perf_counter() - started) * 1000)

    return handler


def db_request_handler(func: Callable[P, R]) -> Callable[P, R]:
    """Answer database failures raised by a sync service method with an HTTP error."""
    where = func.__qualname__

    @functools.wraps(func)
    def handler(*args: P.args, **kwargs: P.kwargs) -> R:
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            if classify_database_error(exc) is not None:
                for session in _sessions_in(args, kwargs):
                    if isinstance(session, Session):
                        session.rollback()
            _translate(exc, where)
            raise
        finally:
            logger.debug("%s took %.1f ms", where, (time.perf_counter() - started) * 1000)

    return handler
