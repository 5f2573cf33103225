"""Phase 1 of start-up: walk the module graph from the root and record every module and provider.

The scanner only reads metadata; it builds nothing and decides nothing about visibility.
Problems with the shape of entries are collected, not raised, so that validation can report
them together with everything else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nest.di.dependencies import (
    Dependency,
    DependencyReadError,
    read_constructor,
    read_factory_inject,
)
from nest.di.dynamic_module import DynamicModule
from nest.di.errors import InvalidModuleError, InvalidProviderError, ModuleGraphError
from nest.di.metadata import ModuleMetadata, get_module_metadata
from nest.di.providers import (
    ClassProvider,
    ExistingProvider,
    FactoryProvider,
    Provider,
    ProviderFormatError,
    ValueProvider,
    normalize_provider,
)
from nest.di.records import ModuleRecord, ProviderRecord, Role
from nest.di.scope import Scope
from nest.di.tokens import ForwardRef, resolve_token

__all__ = ["ModuleGraph", "class_record", "scan"]


class ModuleGraph:
    """The scanned graph: every module record, root first, and the problems met on the way."""

    def __init__(
        self, root: ModuleRecord, modules: list[ModuleRecord], errors: list[ModuleGraphError]
    ) -> None:
        self.root = root
        self.modules = modules
        self.errors = errors

    def all_records(self) -> list[ProviderRecord]:
        records: list[ProviderRecord] = []
        for module in self.modules:
            records.extend(module.providers.values())
            records.extend(module.controllers)
            if module.instance is not None:
                records.append(module.instance)
            records.extend(module.route_consumers)
        return records


def _module_parts(entry: Any) -> tuple[Any, type, ModuleMetadata, DynamicModule | None] | None:
    entry = resolve_token(entry)
    if isinstance(entry, DynamicModule):
        static = get_module_metadata(entry.module) or ModuleMetadata()
        merged = ModuleMetadata(
            imports=(*static.imports, *entry.imports),
            controllers=(*static.controllers, *entry.controllers),
            providers=(*static.providers, *entry.providers),
            exports=(*static.exports, *entry.exports),
            is_global=static.is_global or entry.is_global,
        )
        return entry, entry.module, merged, entry
    if isinstance(entry, type):
        meta = get_module_metadata(entry)
        if meta is not None:
            return entry, entry, meta, None
    return None


class _Scanner:
    def __init__(self, overrides: Mapping[Any, Provider]) -> None:
        self.overrides = overrides
        self.records: dict[Any, ModuleRecord] = {}
        self.order: list[ModuleRecord] = []
        self.errors: list[ModuleGraphError] = []

    def scan(self, root: Any) -> ModuleGraph:
        parts = _module_parts(root)
        if parts is None:
            raise InvalidModuleError("<application root>", root)
        record = self._visit(parts, depth=0)
        from nest.di.core_module import (
            NestCoreModule,  # defined with @Module, which this module serves
        )

        core = _module_parts(NestCoreModule)
        assert core is not None
        self._visit(core, depth=1)
        return ModuleGraph(record, self.order, self.errors)

    def _visit(
        self, parts: tuple[Any, type, ModuleMetadata, DynamicModule | None], depth: int
    ) -> ModuleRecord:
        key, cls, meta, _ = parts
        existing = self.records.get(key)
        if existing is not None:
            existing.depth = max(existing.depth, depth)
            return existing
        module = ModuleRecord(key=key, cls=cls, is_global=meta.is_global, depth=depth)
        self.records[key] = module
        self.order.append(module)
        for entry in meta.providers:
            self._add_provider(module, entry)
        for entry in meta.controllers:
            self._add_controller(module, entry)
        module.instance = self._class_record(module, cls, cls, Scope.SINGLETON, role="module")
        module.export_entries = list(meta.exports)
        for entry in meta.imports:
            try:
                child_parts = _module_parts(entry)
            except Exception as exc:  # a forward_ref whose lambda fails
                self.errors.append(InvalidModuleError(module.name, f"{entry!r} ({exc})"))
                continue
            if child_parts is None:
                self.errors.append(InvalidModuleError(module.name, resolve_token(entry)))
                continue
            module.imports.append(self._visit(child_parts, depth + 1))
        return module

    def _add_provider(self, module: ModuleRecord, entry: Any) -> None:
        try:
            provider = normalize_provider(entry)
        except ProviderFormatError as exc:
            self.errors.append(InvalidProviderError(module.name, entry, str(exc)))
            return
        provider = self.overrides.get(provider.provide, provider)
        record = self._provider_record(module, provider)
        module.providers[record.token] = record

    def _add_controller(self, module: ModuleRecord, entry: Any) -> None:
        entry = resolve_token(entry)
        if not isinstance(entry, type):
            self.errors.append(
                InvalidProviderError(module.name, entry, "a controller must be a class")
            )
            return
        override = self.overrides.get(entry)
        use_class = override.use_class if isinstance(override, ClassProvider) else entry
        module.controllers.append(
            self._class_record(module, entry, use_class, Scope.SINGLETON, role="controller")
        )

    def _provider_record(self, module: ModuleRecord, provider: Provider) -> ProviderRecord:
        token = resolve_token(provider.provide)
        if isinstance(provider, ClassProvider):
            return self._class_record(
                module, token, provider.use_class, provider.scope or Scope.SINGLETON
            )
        if isinstance(provider, ValueProvider):
            return ProviderRecord(
                token=token,
                kind="value",
                scope=Scope.SINGLETON,
                module=module,
                value=provider.use_value,
            )
        if isinstance(provider, FactoryProvider):
            return ProviderRecord(
                token=token,
                kind="factory",
                scope=provider.scope,
                module=module,
                factory=provider.use_factory,
                dependencies=read_factory_inject(provider.inject),
            )
        assert isinstance(provider, ExistingProvider)
        target = provider.use_existing
        dependency = Dependency(
            token=target,
            name="use_existing",
            index=0,
            forward=isinstance(target, ForwardRef),
        )
        return ProviderRecord(
            token=token,
            kind="existing",
            scope=Scope.TRANSIENT,  # an alias forwards to its target on every resolution
            module=module,
            existing=target,
            dependencies=[dependency],
        )

    def _class_record(
        self, module: ModuleRecord, token: Any, cls: type, scope: Scope, *, role: Role = "provider"
    ) -> ProviderRecord:
        return class_record(module, token, cls, scope, role=role)


def class_record(
    module: ModuleRecord, token: Any, cls: type, scope: Scope, *, role: Role = "provider"
) -> ProviderRecord:
    """The record of a class provider of ``module`` (its constructor's dependencies read now)."""
    record = ProviderRecord(
        token=token, kind="class", scope=scope, module=module, role=role, use_class=cls
    )
    try:
        record.dependencies = read_constructor(cls)
    except DependencyReadError as exc:
        record.read_error = str(exc)
    return record


def scan(root: Any, *, overrides: Mapping[Any, Provider] | None = None) -> ModuleGraph:
    """Walk the module graph from ``root`` and record every module and provider.

    Args:
        root: The root module class, or a dynamic module.
        overrides: Providers that replace the provider of the same token wherever it is declared
            (used by the testing module).

    Raises:
        InvalidModuleError: ``root`` is not a module.
    """
    return _Scanner(overrides or {}).scan(root)
