"""Parameter decorators: ``Body``, ``Param``, ``Query``, ``Headers``, ``HostParam``, ``Ip``, ``Req``,
``Res`` and custom ones made with :func:`create_param_decorator`.

Use one as a parameter's default or in its ``Annotated[...]`` metadata::

    @Get("/{id}")
    def find(self, id: int = Param("id", ParseIntPipe), q: str | None = Query("q")): ...

    @Post("/")
    def create(self, book: Annotated[BookCreate, Body()]): ...

They only describe where the value comes from and which pipes it goes through; the
application turns them into FastAPI parameters when it mounts the routes, so OpenAPI shows
them and plain FastAPI parameters keep working beside them. A named ``Param``/``Query``/
``Headers`` value given pipes reaches them as the raw string (the pipes parse it); without
pipes FastAPI validates it against the declared type, as usual.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from nest.pipeline.context import ExecutionContext

__all__ = [
    "MISSING",
    "ArgumentSource",
    "ArgumentSpec",
    "Body",
    "Headers",
    "HostParam",
    "Ip",
    "Param",
    "Query",
    "Req",
    "Res",
    "createParamDecorator",
    "create_param_decorator",
]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


#: No default: the value is required.
MISSING: Any = _Missing()

ArgumentSource = Literal[
    "body", "param", "query", "headers", "host", "ip", "request", "response", "custom"
]


@dataclass(frozen=True, eq=False)
class ArgumentSpec:
    """Where a handler parameter's value comes from (what a parameter decorator returns)."""

    source: ArgumentSource
    data: Any = None
    pipes: tuple[Any, ...] = ()
    default: Any = MISSING
    factory: Callable[[Any, ExecutionContext], Any] | None = field(default=None, repr=False)

    @property
    def required(self) -> bool:
        return self.default is MISSING


def _name_and_pipes(
    name: Any, pipes: tuple[Any, ...], decorator: str
) -> tuple[Any, tuple[Any, ...]]:
    """``Param(ParseIntPipe)`` means no name and one pipe, as in NestJS."""
    if name is not None and not isinstance(name, str):
        pipes = (name, *pipes)
        name = None
    for pipe in pipes:
        if not (callable(getattr(pipe, "transform", None)) or callable(pipe)):
            raise TypeError(
                f"{decorator}() takes pipes (classes or instances with transform(), or functions), not {pipe!r}"
            )
    return name, tuple(pipe() if isinstance(pipe, type) else pipe for pipe in pipes)


def Body(key: Any = None, *pipes: Any, default: Any = MISSING) -> Any:
    """The request body, or the field ``key`` of a JSON body object."""
    key, pipes = _name_and_pipes(key, pipes, "Body")
    return ArgumentSpec("body", key, pipes, default)


def Param(name: Any = None, *pipes: Any, default: Any = MISSING) -> Any:
    """The path parameter ``name``; with no name, a dict of every path parameter."""
    name, pipes = _name_and_pipes(name, pipes, "Param")
    return ArgumentSpec("param", name, pipes, default)


def Query(name: Any = None, *pipes: Any, default: Any = MISSING) -> Any:
    """The query parameter ``name``; with no name, a dict of the query string."""
    name, pipes = _name_and_pipes(name, pipes, "Query")
    return ArgumentSpec("query", name, pipes, default)


def Headers(name: Any = None, *pipes: Any, default: Any = MISSING) -> Any:
    """The request header ``name`` (case-insensitive); with no name, a dict of every header."""
    name, pipes = _name_and_pipes(name, pipes, "Headers")
    return ArgumentSpec("headers", name.lower() if isinstance(name, str) else None, pipes, default)


def HostParam(name: Any = None, *pipes: Any, default: Any = MISSING) -> Any:
    """The host parameter ``name`` of a ``@Controller(host=":account.example.com")``;
    with no name, the request's host name.

    On a controller without a host pattern, ``HostParam(name)`` reads the path parameter
    ``name``, as PyNest does.
    """
    name, pipes = _name_and_pipes(name, pipes, "HostParam")
    return ArgumentSpec("host", name, pipes, default)


def Ip(*pipes: Any, default: Any = MISSING) -> Any:
    """The client's IP address (as the server saw it; configure uvicorn's proxy headers for the real one)."""
    _, pipes = _name_and_pipes(None, pipes, "Ip")
    return ArgumentSpec("ip", None, pipes, default)


def Req() -> Any:
    """The ``fastapi.Request``."""
    return ArgumentSpec("request")


def Res() -> Any:
    """The ``fastapi.Response`` whose headers, cookies and status code the answer gets."""
    return ArgumentSpec("response")


def create_param_decorator(
    factory: Callable[[Any, ExecutionContext], Any],
) -> Callable[..., Any]:
    """Make a parameter decorator whose value ``factory(data, context)`` computes (may be async).

    Example:
        ```python
        User = create_param_decorator(lambda data, ctx: ctx.switch_to_http().get_request().state.user)

        @Get("/me")
        def me(self, user: dict = User()): ...
        ```
    """
    if not callable(factory):
        raise TypeError(f"create_param_decorator takes a function (data, context), not {factory!r}")

    def decorator(data: Any = None, *pipes: Any, default: Any = MISSING) -> Any:
        checked = _name_and_pipes(None, pipes, getattr(factory, "__name__", "param decorator"))[1]
        return ArgumentSpec("custom", data, checked, default, factory)

    decorator.__name__ = decorator.__qualname__ = getattr(factory, "__name__", "param_decorator")
    decorator.__doc__ = inspect.getdoc(factory)
    return decorator


#: PyNest's (and NestJS's) name for :func:`create_param_decorator`.
createParamDecorator = create_param_decorator
