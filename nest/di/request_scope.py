"""The per-request cache of REQUEST-scoped instances, and the context variable that holds it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from contextvars import ContextVar
from typing import Any

__all__ = ["RequestScope", "current_request_scope", "request_scope"]


class RequestScope:
    """REQUEST-scoped instances of one request (or one unit of work outside HTTP) and their teardown."""

    __slots__ = ("cache", "exit_stack", "pending")

    def __init__(self) -> None:
        self.cache: dict[int, Any] = {}
        self.pending: dict[int, asyncio.Future[Any]] = {}
        self.exit_stack = AsyncExitStack()

    async def aclose(self, exc: BaseException | None = None) -> None:
        """Run teardowns in reverse order; ``exc`` (the request's error) is thrown in at each ``yield``."""
        if exc is None:
            await self.exit_stack.aclose()
        else:
            await self.exit_stack.__aexit__(type(exc), exc, exc.__traceback__)


_current: ContextVar[RequestScope | None] = ContextVar("nest_request_scope", default=None)


def current_request_scope() -> RequestScope | None:
    """The scope of the request being handled in this context, if any."""
    return _current.get()


@asynccontextmanager
async def request_scope() -> AsyncIterator[RequestScope]:
    """Open a request scope: REQUEST providers resolved inside share one instance each.

    The HTTP layer opens one per request. Workers and scripts can open one per unit of work::

        async with request_scope():
            ctx = await app.resolve(RequestContext)
    """
    scope = RequestScope()
    token = _current.set(scope)
    try:
        yield scope
    except BaseException as exc:
        await scope.aclose(exc)
        raise
    else:
        await scope.aclose()
    finally:
        try:
            _current.reset(token)
        except ValueError:  # closed from another context than it was opened in
            _current.set(None)
