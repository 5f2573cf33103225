"""Guards: decide whether a request may reach a route, before the handler runs.

PyNest's form: a :class:`BaseGuard` subclass with ``can_activate(request, credentials)`` and an
optional FastAPI ``security_scheme``. When routes are mounted each such guard becomes a FastAPI
dependency, so its security scheme appears in OpenAPI. Guards of the pipeline's form,
``can_activate(context)``, are run by :mod:`nest.http.pipeline` instead. Either way a guard
class is built once by the container (see :mod:`nest.pipeline.resolution`).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Depends, Request, Security
from fastapi.params import Depends as DependsParam
from fastapi.security.base import SecurityBase

from nest.http.exceptions import ForbiddenException
from nest.pipeline.enhancers import UseGuards, collect

__all__ = ["BaseGuard", "UseGuards", "get_guards", "guard_dependency", "is_legacy_guard"]


class BaseGuard:
    """Base class of guards: override :meth:`can_activate`.

    Set ``security_scheme`` to a FastAPI security scheme (``APIKeyHeader(...)``, ``HTTPBearer()``,
    ``OAuth2PasswordBearer(...)``, ...) to receive its credentials and appear in OpenAPI.
    """

    security_scheme: SecurityBase | None = None
    #: The body of the 403 answered when :meth:`can_activate` returns a false value.
    denied_detail: str = "Access denied"

    def can_activate(self, request: Request, credentials: Any = None) -> bool | Awaitable[bool]:
        """Whether the request may proceed; may be ``async``. Raise an HttpException to answer otherwise."""
        raise NotImplementedError(
            f"{type(self).__name__} must define can_activate(request, credentials)"
        )


def get_guards(controller: type, handler: Any) -> tuple[Any, ...]:
    """Guards of a route: the controller's (base classes' first), then the handler's."""
    return collect("guards", controller, handler)


def is_legacy_guard(entry: Any) -> bool:
    """Whether a guard has PyNest's form, ``can_activate(request, credentials)``.

    Such guards run as FastAPI dependencies (so a ``security_scheme`` reaches OpenAPI);
    guards with ``can_activate(context)`` run in nest's pipeline.
    """
    cls = entry if isinstance(entry, type) else type(entry)
    if not issubclass(cls, BaseGuard):
        return False
    if cls.security_scheme is not None:
        return True
    try:
        params = list(inspect.signature(cls.can_activate).parameters.values())[1:]
    except (TypeError, ValueError):
        return True
    if not params:
        return False
    return len(params) >= 2 or params[0].name in ("request", "req")


def guard_dependency(guard: Any, instance: Callable[[], Any]) -> DependsParam:
    """A FastAPI dependency running the guard that ``instance()`` returns."""
    guard_class = guard if isinstance(guard, type) else type(guard)
    scheme = getattr(guard_class, "security_scheme", None)
    detail = getattr(guard_class, "denied_detail", BaseGuard.denied_detail)

    async def check(request: Request, credentials: Any) -> None:
        allowed = instance().can_activate(request, credentials)
        if inspect.isawaitable(allowed):
            allowed = await allowed
        if not allowed:
            raise ForbiddenException(detail)

    run_guard: Callable[..., Awaitable[None]]
    if scheme is None:

        async def run_plain(request: Request) -> None:
            await check(request, None)

        run_guard = run_plain
    else:

        async def run_with_credentials(
            request: Request, credentials: Any = Security(scheme)
        ) -> None:
            await check(request, credentials)

        run_guard = run_with_credentials
    run_guard.__qualname__ = f"{guard_class.__name__}.can_activate"
    dependency: DependsParam = Depends(run_guard)
    return dependency
