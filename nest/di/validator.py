"""Phase 2 of start-up: check the whole graph and bind every dependency to its provider.

Every problem is collected and reported together: unknown dependencies, providers that are
not exported, invalid exports, circular dependencies and scope violations.
"""

from __future__ import annotations

from typing import Any

from nest.di.dynamic_module import DynamicModule
from nest.di.errors import (
    CircularDependencyError,
    InvalidExportError,
    InvalidProviderError,
    ModuleGraphError,
    ProviderNotExportedError,
    ScopeViolationError,
    StartupValidationError,
    UnknownDependencyError,
)
from nest.di.metadata import get_module_metadata
from nest.di.records import ModuleRecord, ProviderRecord
from nest.di.scanner import ModuleGraph
from nest.di.scope import Scope
from nest.di.tokens import resolve_token

__all__ = [
    "Resolver",
    "bind_record",
    "build_edges",
    "final_target",
    "is_deferred_edge",
    "raise_if_errors",
    "validate",
]


class Resolver:
    """Answers "which provider does module M see for token T" under NestJS visibility rules."""

    def __init__(self, graph: ModuleGraph) -> None:
        self.graph = graph
        self.globals = [m for m in graph.modules if m.is_global]
        self._export_cache: dict[tuple[int, Any], ProviderRecord | None] = {}

    def exported(
        self, module: ModuleRecord, token: Any, _seen: frozenset[int] = frozenset()
    ) -> ProviderRecord | None:
        """The provider of ``token`` that ``module`` exports to its importers, if any."""
        key = (id(module), token)
        if key in self._export_cache:
            return self._export_cache[key]
        if id(module) in _seen:
            return None
        seen = _seen | {id(module)}
        found: ProviderRecord | None = None
        if token in module.exported_tokens:
            found = module.providers.get(token)
            if found is None:
                for imported in module.imports:
                    found = self.exported(imported, token, seen)
                    if found is not None:
                        break
        if found is None:
            for reexported in module.exported_modules:
                found = self.exported(reexported, token, seen)
                if found is not None:
                    break
        self._export_cache[key] = found
        return found

    def visible(self, module: ModuleRecord, token: Any) -> ProviderRecord | None:
        """The provider of ``token`` visible inside ``module``, if any."""
        own = module.providers.get(token)
        if own is not None:
            return own
        for imported in module.imports:
            found = self.exported(imported, token)
            if found is not None:
                return found
        for global_module in self.globals:
            if global_module is not module:
                found = self.exported(global_module, token)
                if found is not None:
                    return found
        return None

    def providers_anywhere(self, token: Any) -> list[ModuleRecord]:
        return [m for m in self.graph.modules if token in m.providers]


def _matches_module(entry: Any, candidate: ModuleRecord) -> bool:
    if isinstance(entry, DynamicModule):
        return candidate.key is entry
    return isinstance(entry, type) and candidate.cls is entry


def _resolve_exports(
    graph: ModuleGraph, resolver: Resolver, errors: list[ModuleGraphError]
) -> None:
    for module in graph.modules:
        for raw in module.export_entries:
            entry = resolve_token(raw)
            if isinstance(entry, DynamicModule) or (
                isinstance(entry, type) and get_module_metadata(entry)
            ):
                matches = [m for m in module.imports if _matches_module(entry, m)]
                if matches:
                    module.exported_modules.extend(matches)
                    continue
            if isinstance(entry, dict) and "provide" in entry:
                entry = resolve_token(entry["provide"])
            module.exported_tokens.add(entry)
    # Check exported tokens only once every module's exports are known.
    for module in graph.modules:
        for token in module.exported_tokens:
            if token in module.providers:
                continue
            if not any(resolver.exported(imported, token) for imported in module.imports):
                errors.append(InvalidExportError(module, token))


def _bind(graph: ModuleGraph, resolver: Resolver, errors: list[ModuleGraphError]) -> None:
    for record in graph.all_records():
        bind_record(resolver, record, errors)


def bind_record(resolver: Resolver, record: ProviderRecord, errors: list[ModuleGraphError]) -> None:
    """Resolve each dependency of ``record`` to the provider its module sees (``bindings``)."""
    if record.read_error is not None:
        errors.append(InvalidProviderError(record.module.name, record.name, record.read_error))
        return
    record.bindings = []
    for dep in record.dependencies:
        if dep.token is None:
            if not dep.optional:
                errors.append(UnknownDependencyError(record, dep))
            record.bindings.append(None)
            continue
        try:
            token = resolve_token(dep.token)
        except Exception as exc:
            errors.append(
                InvalidProviderError(
                    record.module.name,
                    record.name,
                    f"forward_ref for {dep.name!r} failed: {exc}",
                )
            )
            record.bindings.append(None)
            continue
        target = resolver.visible(record.module, token)
        if target is None and not dep.optional:
            errors.append(_diagnose(resolver, record, dep, token))
        record.bindings.append(target)


