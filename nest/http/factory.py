"""``PyNestFactory``: start-up in phases — scan, validate everything, instantiate, mount."""

from __future__ import annotations

import inspect
import logging
import sys
from typing import Any

from fastapi import FastAPI

from nest.di.container import Container
from nest.di.context import ApplicationContext
from nest.di.scanner import ModuleGraph
from nest.http.application import NestApplication
from nest.http.decorators import get_controller_metadata
from nest.http.exceptions import install_exception_handlers
from nest.http.middleware import MiddlewareConsumer, MiddlewareDispatcher, compile_bindings
from nest.http.routing import ControllerPlan, join_paths, plan_controllers

__all__ = ["PyNestFactory", "build_container"]

logger = logging.getLogger("nest")


def build_container(
    root: Any, *, overrides: dict[Any, Any] | None = None
) -> tuple[Container, list[ControllerPlan]]:
    """Scan and validate the graph under ``root``, including route handlers' injected parameters."""
    plans: list[ControllerPlan] = []

    def prepare(graph: ModuleGraph) -> None:
        plans.extend(plan_controllers(graph))
        if "nest.websockets" in sys.modules:  # gateways: only apps that import nest.websockets
            from nest.websockets.planning import prepare_gateways

            prepare_gateways(graph)

    container = Container.create(root, overrides=overrides, prepare=prepare)
    return container, plans


def _install_database_error_handlers(server: FastAPI) -> None:
    # An application that never imported SQLAlchemy has no database errors to map: do not pay
    # for importing it (and the ORM layer) at start-up.
    if "sqlalchemy" not in sys.modules:
        return
    try:
        from nest.orm._http import install_database_error_handlers
    except ImportError:  # the ORM layer is optional at this level
        return
    install_database_error_handlers(server)


def create_application(
    container: Container, plans: list[ControllerPlan], **fastapi_kwargs: Any
) -> NestApplication:
    """Instantiate what can be built now, configure modules, and mount routes on a new FastAPI app."""
    global_prefix = fastapi_kwargs.pop("global_prefix", "")
    if fastapi_kwargs.get("debug"):
        logger.warning(
            "debug=True: FastAPI sends tracebacks of unhandled errors to clients. Do not use it in production."
        )
    container.instantiate_sync()
    server = FastAPI(**fastapi_kwargs)
    install_exception_handlers(server)
    _install_database_error_handlers(server)
    app = NestApplication(
        container, server, plans, operation_ids="generate_unique_id_function" not in fastapi_kwargs
    )
    if global_prefix:
        app.set_global_prefix(global_prefix)
    bindings = []
    for module in container.graph.modules:
        record = module.instance
        if record is None or not hasattr(record.use_class, "configure"):
            continue
        if not container.is_built(record):
            raise RuntimeError(
                f"Module {module.name} defines configure() but depends on a provider built by an async "
                "factory, which does not exist before the server starts. Inject it with Lazy[...] instead."
            )
        instance = container.instance_of(record)
        if _takes_consumer(instance.configure):
            consumer = MiddlewareConsumer(module)
            instance.configure(consumer)
            bindings.extend(consumer.bindings)
        else:
            instance.configure(app)
    app.mount()
    if "nest.websockets" in sys.modules:  # gateways: only apps that import nest.websockets
        from nest.websockets.mounting import mount_gateways

        mount_gateways(app)
    if bindings:
        compiled = compile_bindings(bindings, container, _controller_routes(plans))
        server.add_middleware(
            MiddlewareDispatcher, bindings=compiled, prefix=lambda: app.global_prefix
        )
    return app


def _takes_consumer(configure: Any) -> bool:
    """NestJS's ``configure(self, consumer: MiddlewareConsumer)`` rather than ``configure(self, app)``."""
    try:
        params = list(inspect.signature(configure).parameters.values())
    except (TypeError, ValueError):
        return False
    if not params:
        return False
    first = params[0]
    annotation = first.annotation
    named = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    return first.name == "consumer" or "MiddlewareConsumer" in str(named)


def _controller_routes(plans: list[ControllerPlan]) -> Any:
    def routes_of(cls: type) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for plan in plans:
            if cls not in (plan.record.token, plan.record.use_class):
                continue
            meta = get_controller_metadata(plan.record.use_class or cls)
            prefix = meta.prefix if meta else ""
            for _, _, routes in plan.handlers:
                found.extend((join_paths(prefix, route.path), route.method) for route in routes)
        if not found:
            raise TypeError(
                f"for_routes({cls.__name__}): {cls.__name__} is not a controller of this application"
            )
        return found

    return routes_of


class PyNestFactory:
    """Creates nest applications."""

    @staticmethod
    def create(main_module: Any, **fastapi_kwargs: Any) -> NestApplication:
        """Build the application whose root module is ``main_module``.

        Synchronous and free of I/O: the module graph is scanned and validated (every problem is
        reported at once), providers that can be built without an event loop are built, and routes
        are mounted. Async factories and lifecycle hooks run in the server's lifespan.

        Args:
            main_module: The root module class (or a dynamic module).
            **fastapi_kwargs: Passed to ``FastAPI(...)`` (``title``, ``version``, ``lifespan``, ...),
                plus ``global_prefix`` to serve every controller route under a prefix.
        """
        container, plans = build_container(main_module)
        return create_application(container, plans, **fastapi_kwargs)

    @staticmethod
    def create_application_context(main_module: Any) -> ApplicationContext:
        """The same modules and DI without HTTP, for scripts, workers and CLI commands.

        Use ``async with PyNestFactory.create_application_context(AppModule) as ctx:``.
        """
        container = Container.create(main_module)
        container.instantiate_sync()
        return ApplicationContext(container)
