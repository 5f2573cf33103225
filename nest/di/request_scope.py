"""The per-request cache of REQUEST-scoped instances, and the context variable that reaches it.

A scope is opened lazily: the HTTP layer only marks each request with a cheap slot, and the
:class:`RequestScope` itself is made the first time something REQUEST-scoped is resolved in that
request. Its teardown is handed to whoever opened the slot (FastAPI's request exit stack, for HTTP).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from contextvars import ContextVar, Token
from types import TracebackType
from typing import Any

__all__ = [
    "RequestScope",
    "current_request_scope",
    "enter_lazy_request_scope",
    "exit_lazy_request_scope",
    "request_scope",
]


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

    async def exit(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        """``AsyncExitStack.push_async_exit`` callback form of :meth:`aclose`; never swallows ``exc``."""
        await self.exit_stack.__aexit__(exc_type, exc, tb)
        return False


class _Slot:
    """Where one request's scope will live; ``opened(context, scope)`` registers its teardown."""

    __slots__ = ("context", "opened", "scope")

    def __init__(
        self,
        opened: Callable[[Any, RequestScope], None] | None,
        context: Any = None,
        scope: RequestScope | None = None,
    ) -> None:
        self.opened = opened
        self.context = context
        self.scope = scope


_current: ContextVar[_Slot | None] = ContextVar("nest_request_scope", default=None)


def current_request_scope() -> RequestScope | None:
    """The scope of the request being handled in this context (made on first use), if any."""
    slot = _current.get()
    if slot is None:
        return None
    if slot.scope is None and slot.opened is not None:
        slot.scope = RequestScope()
        slot.opened(slot.context, slot.scope)
    return slot.scope


def enter_lazy_request_scope(
    opened: Callable[[Any, RequestScope], None], context: Any
) -> Token[_Slot | None]:
    """Mark the current context as one request; its scope is made only if something needs it.

    ``opened(context, scope)`` is called when the scope is made, to register its teardown.
    Pass the returned token to :func:`exit_lazy_request_scope`.
    """
    return _current.set(_Slot(opened, context))


def exit_lazy_request_scope(token: Token[_Slot | None]) -> None:
    try:
        _current.reset(token)
    except ValueError:  # reset from another context than it was set in
        _current.set(None)


@asynccontextmanager
async def request_scope() -> AsyncIterator[RequestScope]:
    """Open a request scope: REQUEST providers resolved inside share one instance each.

    The HTTP layer opens one per request. Workers and scripts can open one per unit of work::

        async with request_scope():
            ctx = await app.resolve(RequestContext)
    """
    scope = RequestScope()
    token = _current.set(_Slot(None, scope=scope))
    try:
        yield scope
    except BaseException as exc:
        await scope.aclose(exc)
        raise
    else:
        await scope.aclose()
    finally:
        exit_lazy_request_scope(token)
