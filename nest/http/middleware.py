"""Middleware bound to routes, configured by modules: ``configure(self, consumer)``.

Example:
    ```python
    @Module(controllers=[BookController], providers=[AuditLog])
    class BookModule:
        def configure(self, consumer: MiddlewareConsumer) -> None:
            consumer.apply(LoggerMiddleware, cors_headers).exclude("book/health").for_routes(BookController)
    ```

A middleware is either a class with ``async def use(self, request, call_next) -> Response``,
built once with its constructor injected from the configuring module, or an instance of one,
or a function ``async def (request, call_next) -> Response``. ``call_next(request)`` runs the
rest (other middleware, then the route) and returns its response.

Routes are named by controller classes (every route of the controller), by path patterns
(``"book"``, ``"book/*"``, ``"authors/{id}"``; relative to the global prefix; ``*`` matches
anything) or by :class:`RouteInfo` (a pattern and a method). Middleware runs at the ASGI
level, before guards, and only for requests it is bound to: with none configured nothing is
installed at all.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from nest.di.container import Container
from nest.di.records import ModuleRecord
from nest.http.decorators import get_controller_metadata

__all__ = [
    "MiddlewareConfigProxy",
    "MiddlewareConsumer",
    "NestMiddleware",
    "RouteInfo",
]

CallNext = Callable[[Request], Awaitable[Response]]
Dispatch = Callable[[Request, CallNext], Awaitable[Response]]


class NestMiddleware:
    """Optional base class of class middleware: override :meth:`use`."""

    async def use(self, request: Request, call_next: CallNext) -> Response:
        return await call_next(request)


@dataclass(frozen=True)
class RouteInfo:
    """A path pattern and, optionally, an HTTP method (``RouteInfo("book/*", "POST")``)."""

    path: str
    method: str | None = None


def _path_regex(pattern: str) -> re.Pattern[str]:
    """``"book/*"`` -> a regex over the request path relative to the global prefix."""
    text = pattern.strip("/")
    if text in ("", "*", "(.*)"):
        return re.compile(r"/?.*")
    out = []
    for part in re.split(r"(\*|\{[^}]*\}|:\w+)", text):
        if part == "*":
            out.append(".*")
        elif part.startswith("{") or (part.startswith(":") and len(part) > 1):
            out.append("[^/]+")
        else:
            out.append(re.escape(part))
    return re.compile("/" + "".join(out) + "/?")


@dataclass(frozen=True)
class _Matcher:
    regex: re.Pattern[str]
    method: str | None
    controller: type | None = None

    def matches(self, path: str, method: str) -> bool:
        if self.method is not None and self.method != method:
            return False
        return self.regex.fullmatch(path) is not None


@dataclass
class _Binding:
    middleware: tuple[Any, ...]
    module: ModuleRecord
    includes: tuple[Any, ...] = ()
    excludes: tuple[Any, ...] = ()


class MiddlewareConfigProxy:
    """What ``consumer.apply(...)`` returns: name the routes with ``for_routes``."""

    def __init__(self, consumer: MiddlewareConsumer, binding: _Binding) -> None:
        self._consumer = consumer
        self._binding = binding

    def exclude(self, *routes: str | RouteInfo) -> MiddlewareConfigProxy:
        """Routes the middleware skips (path patterns or :class:`RouteInfo`)."""
        for route in routes:
            if not isinstance(route, str | RouteInfo):
                raise TypeError(f"exclude() takes path patterns or RouteInfo, not {route!r}")
        self._binding.excludes = (*self._binding.excludes, *routes)
        return self

    def for_routes(self, *routes: str | RouteInfo | type) -> MiddlewareConsumer:
        """Routes the middleware runs for: controller classes, path patterns or :class:`RouteInfo`."""
        if not routes:
            raise TypeError(
                "for_routes() needs at least one route, controller or pattern ('*' for all)"
            )
        for route in routes:
            if isinstance(route, type) and get_controller_metadata(route) is None:
                raise TypeError(
                    f"for_routes() takes controller classes; {route.__name__} is not one"
                )
            if not isinstance(route, str | RouteInfo | type):
                raise TypeError(
                    f"for_routes() takes controllers, path patterns or RouteInfo, not {route!r}"
                )
        self._binding.includes = tuple(routes)
        self._consumer._bindings.append(self._binding)
        return self._consumer

    forRoutes = for_routes


class MiddlewareConsumer:
    """Collects a module's middleware bindings (passed to ``configure(self, consumer)``)."""

    def __init__(self, module: ModuleRecord) -> None:
        self._module = module
        self._bindings: list[_Binding] = []

    def apply(self, *middleware: Any) -> MiddlewareConfigProxy:
        """Middleware to run, in order (classes, instances or functions)."""
        if not middleware:
            raise TypeError("apply() needs at least one middleware")
        for entry in middleware:
            if not (callable(getattr(entry, "use", None)) or callable(entry)):
                raise TypeError(
                    f"apply() takes middleware classes (with use(request, call_next)), instances "
                    f"or functions (request, call_next), not {entry!r}"
                )
        return MiddlewareConfigProxy(self, _Binding(tuple(middleware), self._module))

    @property
    def bindings(self) -> list[_Binding]:
        return list(self._bindings)


