"""Reading what a provider needs: constructor type hints and factory ``inject`` lists."""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from nest.di.lazy import lazy_argument
from nest.di.tokens import ForwardRef, Inject, display_name, resolve_token, token_name

__all__ = ["Dependency", "DependencyReadError", "read_constructor", "read_factory_inject"]

_NO_DEFAULT = inspect.Parameter.empty


@dataclass(frozen=True)
class Dependency:
    """One thing a provider needs.

    Attributes:
        token: The token to resolve (a class, string or InjectionToken); ``None`` when the
            parameter could not be given a token (no annotation), which validation reports.
        name: The parameter name, or ``inject[i]`` for a factory.
        index: Position among the provider's dependencies.
        optional: Nothing providing the token is not an error.
        default: The parameter's default, used when optional and unprovided.
        lazy: Inject a :class:`~nest.di.Lazy` handle instead of the instance.
        forward: Declared with ``forward_ref``: may close a cycle between singletons.
        keyword: Pass by keyword (else by position).
        annotation: The annotation as written, for messages.
    """

    token: Any
    name: str
    index: int
    optional: bool = False
    default: Any = None
    lazy: bool = False
    forward: bool = False
    keyword: bool = False
    annotation: str = ""

    def describe(self) -> str:
        if self.name.startswith("inject["):
            return f"{self.name}: {self.annotation}"
        return f"{self.name}: {self.annotation}" if self.annotation else self.name


class DependencyReadError(Exception):
    """A provider's dependencies cannot be read (an annotation does not evaluate)."""


def _unwrap_optional(hint: Any) -> tuple[Any, bool]:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(get_args(hint)) == 2:
            return args[0], True
    return hint, False


def _describe_hint(hint: Any) -> str:
    """A type hint as a reader would write it: ``Logger | None``, ``list[Book]``, ``Lazy[Ctx]``."""
    if hint is type(None):
        return "None"
    if isinstance(hint, type) and not get_args(hint):
        return display_name(hint)
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        return " | ".join(_describe_hint(a) for a in args)
    if origin is Annotated:
        return _describe_hint(args[0])
    if origin is not None and args:
        base = getattr(hint, "__origin__", origin)
        return f"{display_name(base)}[{', '.join(_describe_hint(a) for a in args)}]"
    return repr(hint).replace("typing.", "")


def dependency_from_hint(
    hint: Any, *, name: str, index: int, default: Any = _NO_DEFAULT, keyword: bool = False
) -> Dependency:
    """Build a :class:`Dependency` from one annotated parameter."""
    marker: Inject | None = None
    base = hint
    if get_origin(hint) is Annotated:
        base = hint.__origin__
        marker = next((m for m in hint.__metadata__ if isinstance(m, Inject)), None)
    shown = _describe_hint(base)
    base, optional = _unwrap_optional(base)
    lazy_of = lazy_argument(base)
    lazy = lazy_of is not None
    if lazy:
        base, inner_optional = _unwrap_optional(lazy_of)
        optional = optional or inner_optional
    forward = False
    if marker is not None and marker.token is not None:
        forward = isinstance(marker.token, ForwardRef)
        token = marker.token
    else:
        token = base
    has_default = default is not _NO_DEFAULT
    return Dependency(
        token=token,
        name=name,
        index=index,
        optional=optional or has_default or bool(marker and marker.optional),
        default=default if has_default else None,
        lazy=lazy,
        forward=forward,
        keyword=keyword,
        annotation=shown,
    )


def _init_of(cls: type) -> Callable[..., Any] | None:
    for klass in cls.__mro__:
        if "__init__" in vars(klass):
            init = vars(klass)["__init__"]
            return None if init is object.__init__ else init
    return None


def read_constructor(cls: type) -> list[Dependency]:
    """The dependencies of ``cls`` from its ``__init__`` type hints.

    Raises:
        DependencyReadError: An annotation names something that does not exist.
    """
    init = _init_of(cls)
    if init is None:
        return []
    try:
        hints = typing.get_type_hints(init, include_extras=True)
    except Exception as exc:  # NameError and friends from evaluating string annotations
        raise DependencyReadError(
            f"the type hints of {display_name(cls)}.__init__ cannot be evaluated ({exc}); "
            "import the names they use at module level (not only under TYPE_CHECKING), "
            "or use Annotated[T, Inject(forward_ref(lambda: T))] for a name defined later"
        ) from exc
    deps: list[Dependency] = []
    params = list(inspect.signature(init).parameters.values())[1:]  # drop self
    for param in params:
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        keyword = param.kind is param.KEYWORD_ONLY
        hint = hints.get(param.name, _NO_DEFAULT)
        if hint is _NO_DEFAULT:
            if param.default is not _NO_DEFAULT:
                continue  # an unannotated parameter with a default keeps its default
            deps.append(Dependency(token=None, name=param.name, index=len(deps), keyword=keyword))
            continue
        deps.append(
            dependency_from_hint(
                hint, name=param.name, index=len(deps), default=param.default, keyword=keyword
            )
        )
    return deps


def read_factory_inject(inject: Sequence[Any]) -> list[Dependency]:
    """The dependencies listed in a factory provider's ``inject=[...]``."""
    deps: list[Dependency] = []
    for index, item in enumerate(inject):
        name = f"inject[{index}]"
        if isinstance(item, Inject):
            token = item.token
            deps.append(
                Dependency(
                    token=token,
                    name=name,
                    index=index,
                    optional=item.optional,
                    forward=isinstance(token, ForwardRef),
                    annotation=token_name(token) if token is not None else "?",
                )
            )
        else:
            lazy_of = lazy_argument(item)
            token = lazy_of if lazy_of is not None else item
            deps.append(
                Dependency(
                    token=token,
                    name=name,
                    index=index,
                    lazy=lazy_of is not None,
                    forward=isinstance(item, ForwardRef),
                    annotation=token_name(resolve_token(token))
                    if not isinstance(token, ForwardRef)
                    else "forward_ref",
                )
            )
    return deps
