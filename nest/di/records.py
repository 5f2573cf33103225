"""The container's records: one per module and one per provider, built by the scanner."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Literal

from nest.di.dependencies import Dependency
from nest.di.scope import Scope
from nest.di.tokens import display_name, token_name

__all__ = ["ModuleRecord", "ProviderRecord", "Role"]

Role = Literal["provider", "controller", "module", "route"]
Kind = Literal["class", "value", "factory", "existing"]


@dataclass(eq=False)
class ProviderRecord:
    """Everything known about one provider (or controller, or module class) of one module."""

    token: Any
    kind: Kind
    scope: Scope
    module: ModuleRecord
    role: Role = "provider"
    use_class: type | None = None
    value: Any = None
    factory: Any = None
    existing: Any = None
    dependencies: list[Dependency] = field(default_factory=list)
    #: Resolved target of each dependency (``None``: optional and unprovided). Set by validation.
    bindings: list[ProviderRecord | None] = field(default_factory=list)
    #: Why the dependencies could not be read, if they could not.
    read_error: str | None = None
    #: Depends (through non-lazy edges) on a REQUEST provider. Set by validation.
    request_bound: bool = False
    #: Needs an event loop to build (async factory, or depends on one). Set by validation.
    needs_async: bool = False

    @property
    def name(self) -> str:
        return token_name(self.token)

    @property
    def is_async_factory(self) -> bool:
        return self.kind == "factory" and (
            inspect.iscoroutinefunction(self.factory) or inspect.isasyncgenfunction(self.factory)
        )

    @property
    def where(self) -> str:
        return f"{self.name} in module {self.module.name}"

    def __repr__(self) -> str:
        return f"<{self.role} {self.name} ({self.scope.value}) of {self.module.name}>"


@dataclass(eq=False)
class ModuleRecord:
    """One module in the graph: a module class, or one dynamic module made from it."""

    key: Any
    cls: type
    is_global: bool = False
    imports: list[ModuleRecord] = field(default_factory=list)
    providers: dict[Any, ProviderRecord] = field(default_factory=dict)
    controllers: list[ProviderRecord] = field(default_factory=list)
    #: Raw ``exports=[...]`` entries, resolved by validation.
    export_entries: list[Any] = field(default_factory=list)
    exported_tokens: set[Any] = field(default_factory=set)
    exported_modules: list[ModuleRecord] = field(default_factory=list)
    instance: ProviderRecord | None = None
    #: Route handlers' injected parameters, checked like constructors but never built.
    route_consumers: list[ProviderRecord] = field(default_factory=list)
    #: Distance from the root module (the root is 0).
    depth: int = 0

    @property
    def name(self) -> str:
        return display_name(self.cls)

    def __repr__(self) -> str:
        return f"<module {self.name}>"
