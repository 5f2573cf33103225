"""Turning controllers into FastAPI routes."""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from fastapi import FastAPI, Request, Response
from fastapi.params import Depends as DependsParam
from fastapi.routing import APIRoute
from starlette.routing import Match
from starlette.types import Scope

from nest.di.records import ProviderRecord
from nest.di.request_scope import RequestScope, enter_lazy_request_scope, exit_lazy_request_scope
from nest.di.scanner import ModuleGraph
from nest.http.decorators import RouteMetadata, get_controller_metadata, get_http_code, get_routes
from nest.http.params import HandlerPlan, legacy_attributes, plan_handler
from nest.http.pipeline import RoutePipeline
from nest.pipeline.resolution import handler_entries, register_enhancers

__all__ = [
    "ControllerPlan",
    "NestRoute",
    "RouteWrapper",
    "ScopedNestRoute",
    "join_paths",
    "plan_controllers",
]


Handler = Callable[[Request], Coroutine[Any, Any, Response]]
#: Takes FastAPI's request handler of a route and returns the handler to use instead.
RouteWrapper = Callable[[Handler], Handler]


class NestRoute(APIRoute):
    """An ``APIRoute`` that also answers its path with a trailing slash, without a redirect.

    Subclasses made per route (see :func:`route_class_for`) set the class attributes: a request
    pipeline (guards, filters) run around FastAPI's handler, the lazy request scope, and a host
    pattern the request's host must match.
    """

    nest_pipeline: ClassVar[RoutePipeline | None] = None
    nest_scoped: ClassVar[bool] = False
    nest_host: ClassVar[re.Pattern[str] | None] = None
    #: Wrappers of FastAPI's request handler, innermost first (see ``add_route_wrapper``).
    nest_wrappers: ClassVar[tuple[RouteWrapper, ...]] = ()

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        if self.path != "/" and not self.path.endswith("/"):
            pattern = self.path_regex.pattern
            if pattern.endswith("$"):
                self.path_regex = re.compile(pattern[:-1] + "/?$")

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        for wrap in self.nest_wrappers:
            handler = wrap(handler)
        if self.nest_pipeline is not None:
            handler = self.nest_pipeline.wrap(handler)
        if self.nest_scoped:
            handler = _scoped(handler)
        return handler


def _host_name(scope: Scope) -> str:
    """The request's host name, without the port."""
    for key, value in scope["headers"]:
        if key == b"host":
            host: str = value.decode("latin-1")
            if host.startswith("["):  # an IPv6 literal
                return host[: host.find("]") + 1]
            return host.partition(":")[0]
    return ""


def _register_teardown(asgi_scope: Any, scope: RequestScope) -> None:
    # FastAPI's request exit stack closes after the response is sent, with the request's error.
    asgi_scope["fastapi_inner_astack"].push_async_exit(scope.exit)


def _scoped(
    handler: Callable[[Request], Coroutine[Any, Any, Response]],
) -> Callable[[Request], Coroutine[Any, Any, Response]]:
    """Give each request a slot for its DI scope (a context variable: no FastAPI dependency);
    the scope is made only if something REQUEST-scoped is resolved."""

    async def scoped_handler(request: Request) -> Response:
        token = enter_lazy_request_scope(_register_teardown, request.scope)
        try:
            return await handler(request)
        finally:
            exit_lazy_request_scope(token)

    return scoped_handler


class HostNestRoute(NestRoute):
    """A route that only matches requests to hosts matching ``nest_host``.

    A subclass of its own, so that routes without a host pattern pay nothing in matching.
    """

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        host = self.nest_host
        if host is not None and scope["type"] == "http" and not host.fullmatch(_host_name(scope)):
            return Match.NONE, {}
        return super().matches(scope)


class ScopedNestRoute(NestRoute):
    """A :class:`NestRoute` of an application with REQUEST providers."""

    nest_scoped = True


def route_class_for(
    *,
    scoped: bool,
    pipeline: RoutePipeline | None,
    host: re.Pattern[str] | None,
    wrappers: tuple[RouteWrapper, ...] = (),
) -> type[NestRoute]:
    """The route class for one route: a shared one unless it has a pipeline, a host or wrappers."""
    if pipeline is None and host is None and not wrappers:
        return ScopedNestRoute if scoped else NestRoute
    return type(
        "NestPipelineRoute",
        (HostNestRoute if host is not None else NestRoute,),
        {
            "nest_pipeline": pipeline,
            "nest_scoped": scoped,
            "nest_host": host,
            "nest_wrappers": wrappers,
        },
    )


