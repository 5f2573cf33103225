"""``@Controller``, the route decorators and ``@HttpCode``: they record metadata only."""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar, overload

__all__ = [
    "Controller",
    "ControllerMetadata",
    "Delete",
    "Get",
    "Head",
    "HttpCode",
    "Options",
    "Patch",
    "Post",
    "Put",
    "RouteDecorator",
    "RouteMetadata",
    "get_controller_metadata",
    "get_http_code",
    "get_routes",
]

_CONTROLLER = "__nest_controller__"
_ROUTES = "__nest_routes__"
_HTTP_CODE = "__nest_http_code__"

C = TypeVar("C", bound=type)
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class ControllerMetadata:
    """What ``@Controller`` records."""

    prefix: str = ""
    tag: str | None = None
    host: str | None = None


@dataclass(frozen=True)
class RouteMetadata:
    """What a route decorator records: the HTTP method, the path and FastAPI route options."""

    method: str
    path: str = "/"
    options: Mapping[str, Any] = field(default_factory=dict)


@overload
def Controller(prefix: C, /) -> C: ...
@overload
def Controller(
    prefix: str | None = None, /, *, tag: str | None = None, host: str | None = None
) -> Callable[[C], C]: ...


def Controller(prefix: Any = None, /, *, tag: str | None = None, host: str | None = None) -> Any:
    """Mark a class as a controller whose routes live under ``prefix``.

    Args:
        prefix: Path prefix of every route in the controller (``"book"`` and ``"/book/"`` are the same).
        tag: OpenAPI tag of the routes; defaults to the prefix, or the class name without "Controller".
        host: Serve the routes only for requests to this host; ``":name"`` labels match any
            label and are read with ``HostParam("name")`` (``host=":account.example.com"``).
    """

    def decorate(cls: C) -> C:
        if not isinstance(cls, type):
            raise TypeError(f"@Controller decorates classes, not {cls!r}")
        setattr(cls, _CONTROLLER, ControllerMetadata(prefix=prefix or "", tag=tag, host=host))
        return cls

    if isinstance(prefix, type):  # bare @Controller
        cls, prefix = prefix, None
        return decorate(cls)
    if prefix is not None and not isinstance(prefix, str):
        raise TypeError(f"Controller(prefix) takes a string, not {prefix!r}")
    return decorate


def get_controller_metadata(cls: type) -> ControllerMetadata | None:
    """The ``@Controller`` record of ``cls`` itself (not inherited), or ``None``."""
    record = vars(cls).get(_CONTROLLER)
    return record if isinstance(record, ControllerMetadata) else None


class RouteDecorator(Protocol):
    """The type of ``Get``, ``Post``, ...: ``@Get``, ``@Get("/path")`` or ``@Get("/path", **options)``."""

    @overload
    def __call__(self, path: F, /) -> F: ...
    @overload
    def __call__(self, path: str = "/", /, **options: Any) -> Callable[[F], F]: ...


def _route_decorator(method: str) -> RouteDecorator:
    def route(path: Any = "/", /, **options: Any) -> Any:
        def decorate(func: F) -> F:
            if not callable(func):
                raise TypeError(f"@{method.title()} decorates methods, not {func!r}")
            existing: tuple[RouteMetadata, ...] = getattr(func, _ROUTES, ())
            setattr(func, _ROUTES, (*existing, RouteMetadata(method, path, dict(options))))
            return func

        if callable(path):  # bare @Get
            func, path = path, "/"
            return decorate(func)
        if not isinstance(path, str):
            raise TypeError(f"{method.title()}(path) takes a string, not {path!r}")
        return decorate

    route.__name__ = route.__qualname__ = method.title()
    route.__doc__ = (
        f"Route ``{method}`` requests for ``path`` to the decorated method.\n\n"
        "Every keyword of FastAPI's ``add_api_route`` passes through (``response_model``, "
        "``status_code``, ``summary``, ``dependencies``, ``responses``, ...)."
    )
    return typing.cast(RouteDecorator, route)


Get = _route_decorator("GET")
Post = _route_decorator("POST")
Put = _route_decorator("PUT")
Patch = _route_decorator("PATCH")
Delete = _route_decorator("DELETE")
Head = _route_decorator("HEAD")
Options = _route_decorator("OPTIONS")


def HttpCode(status_code: int) -> Callable[[F], F]:
    """Set the success status code of a route (POST answers 201 and others 200 by default)."""
    if not isinstance(status_code, int):
        raise TypeError(f"HttpCode takes an int status code, not {status_code!r}")

    def decorate(func: F) -> F:
        setattr(func, _HTTP_CODE, status_code)
        return func

    return decorate


def get_routes(func: Any) -> tuple[RouteMetadata, ...]:
    """The routes recorded on a function (empty when it is not a route handler)."""
    routes = getattr(func, _ROUTES, ())
    return routes if isinstance(routes, tuple) else ()


def get_http_code(func: Any) -> int | None:
    code = getattr(func, _HTTP_CODE, None)
    return code if isinstance(code, int) else None
