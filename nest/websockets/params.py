"""``MessageBody`` and ``ConnectedSocket``: where a message handler's arguments come from.

Use one as a parameter's default or in its ``Annotated[...]`` metadata::

    @SubscribeMessage("chat")
    async def chat(self, text: str = MessageBody("text"), client: WsClient = ConnectedSocket()): ...

    @SubscribeMessage("move")
    def move(self, move: Annotated[Move, MessageBody()]): ...

They only describe the argument; :func:`plan_parameters` reads them back when the
application is created.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args, get_origin

__all__ = [
    "MISSING",
    "ConnectedSocket",
    "HandlerParam",
    "MessageBody",
    "WsArgumentSpec",
    "plan_parameters",
]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


#: No default: the value is required.
MISSING: Any = _Missing()


@dataclass(frozen=True, eq=False)
class WsArgumentSpec:
    """What ``MessageBody(...)`` or ``ConnectedSocket()`` returns."""

    source: Literal["body", "socket"]
    key: str | None = None
    pipes: tuple[Any, ...] = ()
    default: Any = MISSING


def MessageBody(key: Any = None, *pipes: Any, default: Any = MISSING) -> Any:
    """The message's ``data``, or its field ``key`` when ``data`` is a JSON object.

    A declared type (``move: Move = MessageBody()``) is validated with Pydantic, unless the
    parameter has pipes of its own, which then parse the raw value (``MessageBody("n",
    ParseIntPipe)``). A missing field is an error unless ``default`` is given.

    Args:
        key: A field of the message's data; ``None`` for the whole data. A pipe given here
            instead (``MessageBody(ParseIntPipe)``) applies to the whole data.
        *pipes: Pipes (classes, instances or functions of the value) this argument goes
            through, after the gateway's.
        default: The value when the field (or the data) is missing.
    """
    if key is not None and not isinstance(key, str):
        pipes, key = (key, *pipes), None
    for pipe in pipes:
        if not (callable(getattr(pipe, "transform", None)) or callable(pipe)):
            raise TypeError(
                "MessageBody() takes pipes (classes or instances with transform(), or functions), "
                f"not {pipe!r}"
            )
    made = tuple(pipe() if isinstance(pipe, type) else pipe for pipe in pipes)
    return WsArgumentSpec("body", key, made, default)


def ConnectedSocket() -> Any:
    """The connected client (a :class:`~nest.websockets.WsClient`) that sent the message."""
    return WsArgumentSpec("socket")


@dataclass(frozen=True)
class HandlerParam:
    """One argument of a message handler: its name, where it comes from and its declared type."""

    name: str
    spec: WsArgumentSpec
    metatype: Any = None


def _spec_of(param: inspect.Parameter, hint: Any) -> tuple[WsArgumentSpec | None, Any]:
    """The parameter's spec and its declared type without the spec (``None``: no type)."""
    spec: WsArgumentSpec | None
    if isinstance(param.default, WsArgumentSpec):
        spec, declared = param.default, hint
    elif get_origin(hint) is Annotated:
        base, *extras = get_args(hint)
        spec = next((m for m in extras if isinstance(m, WsArgumentSpec)), None)
        declared = base
    else:
        return None, hint
    if get_origin(declared) is Annotated:
        declared = get_args(declared)[0]
    if declared is inspect.Parameter.empty or declared is Any or isinstance(declared, str):
        declared = None
    return spec, declared


def plan_parameters(func: Callable[..., Any]) -> tuple[list[HandlerParam], list[str]]:
    """The arguments of a handler method (``self`` excluded), and what is wrong with them."""
    try:
        hints = typing.get_type_hints(func, include_extras=True)
    except Exception:  # an annotation that does not evaluate: rely on defaults only
        hints = {}
    params: list[HandlerParam] = []
    problems: list[str] = []
    for index, param in enumerate(inspect.signature(func).parameters.values()):
        if index == 0 and param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD):
            continue  # self
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        spec, declared = _spec_of(param, hints.get(param.name, param.annotation))
        if spec is None:
            if param.default is inspect.Parameter.empty:
                problems.append(
                    f"parameter {param.name!r} says neither where its value comes from nor has a "
                    f"default. Mark it: `{param.name}=MessageBody()` (the message's data), "
                    f"`MessageBody('{param.name}')` (one field of it) or `ConnectedSocket()`"
                )
            continue
        if param.kind is param.POSITIONAL_ONLY:
            problems.append(
                f"parameter {param.name!r} is positional-only; handlers receive their arguments "
                "by name: remove the `/` from the signature"
            )
            continue
        params.append(HandlerParam(param.name, spec, declared if spec.source == "body" else None))
    return params, problems