def host_pattern(host: str | None) -> re.Pattern[str] | None:
    """``":account.example.com"`` -> a pattern with a named group ``account``."""
    if not host:
        return None
    parts = []
    for label in host.split("."):
        if label.startswith(":") and label[1:].isidentifier():
            parts.append(f"(?P<{label[1:]}>[^.]+)")
        else:
            parts.append(re.escape(label))
    return re.compile(r"\.".join(parts), re.IGNORECASE)


def join_paths(*parts: str) -> str:
    """Join path pieces: one leading slash, no trailing slash, no empty segments."""
    segments = [p.strip("/") for p in parts if p and p.strip("/")]
    return "/" + "/".join(segments)


def route_methods(cls: type) -> Iterator[tuple[str, Callable[..., Any], tuple[RouteMetadata, ...]]]:
    """Route handlers of ``cls`` in definition order (a base class's first); overrides replace."""
    found: dict[str, Callable[..., Any]] = {}
    for klass in reversed(cls.__mro__):
        for name, attr in vars(klass).items():
            if get_routes(attr):
                found[name] = attr
            elif name in found:
                del found[name]
    for name, func in found.items():
        yield name, func, get_routes(func)


@dataclass
class ControllerPlan:
    """One controller of one module, with a plan for each of its handlers."""

    record: ProviderRecord
    handlers: list[tuple[str, HandlerPlan, tuple[RouteMetadata, ...]]]


def plan_controllers(graph: ModuleGraph) -> list[ControllerPlan]:
    """Read every controller's handlers; register their injected parameters and enhancer
    classes, so that start-up validation checks them."""
    plans: list[ControllerPlan] = []
    for module in list(graph.modules):
        for record in module.controllers:
            cls = record.use_class
            assert cls is not None
            attributes = legacy_attributes(cls)
            handlers = []
            for name, func, routes in route_methods(cls):
                plan = plan_handler(func, module, attributes)
                register_enhancers(graph, module, handler_entries(cls, func))
                if not plan.plain:
                    module.route_consumers.append(plan.consumer)
                handlers.append((name, plan, routes))
            plans.append(ControllerPlan(record, handlers))
    return plans


def controller_tag(cls: type) -> str:
    meta = get_controller_metadata(cls)
    if meta and meta.tag:
        return meta.tag
    prefix = (meta.prefix if meta else "").strip("/")
    return prefix or cls.__name__.removesuffix("Controller") or cls.__name__


def route_options(
    cls: type,
    name: str,
    func: Callable[..., Any],
    route: RouteMetadata,
    *,
    operation_ids: set[str],
    extra_dependencies: Sequence[DependsParam],
    many: bool,
) -> dict[str, Any]:
    """The ``add_api_route`` keywords of one route, nest's defaults under the user's options."""
    options = dict(route.options)
    status = get_http_code(func)
    if status is not None:
        options["status_code"] = status
    elif "status_code" not in options and route.method == "POST":
        options["status_code"] = 201
    options.setdefault("tags", [controller_tag(cls)])
    if "operation_id" not in options:
        base = f"{cls.__name__}_{name}" + (f"_{route.method.lower()}" if many else "")
        candidate, counter = base, 2
        while candidate in operation_ids:
            candidate, counter = f"{base}_{counter}", counter + 1
        options["operation_id"] = candidate
    operation_ids.add(options["operation_id"])
    if extra_dependencies:
        options["dependencies"] = [*extra_dependencies, *options.get("dependencies", ())]
    return options


def add_route(
    server: FastAPI,
    path: str,
    endpoint: Callable[..., Any],
    method: str,
    options: dict[str, Any],
    *,
    route_class: type[NestRoute] = NestRoute,
) -> APIRoute:
    """Add one route to ``server`` and return it."""
    server.router.add_api_route(
        path, endpoint, methods=[method], route_class_override=route_class, **options
    )
    route = server.router.routes[-1]
    assert isinstance(route, APIRoute)
    return route
