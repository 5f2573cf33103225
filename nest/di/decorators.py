"""``@Injectable`` and ``@Module``: they record metadata and return the class unchanged."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar, overload

from nest.di.metadata import (
    INJECTABLE_ATTRIBUTE,
    MODULE_ATTRIBUTE,
    InjectableMetadata,
    ModuleMetadata,
    set_metadata,
)
from nest.di.scope import Scope

__all__ = ["Injectable", "Module"]

C = TypeVar("C", bound=type)


@overload
def Injectable(cls: C, /) -> C: ...
@overload
def Injectable(*, scope: Scope = Scope.SINGLETON) -> Callable[[C], C]: ...


def Injectable(cls: C | None = None, /, *, scope: Scope = Scope.SINGLETON) -> C | Callable[[C], C]:
    """Mark a class as a provider: ``@Injectable`` or ``@Injectable(scope=Scope.REQUEST)``.

    Its constructor parameters are injected from their type hints.
    """
    if not isinstance(scope, Scope):
        raise TypeError(f"Injectable(scope=...) takes a nest.di.Scope, not {scope!r}")

    def decorate(target: C) -> C:
        if not isinstance(target, type):
            raise TypeError(f"@Injectable decorates classes, not {target!r}")
        set_metadata(target, INJECTABLE_ATTRIBUTE, InjectableMetadata(scope=scope))
        return target

    return decorate(cls) if cls is not None else decorate


def Module(
    *,
    imports: Iterable[Any] = (),
    controllers: Iterable[Any] = (),
    providers: Iterable[Any] = (),
    exports: Iterable[Any] = (),
    is_global: bool = False,
) -> Callable[[C], C]:
    """Declare a module: the unit that groups providers and controllers and draws boundaries.

    Args:
        imports: Modules (classes, dynamic modules or ``forward_ref``) whose exports this module uses.
        controllers: Controller classes whose routes this module mounts.
        providers: Classes or provider dicts this module makes available to itself.
        exports: Tokens of this module's providers, or imported modules, that importers may use.
        is_global: Make the exports visible to every module without importing this one.
    """
    record = ModuleMetadata(
        imports=tuple(imports),
        controllers=tuple(controllers),
        providers=tuple(providers),
        exports=tuple(exports),
        is_global=is_global,
    )

    def decorate(target: C) -> C:
        if not isinstance(target, type):
            raise TypeError(f"@Module decorates classes, not {target!r}")
        set_metadata(target, MODULE_ATTRIBUTE, record)
        return target

    return decorate
