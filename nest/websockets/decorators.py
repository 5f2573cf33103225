"""``@WebSocketGateway`` and ``@SubscribeMessage``: they record metadata only.

A gateway is a provider (list it in a module's ``providers=[...]``) whose class carries a
:class:`GatewayMetadata` record; its message handlers carry the event names they answer.
The gateway layer reads both back when the application is created.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, overload

__all__ = [
    "GatewayMetadata",
    "SubscribeMessage",
    "WebSocketGateway",
    "gateway_path",
    "get_gateway_metadata",
    "get_message_events",
]

_GATEWAY = "__nest_gateway__"
_EVENTS = "__nest_ws_events__"

C = TypeVar("C", bound=type)
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class GatewayMetadata:
    """What ``@WebSocketGateway`` records.

    Attributes:
        path: The URL path the gateway is served on (``"/"`` when none is given).
        namespace: A second path segment under ``path`` (``@WebSocketGateway(namespace="chat")``).
    """

    path: str = ""
    namespace: str = ""


@overload
def WebSocketGateway(path: C, /) -> C: ...
@overload
def WebSocketGateway(
    path: str | None = None, /, *, namespace: str | None = None
) -> Callable[[C], C]: ...


def WebSocketGateway(path: Any = None, /, *, namespace: str | None = None) -> Any:
    """Mark a provider class as a WebSocket gateway served at ``path`` + ``namespace``.

    ``@WebSocketGateway(namespace="/ws")``, ``@WebSocketGateway("/ws")`` and
    ``@WebSocketGateway("/socket", namespace="chat")`` (served at ``/socket/chat``) all work;
    with neither, the gateway is served at ``/``. The application's global prefix does not apply.

    Args:
        path: URL path of the gateway's WebSocket endpoint.
        namespace: A path under ``path``; NestJS's name for the endpoint of a gateway.
    """

    def decorate(cls: C) -> C:
        if not isinstance(cls, type):
            raise TypeError(f"@WebSocketGateway decorates classes, not {cls!r}")
        setattr(cls, _GATEWAY, GatewayMetadata(path=path or "", namespace=namespace or ""))
        return cls

    if isinstance(path, type):  # bare @WebSocketGateway
        cls, path = path, None
        return decorate(cls)
    if path is not None and not isinstance(path, str):
        raise TypeError(f"WebSocketGateway(path) takes a string, not {path!r}")
    if namespace is not None and not isinstance(namespace, str):
        raise TypeError(f"WebSocketGateway(namespace=...) takes a string, not {namespace!r}")
    return decorate


def SubscribeMessage(event: str) -> Callable[[F], F]:
    """Answer frames ``{"event": event, ...}`` with the decorated method.

    The method (``def`` or ``async def``) takes parameters marked ``MessageBody()`` and
    ``ConnectedSocket()``; what it returns (unless ``None``) is sent back as the acknowledgement.
    Stacking two ``@SubscribeMessage`` decorators makes one method answer both events.
    """
    if not isinstance(event, str) or not event:
        raise TypeError(f"SubscribeMessage(event) takes a non-empty string, not {event!r}")
    if event == "error":  # protocol.ERROR_EVENT: acks of such a handler would read as errors
        raise ValueError(
            'SubscribeMessage("error"): the event "error" is reserved for error frames; pick another name'
        )

    def decorate(func: F) -> F:
        if not callable(func):
            raise TypeError(f"@SubscribeMessage decorates methods, not {func!r}")
        setattr(func, _EVENTS, (*get_message_events(func), event))
        return func

    return decorate


def get_gateway_metadata(cls: Any) -> GatewayMetadata | None:
    """The ``@WebSocketGateway`` record of ``cls`` itself (not inherited), or ``None``."""
    record = vars(cls).get(_GATEWAY) if isinstance(cls, type) else None
    return record if isinstance(record, GatewayMetadata) else None


def get_message_events(func: Any) -> tuple[str, ...]:
    """The events recorded on a function (empty when it is not a message handler)."""
    events = getattr(func, _EVENTS, ())
    return events if isinstance(events, tuple) else ()


def gateway_path(meta: GatewayMetadata) -> str:
    """The URL path of a gateway: one leading slash, no trailing one, no empty segments."""
    segments = [p.strip("/") for p in (meta.path, meta.namespace) if p and p.strip("/")]
    return "/" + "/".join(segments)
