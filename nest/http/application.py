"""The HTTP application: a DI application context plus the FastAPI app that serves it."""

from __future__ import annotations

import contextlib
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
from nest.http.guards import get_guards, guard_dependency
from nest.http.params import compile_endpoint
from nest.http.routing import (
    ControllerPlan,
    NestRoute,
    ScopedNestRoute,
    add_route,
    join_paths,
    route_options,
)

__all__ = ["InvalidGuardError", "NestApplication"]


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
        self._routes: list[APIRoute] = []
        self._mounted = False
        self._guards: dict[int, Any] = {}
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

    def add_route_dependency(self, dependency: DependsParam | Callable[..., Any]) -> None:
        """Add a FastAPI dependency to every controller route (before the routes are mounted)."""
        if self._mounted:
            raise RuntimeError(
                "add_route_dependency() must be called before the routes are mounted (in configure())"
            )
        self._route_dependencies.append(
            dependency if isinstance(dependency, DependsParam) else Depends(dependency)
        )

    # -- routes ---------------------------------------------------------------------------

    def mount(self) -> None:
        """Add every controller's routes to the FastAPI app (done by ``PyNestFactory.create``)."""
        extra = list(self._route_dependencies)
        route_class = ScopedNestRoute if self.container.has_request_scope else NestRoute
        operation_ids: set[str] = set()
        for plan in self._plans:
            record = plan.record
            cls = record.use_class
            assert cls is not None
            controller = (
                self.container.instance_of(record)
                if self.container.is_built(record)
                else self.container.shell(record)
            )
            prefix = _controller_prefix(cls)
            for name, handler, routes in plan.handlers:
                endpoint = compile_endpoint(self.container, handler, controller)
                guards = [
                    guard_dependency(guard, self._guard(record, guard))
                    for guard in get_guards(cls, handler.func)
                ]
                for route in routes:
                    options = route_options(
                        cls,
                        name,
                        handler.func,
                        route,
                        operation_ids=operation_ids,
                        extra_dependencies=[*extra, *guards],
                        many=len(routes) > 1,
                    )
                    if not self._operation_ids and "operation_id" not in route.options:
                        options.pop("operation_id")
                    path = join_paths(self._global_prefix, prefix, route.path)
                    self._routes.append(
                        add_route(
                            self._server,
                            path,
                            endpoint,
                            route.method,
                            options,
                            route_class=route_class,
                        )
                    )
        self._mounted = True

    def _guard(self, controller: ProviderRecord, guard: type[Any]) -> Callable[[], Any]:
        """How to reach the one instance of a guard: the container's if the module sees it."""
        record = self.container.resolver.visible(controller.module, guard)
        if record is not None:
            if record.scope is not Scope.SINGLETON:
                raise InvalidGuardError(
                    f"Guard {guard.__name__} of {controller.name} is {record.scope.value}-scoped; "
                    "guards are built once: make it a singleton (the default scope)."
                )
            container = self.container
            return lambda: container.instance_of(record)
        key = id(guard)
        if key not in self._guards:
            try:
                self._guards[key] = guard()
            except TypeError as exc:
                raise InvalidGuardError(
                    f"Guard {guard.__name__} of {controller.name} (module {controller.module.name}) "
                    f"cannot be built without arguments ({exc}). Add {guard.__name__} to "
                    f"{controller.module.name}'s providers=[...] so its constructor is injected."
                ) from exc
        made = self._guards[key]
        return lambda: made

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


def _controller_prefix(cls: type) -> str:
    meta = get_controller_metadata(cls)
    return meta.prefix if meta else ""
