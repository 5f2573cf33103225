"""Guards: decide whether a request may reach a route, before the handler runs.

``@UseGuards(AuthGuard)`` on a controller (every route) or on a handler records the guard
classes; when routes are mounted each guard becomes a FastAPI dependency. A guard that is a
provider visible in the controller's module comes from the container (its constructor injected);
any other guard is built once with no arguments. Either way it is one instance, not one per request.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import Depends, Request, Security
from fastapi.params import Depends as DependsParam
from fastapi.security.base import SecurityBase

from nest.http.exceptions import ForbiddenException

__all__ = ["BaseGuard", "UseGuards", "get_guards", "guard_dependency"]

_GUARDS = "__nest_guards__"
T = TypeVar("T")


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


def UseGuards(*guards: type[BaseGuard]) -> Callable[[T], T]:
    """Protect a controller (every route) or one handler with guards, run in the order given."""
    for guard in guards:
        if not (isinstance(guard, type) and callable(getattr(guard, "can_activate", None))):
            raise TypeError(
                f"UseGuards takes guard classes with a can_activate() method, not {guard!r}"
            )

    def decorate(target: T) -> T:
        existing: tuple[type[BaseGuard], ...] = _own_guards(target)
        setattr(target, _GUARDS, (*existing, *guards))
        return target

    return decorate


def _own_guards(target: Any) -> tuple[type[BaseGuard], ...]:
    found = (
        vars(target).get(_GUARDS, ()) if isinstance(target, type) else getattr(target, _GUARDS, ())
    )
    return tuple(found)


def get_guards(controller: type, handler: Any) -> tuple[type[BaseGuard], ...]:
    """Guards of a route: the controller's (base classes' first), then the handler's."""
    inherited: list[type[BaseGuard]] = []
    for klass in reversed(controller.__mro__):
        inherited.extend(_own_guards(klass))
    return (*inherited, *_own_guards(handler))


def guard_dependency(guard_class: type[Any], instance: Callable[[], Any]) -> DependsParam:
    """A FastAPI dependency running the guard that ``instance()`` returns."""
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
