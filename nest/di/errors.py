"""Start-up errors of the module graph and the container.

Every message says what failed, where (module, class, parameter) and how to fix it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from nest.di.tokens import display_name, token_name
from nest.errors import NestError

if TYPE_CHECKING:
    from nest.di.dependencies import Dependency
    from nest.di.records import ModuleRecord, ProviderRecord

__all__ = [
    "CircularDependencyError",
    "InvalidExportError",
    "InvalidModuleError",
    "InvalidProviderError",
    "ModuleGraphError",
    "NotBuiltError",
    "ProviderNotExportedError",
    "ProviderNotFoundError",
    "ScopeViolationError",
    "StartupValidationError",
    "UnknownDependencyError",
]


class ModuleGraphError(NestError):
    """Base of the problems found while validating the module graph at start-up."""


def _indent(lines: Sequence[str], by: str = "  ") -> str:
    return "\n".join(by + line for line in lines)


def constructor_listing(consumer: ProviderRecord, marked: int | None) -> str:
    """Show a constructor (or factory) with one parameter marked."""
    if consumer.role == "route":
        head = display_name(consumer.factory)
    elif consumer.kind == "factory":
        head = f"{display_name(consumer.factory)}  (factory for {consumer.name})"
    else:
        head = display_name(consumer.use_class) if consumer.use_class else consumer.name
    lines = [f"{head}("]
    for dep in consumer.dependencies:
        mark = "   <-- ? cannot be resolved" if dep.index == marked else ""
        lines.append(f"    {dep.describe()},{mark}")
    lines.append(")")
    return "\n".join(lines)


def _optional_fix(dependency: Dependency) -> str:
    if isinstance(dependency.token, type):
        return f"if it is optional, declare the parameter as `{dependency.name}: {display_name(dependency.token)} | None = None`"
    return f"if it is optional, mark it: `Inject({token_name(dependency.token)}, optional=True)`"


class UnknownDependencyError(ModuleGraphError):
    """A constructor or factory needs a token that nothing visible to its module provides."""

    def __init__(
        self,
        consumer: ProviderRecord,
        dependency: Dependency,
        *,
        provided_by: Sequence[ModuleRecord] = (),
    ) -> None:
        self.consumer = consumer
        self.dependency = dependency
        module = consumer.module.name
        if dependency.token is None:
            what = (
                f"parameter {dependency.name!r} of {consumer.name} has no type annotation, so "
                "nest cannot tell what to inject"
            )
            fixes = [
                f"annotate it: `{dependency.name}: SomeService`",
                f"or name a token: `{dependency.name}: Annotated[T, Inject('TOKEN')]`",
                "or give it a default value",
            ]
        else:
            token = token_name(dependency.token)
            what = (
                f"{consumer.name} (in module {module}) needs {token} for parameter "
                f"{dependency.name!r} at index [{dependency.index}], but no provider of {token} "
                f"is visible in {module}"
            )
            if provided_by:
                owners = ", ".join(m.name for m in provided_by)
                fixes = [
                    f"add {provided_by[0].name} to {module}'s imports=[...] ({token} is exported by {owners})"
                ]
            else:
                fixes = [
                    f"if {token} belongs to {module}, add it to {module}'s providers=[...]",
                    f"if it lives in another module, export it there and add that module to {module}'s imports=[...]",
                    _optional_fix(dependency),
                ]
        super().__init__(
            f"Cannot resolve a dependency of {consumer.name} in module {module}:\n"
            f"{_indent(constructor_listing(consumer, dependency.index).splitlines())}\n"
            f"  {what}.\n  How to fix:\n{_indent(['- ' + f for f in fixes], '    ')}"
        )


def _reaches(module: ModuleRecord, owner: ModuleRecord) -> bool:
    """Whether ``module`` imports ``owner``, directly or through modules that re-export it."""
    seen: set[int] = set()
    stack = list(module.imports)
    while stack:
        current = stack.pop()
        if current is owner:
            return True
        if id(current) not in seen:
            seen.add(id(current))
            stack.extend(current.exported_modules)
    return False


class ProviderNotExportedError(ModuleGraphError):
    """A needed provider exists in another module, which does not export it."""

    def __init__(
        self, consumer: ProviderRecord, dependency: Dependency, owner: ModuleRecord
    ) -> None:
        self.consumer = consumer
        self.dependency = dependency
        self.owner = owner
        token = token_name(dependency.token)
        module = consumer.module.name
        imported = _reaches(consumer.module, owner)
        fixes = [f"add {token} to {owner.name}'s exports=[...]"]
        if not imported:
            fixes.append(f"and add {owner.name} to {module}'s imports=[...]")
        super().__init__(
            f"{consumer.name} (in module {module}) needs {token} for parameter "
            f"{dependency.name!r}, which is provided by module {owner.name} but not exported "
            f"by it:\n{_indent(constructor_listing(consumer, dependency.index).splitlines())}\n"
            f"  How to fix:\n{_indent(['- ' + f for f in fixes], '    ')}"
        )


class CircularDependencyError(ModuleGraphError):
    """Providers depend on each other in a cycle; the message prints the whole chain."""

    def __init__(self, chain: Sequence[ProviderRecord]) -> None:
        self.chain = list(chain)
        path = " -> ".join(f"{r.name} ({r.module.name})" for r in chain)
        super().__init__(
            f"Circular dependency: {path}.\n  How to fix:\n"
            "    - break the cycle by moving the shared logic into a third provider;\n"
            "    - or mark one edge as deferred: `other: Annotated[Other, Inject(forward_ref(lambda: Other))]` "
            "(a singleton class provider then receives the instance before its constructor has run);\n"
            "    - or inject `Lazy[Other]` and call `await other.get()` when needed."
        )


class ScopeViolationError(ModuleGraphError):
    """A singleton (or controller) depends on a REQUEST-scoped provider."""

    def __init__(self, consumer: ProviderRecord, chain: Sequence[ProviderRecord]) -> None:
        self.consumer = consumer
        self.chain = list(chain)
        target = chain[-1]
        via = " -> ".join(f"{r.name} ({r.scope.value})" for r in [consumer, *chain])
        kind = "controller" if consumer.role == "controller" else consumer.scope.value
        fixes = [
            f"inject `Lazy[{target.name}]` and call `await ....get()` inside the method that needs it",
            f"or make {consumer.name} REQUEST-scoped: @Injectable(scope=Scope.REQUEST)",
        ]
        if consumer.role == "controller":
            fixes.insert(
                0,
                f"take it as a route parameter instead: `x: Annotated[{target.name}, Inject()]`",
            )
        super().__init__(
            f"{consumer.name} ({kind}, in module {consumer.module.name}) depends on the REQUEST-scoped "
            f"{target.name}: {via}. A {kind} is built once, so it cannot hold a per-request instance.\n"
            f"  How to fix:\n{_indent(['- ' + f for f in fixes], '    ')}"
        )


class InvalidProviderError(ModuleGraphError):
    """A ``providers=[...]`` or ``controllers=[...]`` entry is not usable."""

    def __init__(self, module: str, entry: object, reason: str) -> None:
        self.module = module
        super().__init__(f"Invalid provider {entry!r} in module {module}: {reason}.")


class InvalidModuleError(ModuleGraphError):
    """An ``imports=[...]`` entry is not a module."""

    def __init__(self, importer: str, entry: object) -> None:
        self.importer = importer
        hint = ""
        if entry is None:
            hint = (
                " (None usually means a circular import between Python files: "
                "use imports=[forward_ref(lambda: OtherModule)])"
            )
        super().__init__(
            f"Module {importer} imports {entry!r}, which is not a module{hint}. "
            "Decorate the class with @Module(...) or import a DynamicModule returned by a method "
            "such as for_root()."
        )


class InvalidExportError(ModuleGraphError):
    """An export names something the module neither provides nor imports."""

    def __init__(self, module: ModuleRecord, entry: object) -> None:
        self.module = module
        name = token_name(entry)
        super().__init__(
            f"Module {module.name} exports {name}, which it neither provides nor imports. "
            f"Add {name} to {module.name}'s providers=[...] (or import the module that exports it), "
            "or remove it from exports=[...]."
        )


class StartupValidationError(ModuleGraphError):
    """More than one problem was found; ``errors`` holds each of them."""

    def __init__(self, errors: Sequence[ModuleGraphError]) -> None:
        self.errors = list(errors)
        body = "\n\n".join(f"[{i}] {type(e).__name__}: {e}" for i, e in enumerate(self.errors, 1))
        super().__init__(f"The application has {len(self.errors)} configuration errors:\n\n{body}")


class ProviderNotFoundError(NestError, LookupError):
    """``get(token)`` found no provider of the token in any module."""

    def __init__(self, token: object) -> None:
        name = token_name(token)
        super().__init__(
            f"No provider of {name} is registered in any module of this application. "
            f"Add {name} to some module's providers=[...]."
        )


class NotBuiltError(NestError, RuntimeError):
    """An instance was asked for before the application built it, or outside its scope."""
