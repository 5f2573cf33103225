"""The execution context: what guards, interceptors, pipes and filters know about the call.

One :class:`ExecutionContext` is made per call that goes through a pipeline (an HTTP request
to a route with enhancers, a WebSocket message, ...). It names the transport, the handler and
its class, and holds the transport's arguments; ``switch_to_http()`` and ``switch_to_ws()``
give typed views of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

__all__ = [
    "ArgumentsHost",
    "ContextType",
    "ExecutionContext",
    "HttpArgumentsHost",
    "WsArgumentsHost",
]

ContextType = Literal["http", "ws", "cli"]


class HttpArgumentsHost:
    """The HTTP side of a context: the Starlette/FastAPI request and the response being built."""

    __slots__ = ("_context",)

    def __init__(self, context: ExecutionContext) -> None:
        self._context = context

    def get_request(self) -> Any:
        """The ``fastapi.Request``."""
        return self._context.args[0]

    def get_response(self) -> Any:
        """The ``fastapi.Response`` whose headers, cookies and status the handler's result gets.

        ``None`` until the route's parameters are resolved (in guards, and in filters handling
        errors raised before the handler).
        """
        return self._context.args[1] if len(self._context.args) > 1 else None


class WsArgumentsHost:
    """The WebSocket side of a context: the client connection, the message data and its event."""

    __slots__ = ("_context",)

    def __init__(self, context: ExecutionContext) -> None:
        self._context = context

    def get_client(self) -> Any:
        """The connected client (the gateway's socket object)."""
        return self._context.args[0]

    def get_data(self) -> Any:
        """The message's ``data``."""
        return self._context.args[1] if len(self._context.args) > 1 else None

    def get_pattern(self) -> str | None:
        """The message's event name."""
        return self._context.args[2] if len(self._context.args) > 2 else None


class ExecutionContext:
    """Where a guard, interceptor, pipe or exception filter is running.

    Args:
        type: ``"http"``, ``"ws"`` or ``"cli"``.
        args: The transport's arguments: ``(request, response)`` for HTTP,
            ``(client, data, event)`` for WebSocket.
        cls: The controller or gateway class.
        handler: The handler function (unbound).
    """

    __slots__ = ("_cls", "_handler", "_type", "args")

    def __init__(
        self,
        type: ContextType,
        args: tuple[Any, ...],
        cls: type | None,
        handler: Callable[..., Any] | None,
    ) -> None:
        self._type = type
        self.args = args
        self._cls = cls
        self._handler = handler

    def get_type(self) -> ContextType:
        return self._type

    @property
    def in_handler(self) -> bool:
        """Whether the call reached a handler's pipeline; false in a global exception filter
        answering an error raised outside controller routes (an unknown path's 404)."""
        return self._handler is not None

    def get_class(self) -> type:
        """The controller (or gateway) class of the handler."""
        if self._cls is None:
            raise RuntimeError(
                "This context has no class: the error was raised outside a controller route "
                "(check context.in_handler first)"
            )
        return self._cls

    def get_handler(self) -> Callable[..., Any]:
        """The handler function; pass it to ``Reflector.get`` to read its metadata."""
        if self._handler is None:
            raise RuntimeError(
                "This context has no handler: the error was raised outside a controller route "
                "(check context.in_handler first)"
            )
        return self._handler

    def get_args(self) -> tuple[Any, ...]:
        return self.args

    def get_arg_by_index(self, index: int) -> Any:
        return self.args[index] if index < len(self.args) else None

    def switch_to_http(self) -> HttpArgumentsHost:
        return HttpArgumentsHost(self)

    def switch_to_ws(self) -> WsArgumentsHost:
        return WsArgumentsHost(self)

    def __repr__(self) -> str:
        where = (
            f"{self._cls.__name__}.{getattr(self._handler, '__name__', '?')}"
            if self._cls is not None
            else getattr(self._handler, "__name__", "?")
        )
        return f"<ExecutionContext {self._type} {where}>"


#: Exception filters receive the same object; NestJS calls its base interface ArgumentsHost.
ArgumentsHost = ExecutionContext
