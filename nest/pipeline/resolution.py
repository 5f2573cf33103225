"""From enhancer entries (classes or instances) to the instances that run.

An enhancer class used by a controller or gateway is built once, by the container, with its
constructor's dependencies:

* a class that is a provider visible in the module is that provider;
* a class that is a provider of no module at all becomes a private provider of the module
  that uses it (registered while the graph is prepared, so start-up validation checks its
  dependencies like any other's);
* a class given to ``app.use_global_*()`` is made with what the root module sees injected;
* an instance is used as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from nest.di.container import Container
from nest.di.metadata import get_injectable_metadata
from nest.di.records import ModuleRecord, ProviderRecord
from nest.di.scanner import ModuleGraph, class_record
from nest.di.scope import Scope
from nest.errors import NestError
from nest.pipeline.enhancers import APP_TOKENS, ENHANCER_KINDS, EnhancerKind, collect

__all__ = [
    "EnhancerResolutionError",
    "EnhancerResolver",
    "register_enhancers",
]

_SINGULAR = {"guards": "Guard", "interceptors": "Interceptor", "pipes": "Pipe", "filters": "Filter"}


class EnhancerResolutionError(NestError):
    """An enhancer class cannot be reached or built once from the container."""


def register_enhancers(graph: ModuleGraph, module: ModuleRecord, entries: Iterable[Any]) -> None:
    """Make each enhancer class in ``entries`` that no module provides a private provider of ``module``."""
    for entry in entries:
        if not isinstance(entry, type) or entry in module.providers:
            continue
        if any(entry in other.providers for other in graph.modules):
            continue  # resolved through visibility when routes are mounted
        meta = get_injectable_metadata(entry)
        scope = meta.scope if meta is not None else Scope.SINGLETON
        module.providers[entry] = class_record(module, entry, entry, scope)


def handler_entries(cls: type, handler: Any) -> list[Any]:
    """Every enhancer entry of one handler, all kinds."""
    found: list[Any] = []
    for kind in ENHANCER_KINDS:
        found.extend(collect(kind, cls, handler))
    return found


class EnhancerResolver:
    """Turns entries into instances for handlers of one application (each class built once)."""

    def __init__(self, container: Container) -> None:
        self.container = container
        self._made: dict[type, Any] = {}

    def instance(self, kind: EnhancerKind, entry: Any, module: ModuleRecord, where: str) -> Any:
        if not isinstance(entry, type):
            return entry
        label = f"{_SINGULAR[kind]} {entry.__name__} of {where}"
        record = self.container.resolver.visible(module, entry)
        if record is None:
            owners = self.container.resolver.providers_anywhere(entry)
            if owners:
                names = ", ".join(m.name for m in owners)
                raise EnhancerResolutionError(
                    f"{label} is a provider of {names} but not visible in module {module.name}. "
                    f"Export it from {owners[0].name} and import that module into {module.name}, "
                    f"or pass an instance: {entry.__name__}()."
                )
            return self._construct(entry, module)
        return self._built(record, label)

    def _built(self, record: ProviderRecord, label: str) -> Any:
        if record.scope is not Scope.SINGLETON:
            raise EnhancerResolutionError(
                f"{label} is {record.scope.value}-scoped; enhancers are built once: make it a "
                "singleton (the default scope), and inject request-scoped providers with Lazy[...]."
            )
        if not self.container.is_built(record):
            raise EnhancerResolutionError(
                f"{label} depends on a provider built by an async factory, which does not exist "
                "before the server starts. Inject that provider with Lazy[...] instead."
            )
        return self.container.instance_of(record)

    def _construct(self, entry: type, module: ModuleRecord) -> Any:
        """An enhancer class no module provides, made once with what ``module`` sees injected
        (a global one given to ``use_global_*()``; classes on handlers are registered up front)."""
        if entry not in self._made:
            self._made[entry] = self.container.construct(entry, module)
        return self._made[entry]

    def instances(
        self, kind: EnhancerKind, entries: Iterable[Any], module: ModuleRecord, where: str
    ) -> list[Any]:
        return [self.instance(kind, entry, module, where) for entry in entries]

    def app_providers(self, kind: EnhancerKind) -> list[Any]:
        """Global enhancers registered as providers of ``APP_GUARD`` (etc.), root module first."""
        token = APP_TOKENS[kind]
        found: list[Any] = []
        for module in self.container.graph.modules:
            record = module.providers.get(token)
            if record is not None:
                value = self._built(
                    record,
                    f"{_SINGULAR[kind]} provider {token.description} of module {module.name}",
                )
                found.extend(value if isinstance(value, (list, tuple)) else [value])
        return found