def _diagnose(resolver: Resolver, record: ProviderRecord, dep: Any, token: Any) -> ModuleGraphError:
    owners = resolver.providers_anywhere(token)
    exporting = [m for m in owners if resolver.exported(m, token) is not None]
    if exporting:
        return UnknownDependencyError(record, dep, provided_by=exporting)
    if owners:
        return ProviderNotExportedError(record, dep, owners[0])
    return UnknownDependencyError(record, dep)


def final_target(record: ProviderRecord) -> ProviderRecord:
    """Follow ``use_existing`` aliases to the provider that actually builds the instance."""
    seen: set[int] = set()
    while (
        record.kind == "existing"
        and record.bindings
        and record.bindings[0] is not None
        and id(record) not in seen
    ):
        seen.add(id(record))
        record = record.bindings[0]
    return record


def is_deferred_edge(record: ProviderRecord, index: int) -> bool:
    """A ``forward_ref`` edge to a singleton class provider: satisfied by an unbuilt shell."""
    dep = record.dependencies[index]
    target = record.bindings[index]
    if not dep.forward or target is None or record.scope is not Scope.SINGLETON:
        return False
    final = final_target(target)
    return final.kind == "class" and final.scope is Scope.SINGLETON


def build_edges(record: ProviderRecord) -> list[ProviderRecord]:
    """The providers that must be resolved before ``record`` can be built."""
    return [
        target
        for index, target in enumerate(record.bindings)
        if target is not None
        and not record.dependencies[index].lazy
        and not is_deferred_edge(record, index)
    ]


def _find_cycles(records: list[ProviderRecord], errors: list[ModuleGraphError]) -> bool:
    white, grey, black = 0, 1, 2
    color: dict[int, int] = {}
    stack: list[ProviderRecord] = []
    reported: set[frozenset[int]] = set()
    found = False

    def visit(node: ProviderRecord) -> None:
        nonlocal found
        color[id(node)] = grey
        stack.append(node)
        for target in build_edges(node):
            state = color.get(id(target), white)
            if state == grey:
                start = next(i for i, r in enumerate(stack) if r is target)
                cycle = [*stack[start:], target]
                key = frozenset(id(r) for r in cycle)
                if key not in reported:
                    reported.add(key)
                    errors.append(CircularDependencyError(cycle))
                found = True
            elif state == white:
                visit(target)
        stack.pop()
        color[id(node)] = black

    for record in records:
        if color.get(id(record), white) == white:
            visit(record)
    return found


def _mark_request_bound(records: list[ProviderRecord], errors: list[ModuleGraphError]) -> None:
    memo: dict[int, bool] = {}

    def bound(record: ProviderRecord) -> bool:
        key = id(record)
        if key not in memo:
            memo[key] = False  # cycles were reported already; do not loop
            memo[key] = record.scope is Scope.REQUEST or any(bound(t) for t in build_edges(record))
        return memo[key]

    def chain(record: ProviderRecord) -> list[ProviderRecord]:
        path: list[ProviderRecord] = []
        node = record
        while node.scope is not Scope.REQUEST:
            node = next(t for t in build_edges(node) if bound(t))
            path.append(node)
        return path

    for record in records:
        record.request_bound = bound(record)
        if record.request_bound and record.scope is Scope.SINGLETON:
            if record.role == "controller":
                # As in NestJS, the scope bubbles up: a controller that needs a per-request
                # instance is made per request itself.
                record.scope = Scope.REQUEST
            else:
                errors.append(ScopeViolationError(record, chain(record)))


def _mark_needs_async(records: list[ProviderRecord]) -> None:
    memo: dict[int, bool] = {}

    def needs(record: ProviderRecord) -> bool:
        key = id(record)
        if key not in memo:
            memo[key] = False
            memo[key] = record.is_async_factory or any(needs(t) for t in build_edges(record))
        return memo[key]

    for record in records:
        record.needs_async = needs(record)


def raise_if_errors(errors: list[ModuleGraphError]) -> None:
    """Raise the only error, or one :class:`StartupValidationError` listing them all."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise StartupValidationError(errors)


def validate(graph: ModuleGraph) -> Resolver:
    """Check the whole graph, bind every dependency, and raise every problem found at once."""
    errors: list[ModuleGraphError] = list(graph.errors)
    resolver = Resolver(graph)
    _resolve_exports(graph, resolver, errors)
    _bind(graph, resolver, errors)
    records = graph.all_records()
    if not _find_cycles(records, errors):
        _mark_request_bound(records, errors)
        _mark_needs_async(records)
    raise_if_errors(errors)
    return resolver
