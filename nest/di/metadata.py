"""The frozen metadata records that decorators attach to classes.

Decorators only write these records; the scanner reads them back. Each record lives under a
single private attribute and is read from the class's own ``__dict__``, so a subclass does not
silently inherit a module or controller declaration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from nest.di.scope import Scope

__all__ = [
    "INJECTABLE_ATTRIBUTE",
    "MODULE_ATTRIBUTE",
    "InjectableMetadata",
    "ModuleMetadata",
    "get_injectable_metadata",
    "get_module_metadata",
    "set_metadata",
]

INJECTABLE_ATTRIBUTE = "__nest_injectable__"
MODULE_ATTRIBUTE = "__nest_module__"

M = TypeVar("M")


@dataclass(frozen=True)
class InjectableMetadata:
    """What ``@Injectable`` records."""

    scope: Scope = Scope.SINGLETON


@dataclass(frozen=True)
class ModuleMetadata:
    """What ``@Module`` records."""

    imports: tuple[Any, ...] = ()
    controllers: tuple[Any, ...] = ()
    providers: tuple[Any, ...] = ()
    exports: tuple[Any, ...] = ()
    is_global: bool = False


def set_metadata(target: Any, attribute: str, record: Any) -> None:
    setattr(target, attribute, record)


def _own(cls: Any, attribute: str) -> Any:
    return vars(cls).get(attribute) if isinstance(cls, type) else None


def get_injectable_metadata(cls: Any) -> InjectableMetadata | None:
    """The ``@Injectable`` record of ``cls`` itself, or ``None``."""
    record = _own(cls, INJECTABLE_ATTRIBUTE)
    return record if isinstance(record, InjectableMetadata) else None


def get_module_metadata(cls: Any) -> ModuleMetadata | None:
    """The ``@Module`` record of ``cls`` itself, or ``None``."""
    record = _own(cls, MODULE_ATTRIBUTE)
    return record if isinstance(record, ModuleMetadata) else None
