"""The HTTP application: a DI application context plus the FastAPI app that serves it."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.params import Depends as DependsParam
from fastapi.routing import APIRoute

from nest.di.container import Container
from nest.di.context import ApplicationContext
from nest.di.records import ProviderRecord
from nest.di.scope import Scope
from nest.errors import NestError
from nest.http.decorators import get_controller_metadata
from nest.http.guards import get_guards, guard_dependency, is_legacy_guard
from nest.http.params import RequestScopedController, compile_endpoint
from nest.http.pipeline import RouteEnhancers, compile_route, install_global_filter_handler
from nest.http.routing import (
    ControllerPlan,
    RouteWrapper,
    add_route,
    host_pattern,
    join_paths,
    route_class_for,
    route_options,
)
from nest.pipeline.enhancers import (
    ENHANCER_KINDS,
    EnhancerKind,
    check_entry,
    collect,
    own_entries,
)
from nest.pipeline.resolution import EnhancerResolver

__all__ = ["InvalidGuardError", "NestApplication"]

_PATH_PARAM = re.compile(r"{(\w+)(?::[^}]*)?}")


class InvalidGuardError(NestError):
    """A guard can be neither resolved from the container nor built without arguments."""


class NestApplication(ApplicationContext):
    """A nest application served by FastAPI.

    ``get_server()`` returns the plain FastAPI app: run it under uvicorn, add middleware, CORS and
    exception handlers to it as usual. Its lifespan runs :meth:`init` before serving and
    :meth:`close` after, in the server's own event loop.
    """

    def __init__(
        self,
        container: Container,
        server: FastAPI,
        plans: list[ControllerPlan],
        *,
        operation_ids: bool = True,
    ) -> None:
        super().__init__(container)
        self._server = server
        self._plans = plans
        self._operation_ids = operation_ids
        self._global_prefix = ""
        self._route_dependencies: list[DependsParam] = []
        self._wrappers: list[RouteWrapper] = []
        self._routes: list[APIRoute] = []
        self._mounted = False
        self._global: dict[EnhancerKind, list[Any]] = {kind: [] for kind in ENHANCER_KINDS}
        self._used = 0
        self._resolver: EnhancerResolver | None = None
        self._global_filter_level: list[tuple[Any, tuple[type[BaseException], ...]]] = []
        self._install_lifespan()

    @property
    def server(self) -> FastAPI:
        """The FastAPI app."""
        return self._server

    def get_server(self) -> FastAPI:
        """The FastAPI app (PyNest's name for :attr:`server`)."""
        return self._server

    @property
    def http_server(self) -> FastAPI:
        return self._server

    @property
    def global_prefix(self) -> str:
        return self._global_prefix

    def set_global_prefix(self, prefix: str) -> NestApplication:
        """Serve every controller route under ``prefix`` (for example ``"api"`` or ``"/api/v1"``)."""
        self._global_prefix = join_paths(prefix) if prefix.strip("/") else ""
        if self._mounted:
            self._unmount()
            self.mount()
        return self

    def add_route_wrapper(self, wrapper: RouteWrapper) -> None:
        """Wrap FastAPI's request handler of every controller route (before they are mounted).

        ``wrapper(handler)`` returns an ``async (request) -> Response`` that calls ``handler``:
        it sees the request before FastAPI reads it and every exception the handler raises,
        before exception handlers turn it into a response. Cheaper per request than a route
        dependency; the first added is the innermost.
        """
        if self._mounted:
            raise RuntimeError(
                "add_route_wrapper() must be called before the routes are mounted (in configure())"
            )
        self._wrappers.append(wrapper)

    def add_route_dependency(self, dependency: DependsParam | Callable[..., Any]) -> None:
        """Add a FastAPI dependency to every controller route (before the routes are mounted)."""
        if self._mounted:
            raise RuntimeError(
                "add_route_dependency() must be called before the routes are mounted (in configure())"
            )
        self._route_dependencies.append(
            dependency if isinstance(dependency, DependsParam) else Depends(dependency)
        )

    def use(self, *middleware: Any) -> NestApplication:
        """Run ``middleware`` for every request (NestJS's ``app.use``), in the order given.

        Each is a function ``async (request, call_next) -> Response``, a class with
        ``async use(self, request, call_next)`` (built once, injected from the root module) or an
        instance of one. For middleware bound to some routes, see ``configure(self, consumer)``.
        Call it before the server starts.
        """
        from starlette.middleware import Middleware
        from starlette.middleware.base import BaseHTTPMiddleware

        if self._server.middleware_stack is not None:
            raise RuntimeError("use() must be called before the application starts serving")
        for entry in middleware:
            if isinstance(entry, type):
                entry = self.container.construct(entry, self.container.graph.root)
            dispatch = entry.use if callable(getattr(entry, "use", None)) else entry
            if not callable(dispatch):
                raise TypeError(
                    f"use() takes middleware functions, classes or instances, not {entry!r}"
                )
            # Outermost first, in the order of use() calls, before module-bound middleware.
            self._server.user_middleware.insert(
                self._used, Middleware(BaseHTTPMiddleware, dispatch=dispatch)
            )
            self._used += 1
        return self

    # -- routes ---------------------------------------------------------------------------

    def mount(self) -> None:
        """Add every controller's routes to the FastAPI app (done by ``PyNestFactory.create``)."""
        extra = list(self._route_dependencies)
        scoped = self.container.has_request_scope
        operation_ids: set[str] = set()
        global_entries = {kind: self.global_enhancers(kind) for kind in ENHANCER_KINDS}
        self._global_filter_level = RouteEnhancers.filter_level(global_entries["filters"])
        if self._global_filter_level:
            install_global_filter_handler(self._server, lambda: self._global_filter_level)
        for plan in self._plans:
            record = plan.record
            cls = record.use_class
            assert cls is not None
            controller: Any
            if record.scope is Scope.REQUEST:
                controller = RequestScopedController(record)
            elif self.container.is_built(record):
                controller = self.container.instance_of(record)
            else:
                controller = self.container.shell(record)
            meta = get_controller_metadata(cls)
            prefix = meta.prefix if meta else ""
            host = host_pattern(meta.host if meta else None)
            module = record.module
            for name, handler, routes in plan.handlers:
                where = f"{cls.__name__}.{name} (module {module.name})"
                endpoint = compile_endpoint(self.container, handler, controller)
                enhancers, legacy = self._route_enhancers(
                    record, handler.func, global_entries, where
                )
                for route in routes:
                    path = join_paths(self._global_prefix, prefix, route.path)
                    route_endpoint, pipeline = compile_route(
                        endpoint,
                        cls=cls,
                        handler=handler.func,
                        enhancers=enhancers,
                        path_params=set(_PATH_PARAM.findall(path)),
                        host_pattern=host,
                        where=where,
                    )
                    options = route_options(
                        cls,
                        name,
                        handler.func,
                        route,
                        operation_ids=operation_ids,
                        extra_dependencies=[*extra, *legacy],
                        many=len(routes) > 1,
                    )
                    if not self._operation_ids and "operation_id" not in route.options:
                        options.pop("operation_id")
                    self._routes.append(
                        add_route(
                            self._server,
                            path,
                            route_endpoint,
                            route.method,
                            options,
                            route_class=route_class_for(
                                scoped=scoped,
                                pipeline=pipeline,
                                host=host,
                                wrappers=tuple(self._wrappers),
                            ),
                        )
                    )
        self._mounted = True

    def _route_enhancers(
        self,
        record: ProviderRecord,
        func: Callable[..., Any],
        global_entries: dict[EnhancerKind, list[Any]],
        where: str,
    ) -> tuple[RouteEnhancers, list[DependsParam]]:
        """What runs around one handler: global entries first, then the controller's, then its own
        (filters the other way round); PyNest-style guards apart, as FastAPI dependencies."""
        cls = record.use_class
        assert cls is not None
        module = record.module

        def instances(kind: EnhancerKind, entries: Any) -> list[Any]:
            return self.enhancer_resolver.instances(kind, entries, module, where)

        # PyNest-style guard classes are reached lazily (they may need async-built providers).
        guards = [*global_entries["guards"], *get_guards(cls, func)]
        legacy = [
            guard_dependency(guard, self._guard(record, guard))
            for guard in guards
            if is_legacy_guard(guard)
        ]
        own = [guard for guard in get_guards(cls, func) if not is_legacy_guard(guard)]
        enhancers = RouteEnhancers(
            guards=[
                *(guard for guard in global_entries["guards"] if not is_legacy_guard(guard)),
                *instances("guards", own),
            ],
            interceptors=[
                *global_entries["interceptors"],
                *instances("interceptors", collect("interceptors", cls, func)),
            ],
            pipes=[*global_entries["pipes"], *instances("pipes", collect("pipes", cls, func))],
            filters=[
                RouteEnhancers.filter_level(instances("filters", own_entries("filters", func))),
                RouteEnhancers.filter_level(instances("filters", collect("filters", cls, None))),
                RouteEnhancers.filter_level(global_entries["filters"]),
            ],
        )
        return enhancers, legacy

    # -- global enhancers -----------------------------------------------------------------

    @property
    def enhancer_resolver(self) -> EnhancerResolver:
        """Turns enhancer entries into instances; each class is built once per application."""
        if self._resolver is None:
            self._resolver = EnhancerResolver(self.container)
        return self._resolver

    def global_enhancers(self, kind: EnhancerKind) -> list[Any]:
        """The global enhancers of ``kind`` as instances: ``APP_*`` providers, then ``use_global_*()``."""
        resolver = self.enhancer_resolver
        return [
            *resolver.app_providers(kind),
            *resolver.instances(
                kind, self._global[kind], self.container.graph.root, "the application"
            ),
        ]

    def use_global_guards(self, *guards: Any) -> NestApplication:
        """Run ``guards`` (instances, or classes built once) before every controller route's own."""
        return self._use_global("guards", guards, "use_global_guards")

    def use_global_interceptors(self, *interceptors: Any) -> NestApplication:
        """Wrap every controller route's handler with ``interceptors`` (outermost first)."""
        return self._use_global("interceptors", interceptors, "use_global_interceptors")

    def use_global_pipes(self, *pipes: Any) -> NestApplication:
        """Run every request-borne argument of every controller route through ``pipes``."""
        return self._use_global("pipes", pipes, "use_global_pipes")

    def use_global_filters(self, *filters: Any) -> NestApplication:
        """Let ``filters`` handle exceptions no route or controller filter handles."""
        return self._use_global("filters", filters, "use_global_filters")

    def _use_global(
        self, kind: EnhancerKind, entries: tuple[Any, ...], name: str
    ) -> NestApplication:
        for entry in entries:
            check_entry(kind, entry, name)
        self._global[kind].extend(entries)
        if self._mounted:
            self._unmount()
            self.mount()
        return self

    #: NestJS's names.
    useGlobalGuards = use_global_guards
    useGlobalInterceptors = use_global_interceptors
    useGlobalPipes = use_global_pipes
    useGlobalFilters = use_global_filters

    def _guard(self, controller: ProviderRecord, guard: Any) -> Callable[[], Any]:
        """How to reach the one instance of a PyNest-style guard: the container's if the module
        sees it (read when a request comes, so it may be built by an async factory)."""
        record = (
            self.container.resolver.visible(controller.module, guard)
            if isinstance(guard, type)
            else None
        )
        if record is None:
            made = self.enhancer_resolver.instance(
                "guards",
                guard,
                controller.module,
                f"{controller.name} (module {controller.module.name})",
            )
            return lambda: made
        if record.scope is not Scope.SINGLETON:
            raise InvalidGuardError(
                f"Guard {guard.__name__} of {controller.name} is {record.scope.value}-scoped; "
                "guards are built once: make it a singleton (the default scope)."
            )
        container = self.container
        return lambda: container.instance_of(record)

    def _unmount(self) -> None:
        mine = {id(r) for r in self._routes}
        self._server.router.routes[:] = [r for r in self._server.router.routes if id(r) not in mine]
        self._routes.clear()
        self._server.openapi_schema = None
        self._mounted = False

    def routes(self) -> list[APIRoute]:
        """The routes this application mounted from its controllers."""
        return list(self._routes)

    # -- lifespan -------------------------------------------------------------------------

    def _install_lifespan(self) -> None:
        inner = self._server.router.lifespan_context

        @contextlib.asynccontextmanager
        async def lifespan(app: Any) -> AsyncIterator[Any]:
            await self.init()
            try:
                async with inner(app) as state:
                    yield state
            finally:
                await self.close()

        self._server.router.lifespan_context = lifespan

    def __repr__(self) -> str:
        return f"<NestApplication {self.container.graph.root.name} routes={len(self._routes)}>"
