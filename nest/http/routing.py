"""Turning controllers into FastAPI routes."""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.params import Depends as DependsParam
from fastapi.routing import APIRoute

from nest.di.records import ModuleRecord, ProviderRecord
from nest.di.request_scope import RequestScope, enter_lazy_request_scope, exit_lazy_request_scope
from nest.http.decorators import RouteMetadata, get_controller_metadata, get_http_code, get_routes
from nest.http.params import HandlerPlan, legacy_attributes, plan_handler

__all__ = ["ControllerPlan", "NestRoute", "ScopedNestRoute", "join_paths", "plan_controllers"]


class NestRoute(APIRoute):
    """An ``APIRoute`` that also answers its path with a trailing slash, without a redirect."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        if self.path != "/" and not self.path.endswith("/"):
            pattern = self.path_regex.pattern
            if pattern.endswith("$"):
                self.path_regex = re.compile(pattern[:-1] + "/?$")


def _register_teardown(asgi_scope: Any, scope: RequestScope) -> None:
    # FastAPI's request exit stack closes after the response is sent, with the request's error.
    asgi_scope["fastapi_inner_astack"].push_async_exit(scope.exit)


class ScopedNestRoute(NestRoute):
    """A :class:`NestRoute` of an application with REQUEST providers.

    Each request gets a slot for its DI scope (a context variable: no FastAPI dependency, no
    per-route cost beyond that); the scope is made only if something REQUEST-scoped is resolved.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def scoped_handler(request: Request) -> Response:
            token = enter_lazy_request_scope(_register_teardown, request.scope)
            try:
                return await handler(request)
            finally:
                exit_lazy_request_scope(token)

        return scoped_handler


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


def plan_controllers(modules: Sequence[ModuleRecord]) -> list[ControllerPlan]:
    """Read every controller's handlers and register their injected parameters for validation."""
    plans: list[ControllerPlan] = []
    for module in modules:
        for record in module.controllers:
            cls = record.use_class
            assert cls is not None
            attributes = legacy_attributes(cls)
            handlers = []
            for name, func, routes in route_methods(cls):
                plan = plan_handler(func, module, attributes)
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
