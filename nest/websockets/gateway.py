"""A running gateway: its WebSocket endpoint, connection lifecycle and message dispatch.

Per connection: accept; the global and gateway guards run (a refusal closes with 1008, before
``on_connection``); ``on_connection(client)``; then one message at a time, in the order they
arrive, each answered by an acknowledgement, an error event or nothing; when the socket closes,
``on_disconnect(client)`` runs while the client is still in its rooms (so it can tell them it
left), then the client leaves every room.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from starlette.exceptions import HTTPException
from starlette.websockets import WebSocket, WebSocketDisconnect

from nest.pipeline.context import ExecutionContext
from nest.pipeline.guards import run_guards
from nest.websockets.handlers import CompiledHandler, FilterAnswer, GuardRefusal
from nest.websockets.protocol import (
    ERROR_EVENT,
    NO_ID,
    FrameError,
    WsResponse,
    encode,
    error_data,
    parse_frame,
)
from nest.websockets.server import WebSocketServer, WsClient

if TYPE_CHECKING:
    from nest.websockets.planning import GatewayPlan

__all__ = ["POLICY_VIOLATION", "GatewayRuntime"]

logger = logging.getLogger("nest.websockets")

#: The close code of a guard's refusal (RFC 6455: policy violation).
POLICY_VIOLATION = 1008
_INTERNAL_ERROR = 1011


def on_connection(client: WsClient) -> None:
    """The handler of connection-time contexts of a gateway that defines no ``on_connection``."""


async def _call(method: Callable[..., Any], *args: Any) -> Any:
    result = method(*args)
    if inspect.isawaitable(result):
        result = await result
    return result


def _error_of(exc: BaseException) -> tuple[int, Any]:
    if isinstance(exc, HTTPException):
        return exc.status_code, exc.detail
    return 500, "Internal Server Error"


class GatewayRuntime:
    """One gateway of one application, from mount to shutdown."""

    def __init__(self, plan: GatewayPlan, start: Callable[[GatewayRuntime], Any]) -> None:
        self.plan = plan
        self.cls = plan.cls
        self.name = plan.cls.__name__
        self.path = plan.path
        self.server = WebSocketServer.mounted(plan.path, self.name)
        self.handlers: dict[str, CompiledHandler] = {}
        self.connection_guards: tuple[Any, ...] = ()
        self.on_connection: Callable[..., Any] | None = None
        self.on_disconnect: Callable[..., Any] | None = None
        self.connection_handler: Callable[..., Any] = getattr(
            plan.cls, "on_connection", on_connection
        )
        self._start = start
        self.started = False

    def activate(
        self,
        instance: Any,
        handlers: dict[str, CompiledHandler],
        connection_guards: Sequence[Any],
    ) -> None:
        """Take the built gateway and its compiled handlers (called once, when starting)."""
        self.handlers = handlers
        self.connection_guards = tuple(connection_guards)
        for klass in reversed(self.cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, WebSocketServer):
                    setattr(instance, name, self.server)
        self.on_connection = getattr(instance, "on_connection", None)
        self.on_disconnect = getattr(instance, "on_disconnect", None)
        self.started = True

    # -- connections ----------------------------------------------------------------------

    async def endpoint(self, websocket: WebSocket) -> None:
        """The Starlette WebSocket endpoint of the gateway."""
        if not self.started:  # no lifespan ran (a bare TestClient): start on first use
            await self._start(self)
        await websocket.accept()
        client = WsClient(websocket, self.server)
        if self.connection_guards and not await self._admit(client):
            return
        self.server._add(client)
        try:
            if self.on_connection is not None:
                try:
                    await _call(self.on_connection, client)
                except Exception:
                    logger.exception("%s.on_connection failed; closing the connection", self.name)
                    await client.close(_INTERNAL_ERROR, "Internal Server Error")
                    return
            await self._receive(client)
        finally:
            client._closed = True
            try:
                if self.on_disconnect is not None:
                    await _call(self.on_disconnect, client)
            except Exception:
                logger.exception("%s.on_disconnect failed", self.name)
            finally:
                self.server._remove(client)

    async def _admit(self, client: WsClient) -> bool:
        """Run the connection-time guards; close the connection unless they all allow it."""
        context = ExecutionContext("ws", (client, None, None), self.cls, self.connection_handler)
        try:
            refused = await run_guards(self.connection_guards, context)
        except HTTPException as exc:
            await client.close(POLICY_VIOLATION, str(exc.detail))
            return False
        except Exception:
            logger.exception("A connection guard of %s failed", self.name)
            await client.close(_INTERNAL_ERROR, "Internal Server Error")
            return False
        if refused is not None:
            await client.close(POLICY_VIOLATION, str(GuardRefusal(refused)))
            return False
        return True

    async def _receive(self, client: WsClient) -> None:
        websocket = client.websocket
        while not client.closed:
            try:
                message = await websocket.receive()
            except (WebSocketDisconnect, RuntimeError):  # closed from elsewhere meanwhile
                return
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            if text is None:
                await client.send_text(
                    encode(
                        ERROR_EVENT,
                        error_data(400, "Binary frames are not supported: send JSON text", None),
                    )
                )
                continue
            await self.dispatch(client, text)

    # -- messages -------------------------------------------------------------------------

    async def dispatch(self, client: WsClient, text: str) -> None:
        """Answer one text frame: an acknowledgement, an error event, or nothing."""
        try:
            frame = parse_frame(text)
        except FrameError as exc:
            await client.send_text(
                encode(ERROR_EVENT, error_data(exc.status, exc.message, exc.event), exc.frame_id)
            )
            return
        handler = self.handlers.get(frame.event)
        if handler is None:
            message = f"No handler for event {frame.event!r} on {self.path}"
            await client.send_text(
                encode(ERROR_EVENT, error_data(404, message, frame.event), frame.id)
            )
            return
        try:
            result = await handler.run(client, frame.data, frame.event)
            if result is None:
                return
            if isinstance(result, WsResponse):
                answer = encode(result.event, result.data, frame.id)
            else:
                answer = encode(frame.event, result, frame.id)
        except GuardRefusal as refusal:
            await client.close(POLICY_VIOLATION, str(refusal))
            return
        except FilterAnswer as filtered:
            answer = self._filtered(filtered.answer, frame.id)
        except Exception as exc:
            answer = self._error(exc, handler, frame.event, frame.id)
        await client.send_text(answer)

    def _filtered(self, answer: Any, frame_id: Any) -> str:
        if isinstance(answer, WsResponse):
            return encode(answer.event, answer.data, frame_id)
        return encode(ERROR_EVENT, answer, frame_id)

    def _error(
        self, exc: Exception, handler: CompiledHandler, event: str, frame_id: Any = NO_ID
    ) -> str:
        status, message = _error_of(exc)
        if status >= 500 and not isinstance(exc, HTTPException):
            # Logged once, here; the client learns nothing about it.
            logger.error(
                "Unhandled error in %s.%s (event %r)",
                self.name,
                handler.func.__name__,
                event,
                exc_info=exc,
            )
        try:
            return encode(ERROR_EVENT, error_data(status, message, event), frame_id)
        except TypeError:  # an exception detail with no JSON form
            return encode(ERROR_EVENT, error_data(status, str(message), event), frame_id)

    def __repr__(self) -> str:
        return f"<GatewayRuntime {self.name} {self.path} clients={len(self.server.clients)}>"
