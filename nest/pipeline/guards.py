"""Guards: decide whether a call may reach its handler.

A guard is any object with ``can_activate(context)`` returning a bool (or an awaitable of
one). A false answer stops the call: HTTP answers 403, a WebSocket gateway closes the socket
with 1008. A guard may also raise its own exception (an ``UnauthorizedException``, say),
which exception filters then see.

PyNest's ``BaseGuard`` form, ``can_activate(request, credentials)`` with a FastAPI
``security_scheme``, keeps working on HTTP routes; see :mod:`nest.http.guards`.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Sequence
from typing import Any

from nest.pipeline.context import ExecutionContext

__all__ = ["CanActivate", "run_guards"]


class CanActivate:
    """Optional base class of guards: override :meth:`can_activate`."""

    def can_activate(self, context: ExecutionContext) -> bool | Awaitable[bool]:
        """Whether the call may proceed; may be ``async``."""
        raise NotImplementedError(f"{type(self).__name__} must define can_activate(context)")


async def run_guards(guards: Sequence[Any], context: ExecutionContext) -> Any:
    """Run ``guards`` in order; return the first that refuses, or ``None`` if all allow."""
    for guard in guards:
        allowed = guard.can_activate(context)
        if inspect.isawaitable(allowed):
            allowed = await allowed
        if not allowed:
            return guard
    return None
