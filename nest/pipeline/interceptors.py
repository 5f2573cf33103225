"""Interceptors: code around a handler call.

``intercept(context, call_next)`` runs before the handler; ``await call_next()`` runs the rest
of the chain (the next interceptors, then pipes and the handler) and returns its result, which
the interceptor may transform or replace. Exceptions from the handler reach the interceptor at
``await call_next()``, where it may map them to others. An interceptor may also answer without
calling ``call_next`` at all (a cache hit).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from nest.pipeline.context import ExecutionContext

__all__ = ["CallHandler", "NestInterceptor", "run_interceptors"]


class CallHandler:
    """The rest of the chain. Await ``call_next()`` (or ``call_next.handle()``) for the result."""

    __slots__ = ("_call",)

    def __init__(self, call: Callable[[], Awaitable[Any]]) -> None:
        self._call = call

    def __call__(self) -> Awaitable[Any]:
        return self._call()

    def handle(self) -> Awaitable[Any]:
        return self._call()


class NestInterceptor:
    """Optional base class of interceptors: override :meth:`intercept`."""

    async def intercept(self, context: ExecutionContext, call_next: CallHandler) -> Any:
        return await call_next()


async def run_interceptors(
    interceptors: Sequence[Any], context: ExecutionContext, call: Callable[[], Awaitable[Any]]
) -> Any:
    """Call ``call`` through ``interceptors`` (the first listed is the outermost)."""
    if not interceptors:
        return await call()
    first, rest = interceptors[0], interceptors[1:]

    async def call_rest() -> Any:
        return await run_interceptors(rest, context, call)

    result = first.intercept(context, CallHandler(call_rest))
    if inspect.isawaitable(result):
        result = await result
    return result
