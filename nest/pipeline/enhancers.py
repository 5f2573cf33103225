"""``@UseGuards``, ``@UseInterceptors``, ``@UsePipes``, ``@UseFilters``: where enhancers are recorded.

Each decorator appends its entries (classes, or ready instances) to a tuple on the decorated
class or handler. :func:`collect` reads them back for one handler: the class's (base classes
first), then the handler's. Global enhancers are added by the application, before these.

The ``APP_*`` tokens register a global enhancer as a provider, so that it is built by the
container with its dependencies: ``{"provide": APP_GUARD, "use_class": RolesGuard}``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

from nest.di.tokens import InjectionToken

__all__ = [
    "APP_FILTER",
    "APP_GUARD",
    "APP_INTERCEPTOR",
    "APP_PIPE",
    "ENHANCER_KINDS",
    "EnhancerKind",
    "UseFilters",
    "UseGuards",
    "UseInterceptors",
    "UsePipes",
    "collect",
    "own_entries",
]

T = TypeVar("T")

EnhancerKind = Literal["guards", "interceptors", "pipes", "filters"]
ENHANCER_KINDS: tuple[EnhancerKind, ...] = ("guards", "interceptors", "pipes", "filters")

_ATTRIBUTES: dict[EnhancerKind, str] = {
    "guards": "__nest_guards__",
    "interceptors": "__nest_interceptors__",
    "pipes": "__nest_pipes__",
    "filters": "__nest_filters__",
}
_METHODS: dict[EnhancerKind, str] = {
    "guards": "can_activate",
    "interceptors": "intercept",
    "pipes": "transform",
    "filters": "catch",
}

APP_GUARD: InjectionToken[Any] = InjectionToken("APP_GUARD")
APP_INTERCEPTOR: InjectionToken[Any] = InjectionToken("APP_INTERCEPTOR")
APP_PIPE: InjectionToken[Any] = InjectionToken("APP_PIPE")
APP_FILTER: InjectionToken[Any] = InjectionToken("APP_FILTER")

APP_TOKENS: dict[EnhancerKind, InjectionToken[Any]] = {
    "guards": APP_GUARD,
    "interceptors": APP_INTERCEPTOR,
    "pipes": APP_PIPE,
    "filters": APP_FILTER,
}


def check_entry(kind: EnhancerKind, entry: Any, where: str) -> None:
    """Raise ``TypeError`` unless ``entry`` is a class or an instance with the kind's method."""
    method = _METHODS[kind]
    if not callable(getattr(entry, method, None)):
        raise TypeError(
            f"{where} takes classes or instances with a {method}() method, not {entry!r}"
        )


def _decorator(kind: EnhancerKind, name: str) -> Callable[..., Callable[[T], T]]:
    attribute = _ATTRIBUTES[kind]

    def use(*entries: Any) -> Callable[[T], T]:
        for entry in entries:
            check_entry(kind, entry, f"@{name}")

        def decorate(target: T) -> T:
            setattr(target, attribute, (*own_entries(kind, target), *entries))
            return target

        return decorate

    use.__name__ = use.__qualname__ = name
    return use


def own_entries(kind: EnhancerKind, target: Any) -> tuple[Any, ...]:
    """Entries recorded on ``target`` itself (a class's own, not its bases')."""
    attribute = _ATTRIBUTES[kind]
    if isinstance(target, type):
        found = vars(target).get(attribute, ())
    else:
        found = getattr(getattr(target, "__func__", target), attribute, ())
    return tuple(found)


def collect(kind: EnhancerKind, cls: type | None, handler: Any) -> tuple[Any, ...]:
    """Entries of one handler: its class's (base classes first), then its own."""
    found: list[Any] = []
    if cls is not None:
        for klass in reversed(cls.__mro__):
            found.extend(own_entries(kind, klass))
    if handler is not None:
        found.extend(own_entries(kind, handler))
    return tuple(found)


UseGuards = _decorator("guards", "UseGuards")
UseGuards.__doc__ = """Protect a controller (every route), a gateway or one handler with guards.

Guards run in order (global, class, handler); the first that answers false stops the call
with 403. Pass guard classes (built once by the container, with their dependencies) or instances.
"""
UseInterceptors = _decorator("interceptors", "UseInterceptors")
UseInterceptors.__doc__ = """Wrap a controller's handlers (or one handler) with interceptors.

Each interceptor's ``intercept(context, call_next)`` runs around the handler: code before
``await call_next()`` runs first, code after sees (and may replace) the result.
"""
UsePipes = _decorator("pipes", "UsePipes")
UsePipes.__doc__ = """Transform or validate every request-borne argument of a controller's handlers (or one handler)."""
UseFilters = _decorator("filters", "UseFilters")
UseFilters.__doc__ = """Handle exceptions of a controller's handlers (or one handler) with exception filters.

The handler's filters are tried before the class's, which are tried before global ones; among
one level's filters, the one whose ``@Catch`` type is closest to the exception's class wins.
"""
