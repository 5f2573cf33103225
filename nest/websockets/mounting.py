"""Mounting gateways on a nest application.

:func:`mount_gateways` is called by the application factory (only when ``nest.websockets`` was
imported, so applications without gateways pay nothing). For each gateway it resolves the
guards, interceptors, pipes and filters recorded on the gateway and its handlers (so that a
missing dependency fails at ``create()``), and adds a Starlette WebSocket route.

Starting happens in the server's lifespan, after the DI lifecycle hooks: global enhancers
(``APP_*`` providers and ``app.use_global_*()``) are resolved, each gateway instance gets its
live server handle, the handlers are compiled, then ``after_init(server)`` is called.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.routing import WebSocketRoute

from nest.http.guards import is_legacy_guard
from nest.pipeline.enhancers import ENHANCER_KINDS, EnhancerKind, collect, own_entries
from nest.websockets.gateway import GatewayRuntime
from nest.websockets.handlers import CompiledHandler, FilterLevel, filter_level
from nest.websockets.planning import GatewayPlan, find_gateways

if TYPE_CHECKING:
    from nest.http.application import NestApplication

__all__ = ["mount_gateways"]


@dataclass
class _Local:
    """Enhancers recorded on one handler and its gateway, resolved to instances."""

    guards: list[Any] = field(default_factory=list)
    interceptors: list[Any] = field(default_factory=list)
    pipes: list[Any] = field(default_factory=list)
    handler_filters: list[Any] = field(default_factory=list)
    gateway_filters: list[Any] = field(default_factory=list)


class _Gateways:
    """The gateways of one application."""

    def __init__(self, app: NestApplication, plans: list[GatewayPlan]) -> None:
        self.app = app
        self.resolver = app.enhancer_resolver
        self.runtimes: list[GatewayRuntime] = []
        self.connection_guards: dict[int, list[Any]] = {}
        self.local: dict[int, dict[str, _Local]] = {}
        self._global: dict[EnhancerKind, list[Any]] | None = None
        for plan in plans:
            runtime = GatewayRuntime(plan, self.start_one)
            self._resolve_local(runtime, plan)
            self.runtimes.append(runtime)

    def _resolve_local(self, runtime: GatewayRuntime, plan: GatewayPlan) -> None:
        module = plan.record.module
        cls = plan.cls

        def resolve(kind: EnhancerKind, entries: tuple[Any, ...], where: str) -> list[Any]:
            return self.resolver.instances(kind, entries, module, where)

        gateway_where = f"gateway {cls.__name__} (module {module.name})"
        self.connection_guards[id(runtime)] = resolve(
            "guards", collect("guards", cls, None), gateway_where
        )
        gateway_filters = resolve("filters", collect("filters", cls, None), gateway_where)
        handlers: dict[str, _Local] = {}
        for event, handler in plan.handlers.items():
            where = f"{cls.__name__}.{handler.name} (module {module.name})"
            func = handler.func
            handlers[event] = _Local(
                guards=resolve("guards", collect("guards", cls, func), where),
                interceptors=resolve("interceptors", collect("interceptors", cls, func), where),
                pipes=resolve("pipes", collect("pipes", cls, func), where),
                handler_filters=resolve("filters", own_entries("filters", func), where),
                gateway_filters=gateway_filters,
            )
        self.local[id(runtime)] = handlers

    def _globals(self) -> dict[EnhancerKind, list[Any]]:
        """``APP_*`` providers, then what ``app.use_global_*()`` added (resolved once)."""
        if self._global is not None:
            return self._global
        found: dict[EnhancerKind, list[Any]] = {}
        for kind in ENHANCER_KINDS:
            entries = self.app.global_enhancers(kind)
            if kind == "guards":  # PyNest-style guards are FastAPI dependencies: HTTP only
                entries = [g for g in entries if not is_legacy_guard(g)]
            found[kind] = entries
        self._global = found
        return found

    async def start(self) -> None:
        """Start every gateway (in the lifespan, after the DI lifecycle hooks)."""
        for runtime in self.runtimes:
            await self.start_one(runtime)

    async def start_one(self, runtime: GatewayRuntime) -> None:
        if runtime.started:
            return
        plan = runtime.plan
        glob = self._globals()
        instance = self.app.container.instance_of(plan.record)
        global_filters = filter_level(glob["filters"])
        handlers: dict[str, CompiledHandler] = {}
        for event, handler in plan.handlers.items():
            local = self.local[id(runtime)][event]
            filters: list[FilterLevel] = [
                filter_level(local.handler_filters),
                filter_level(local.gateway_filters),
                global_filters,
            ]
            handlers[event] = CompiledHandler(
                handler,
                cls=plan.cls,
                method=getattr(instance, handler.name),
                guards=[*glob["guards"], *local.guards],
                interceptors=[*glob["interceptors"], *local.interceptors],
                pipes=[*glob["pipes"], *local.pipes],
                filters=filters,
            )
        runtime.activate(
            instance, handlers, [*glob["guards"], *self.connection_guards[id(runtime)]]
        )
        after_init = getattr(instance, "after_init", None)
        if after_init is not None:
            result = after_init(runtime.server)
            if inspect.isawaitable(result):
                await result


def mount_gateways(app: NestApplication) -> list[GatewayRuntime]:
    """Add a WebSocket route per gateway of ``app`` and start them in its lifespan."""
    plans, _ = find_gateways(app.container.graph)  # problems were reported by validation
    if not plans:
        return []
    gateways = _Gateways(app, plans)
    server = app.get_server()
    for runtime in gateways.runtimes:
        server.router.routes.append(
            WebSocketRoute(runtime.path, runtime.endpoint, name=f"gateway:{runtime.name}")
        )
    inner = server.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(asgi_app: Any) -> AsyncIterator[Any]:
        async with inner(asgi_app) as state:
            await gateways.start()
            yield state

    server.router.lifespan_context = lifespan
    return gateways.runtimes
