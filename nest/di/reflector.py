"""Custom metadata on classes and handlers, and the :class:`Reflector` that reads it back.

``@SetMetadata("roles", ["admin"])`` (or a decorator made by :meth:`Reflector.create_decorator`)
records a value on a controller, a gateway or one of their handlers; a guard or an interceptor
asks the injected :class:`Reflector` for it, given ``context.get_handler()`` and
``context.get_class()``. Recording is all the decorators do.

Pure Python: usable by any transport (HTTP, WebSocket, CLI).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar, cast, overload

__all__ = ["METADATA_ATTRIBUTE", "ReflectableDecorator", "Reflector", "SetMetadata"]

#: Where recorded metadata lives: a dict in the target's own ``__dict__``.
METADATA_ATTRIBUTE = "__nest_metadata__"

T = TypeVar("T")
V = TypeVar("V")


def _own_metadata(target: Any) -> dict[Any, Any]:
    found = vars(target).get(METADATA_ATTRIBUTE) if hasattr(target, "__dict__") else None
    return found if isinstance(found, dict) else {}


def _record(target: Any, key: Any, value: Any) -> None:
    own = dict(_own_metadata(target))  # a copy: a subclass never writes into its base's dict
    own[key] = value
    setattr(target, METADATA_ATTRIBUTE, own)


def SetMetadata(key: Any, value: Any) -> Callable[[T], T]:
    """Record ``value`` under ``key`` on the decorated class or handler.

    Example:
        ```python
        def Roles(*roles: str):
            return SetMetadata("roles", list(roles))
        ```
    """

    def decorate(target: T) -> T:
        _record(target, key, value)
        return target

    return decorate


class ReflectableDecorator(Generic[V]):
    """A metadata decorator with its own key, made by :meth:`Reflector.create_decorator`.

    ``Roles = Reflector.create_decorator[list[str]]()``; ``@Roles(["admin"])``;
    ``reflector.get(Roles, context.get_handler())``.
    """

    __slots__ = ("KEY", "_transform")

    def __init__(self, key: str, transform: Callable[[Any], V] | None) -> None:
        self.KEY = key
        self._transform = transform

    def __call__(self, value: Any) -> Callable[[T], T]:
        stored = self._transform(value) if self._transform is not None else value
        return SetMetadata(self.KEY, stored)

    def __repr__(self) -> str:
        return f"<metadata decorator {self.KEY}>"


class Reflector:
    """Reads metadata recorded with :func:`SetMetadata` (injectable in every module).

    A handler's own metadata is looked up on the function; a class's on the class and then its
    base classes, so a base controller's metadata applies to its subclasses.
    """

    _counter = 0

    @staticmethod
    def create_decorator(
        *, key: str | None = None, transform: Callable[[Any], V] | None = None
    ) -> ReflectableDecorator[V]:
        """A decorator factory with a key of its own (no string to keep in sync)."""
        if key is None:
            Reflector._counter += 1
            key = f"nest:metadata:{Reflector._counter}"
        return ReflectableDecorator(key, transform)

    @overload
    def get(self, key: ReflectableDecorator[V], target: Any) -> V | None: ...
    @overload
    def get(self, key: Any, target: Any) -> Any: ...

    def get(self, key: Any, target: Any) -> Any:
        """The value recorded under ``key`` on ``target`` (a class or a handler), or ``None``."""
        name = key.KEY if isinstance(key, ReflectableDecorator) else key
        if isinstance(target, type):
            for klass in target.__mro__:
                own = _own_metadata(klass)
                if name in own:
                    return own[name]
            return None
        function = getattr(target, "__func__", target)  # a bound method's function
        return _own_metadata(function).get(name)

    def get_all(self, key: Any, targets: Sequence[Any]) -> list[Any]:
        """The value on each target, ``None`` where absent."""
        return [self.get(key, target) for target in targets]

    def get_all_and_override(self, key: Any, targets: Sequence[Any]) -> Any:
        """The first value found, in the order of ``targets`` (handler first: it overrides the class)."""
        for target in targets:
            value = self.get(key, target)
            if value is not None:
                return value
        return None

    def get_all_and_merge(self, key: Any, targets: Sequence[Any]) -> Any:
        """Values of every target merged: lists concatenated, dicts updated; ``None`` if none."""
        values = [v for v in self.get_all(key, targets) if v is not None]
        if not values:
            return None
        if all(isinstance(v, dict) for v in values):
            merged: dict[Any, Any] = {}
            for value in values:
                merged.update(cast(dict[Any, Any], value))
            return merged
        items: list[Any] = []
        for value in values:
            if isinstance(value, (list, tuple, set, frozenset)):
                items.extend(value)
            else:
                items.append(value)
        return items

    def __repr__(self) -> str:
        return "<Reflector>"