def _dispatch_of(entry: Any, container: Container, module: ModuleRecord) -> Dispatch:
    if isinstance(entry, type):
        record = container.resolver.visible(module, entry)
        instance = (
            container.instance_of(record)
            if record is not None and container.is_built(record)
            else container.construct(entry, module)
        )
        return instance.use  # type: ignore[no-any-return]
    use = getattr(entry, "use", None)
    if callable(use):
        return use  # type: ignore[no-any-return]
    return entry  # type: ignore[no-any-return]


def _matchers(
    routes: Sequence[Any], controller_routes: Callable[[type], list[tuple[str, str]]]
) -> list[_Matcher]:
    found: list[_Matcher] = []
    for route in routes:
        if isinstance(route, type):
            for path, method in controller_routes(route):
                found.append(_Matcher(_path_regex(path), method, route))
        elif isinstance(route, RouteInfo):
            found.append(
                _Matcher(_path_regex(route.path), route.method.upper() if route.method else None)
            )
        else:
            found.append(_Matcher(_path_regex(route), None))
    return found


@dataclass
class _CompiledBinding:
    dispatches: tuple[Dispatch, ...]
    includes: list[_Matcher]
    excludes: list[_Matcher]

    def applies(self, path: str, method: str) -> bool:
        if not any(m.matches(path, method) for m in self.includes):
            return False
        return not any(m.matches(path, method) for m in self.excludes)


class MiddlewareDispatcher:
    """One ASGI middleware running, per request, the bound middleware that apply to it."""

    def __init__(
        self, app: ASGIApp, bindings: list[_CompiledBinding], prefix: Callable[[], str]
    ) -> None:
        self.app = app
        self.bindings = bindings
        self.prefix = prefix
        self._chains: dict[tuple[int, ...], ASGIApp] = {}

    def _relative(self, path: str) -> str:
        prefix = self.prefix().rstrip("/")
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            return path[len(prefix) :] or "/"
        return path

    def _chain(self, key: tuple[int, ...]) -> ASGIApp:
        chain = self._chains.get(key)
        if chain is None:
            chain = self.app
            dispatches = [d for index in key for d in self.bindings[index].dispatches]
            for dispatch in reversed(dispatches):
                chain = BaseHTTPMiddleware(chain, dispatch=dispatch)
            self._chains[key] = chain
        return chain

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = self._relative(scope["path"])
        method = scope["method"]
        key = tuple(i for i, b in enumerate(self.bindings) if b.applies(path, method))
        if not key:
            await self.app(scope, receive, send)
            return
        await self._chain(key)(scope, receive, send)


def compile_bindings(
    bindings: Sequence[_Binding],
    container: Container,
    controller_routes: Callable[[type], list[tuple[str, str]]],
) -> list[_CompiledBinding]:
    """Build each binding's middleware (once) and its route matchers."""
    compiled = []
    for binding in bindings:
        dispatches = tuple(_dispatch_of(m, container, binding.module) for m in binding.middleware)
        compiled.append(
            _CompiledBinding(
                dispatches,
                _matchers(binding.includes, controller_routes),
                _matchers(binding.excludes, controller_routes),
            )
        )
    return compiled
