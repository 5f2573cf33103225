"""Injection tokens and the markers that name them in type hints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, Union

__all__ = [
    "ForwardRef",
    "Inject",
    "InjectionToken",
    "Token",
    "display_name",
    "forward_ref",
    "resolve_token",
    "token_name",
]

T = TypeVar("T")


class InjectionToken(Generic[T]):
    """A typed token for providers that are not classes.

    Example:
        ``DB_URL = InjectionToken[str]("DB_URL")`` then
        ``{"provide": DB_URL, "use_value": "sqlite://"}`` and
        ``url: Annotated[str, Inject(DB_URL)]``.
    """

    __slots__ = ("description",)

    def __init__(self, description: str) -> None:
        self.description = description

    def __repr__(self) -> str:
        return f"InjectionToken({self.description!r})"


@dataclass(frozen=True, eq=False)
class ForwardRef:
    """A deferred reference, resolved when the module graph is scanned.

    Use it for names not yet defined where they are written (cycles between modules or providers).
    """

    factory: Callable[[], Any]

    def resolve(self) -> Any:
        return self.factory()


def forward_ref(factory: Callable[[], Any]) -> ForwardRef:
    """Refer to a module or provider that is defined later: ``forward_ref(lambda: CatsModule)``."""
    return ForwardRef(factory)


#: Anything that can name a provider.
Token = Union[type, str, InjectionToken[Any]]  # noqa: UP007 - a runtime alias, valid on 3.10


@dataclass(frozen=True)
class Inject:
    """Marks a parameter for injection: ``Annotated[T, Inject(token)]``.

    Args:
        token: The provider's token; omitted, the token is the annotated type.
        optional: Inject ``None`` (or the parameter's default) when nothing provides the token.
    """

    token: Token | ForwardRef | None = None
    optional: bool = False


def resolve_token(token: Any) -> Any:
    """Follow a :class:`ForwardRef` to the token it stands for."""
    return token.resolve() if isinstance(token, ForwardRef) else token


def display_name(obj: Any) -> str:
    """A class's or function's qualified name without the ``<locals>`` of the function defining it."""
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None) or repr(obj)
    return str(name).rsplit("<locals>.", 1)[-1]


def token_name(token: Any) -> str:
    """A token as it appears in error messages."""
    token = resolve_token(token)
    if isinstance(token, type):
        return display_name(token)
    if isinstance(token, str):
        return repr(token)
    if isinstance(token, InjectionToken):
        return f"InjectionToken({token.description!r})"
    if callable(token) and hasattr(token, "__qualname__"):
        return display_name(token)
    return repr(token)
