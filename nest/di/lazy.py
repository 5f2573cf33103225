"""``Lazy[T]``: a handle that resolves a provider when asked, not when injected."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from nest.di.container import Container
    from nest.di.records import ProviderRecord

__all__ = ["Lazy"]

T = TypeVar("T")


class Lazy(Generic[T]):
    """Inject ``Lazy[T]`` to resolve ``T`` at call time with ``await handle.get()``.

    This is how a singleton reaches a REQUEST-scoped provider: inside an HTTP request,
    ``get()`` returns that request's instance. For a TRANSIENT provider, each call builds a new
    instance; for a SINGLETON, it returns the one instance.
    """

    __slots__ = ("_container", "_record")

    def __init__(self, container: Container, record: ProviderRecord | None) -> None:
        self._container = container
        self._record = record

    async def get(self) -> T:
        """Resolve the provider in the current context (the current request, if any)."""
        if self._record is None:
            return None  # type: ignore[return-value]  # an optional dependency nothing provides
        value: T = await self._container.resolve_record(self._record)
        return value

    def __repr__(self) -> str:
        name = self._record.name if self._record is not None else "None"
        return f"Lazy[{name}]"


def lazy_argument(hint: Any) -> Any | None:
    """If ``hint`` is ``Lazy[X]``, return ``X``."""
    if getattr(hint, "__origin__", None) is Lazy:
        return hint.__args__[0]
    return None
