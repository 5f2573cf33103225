"""The server handle of a gateway, its connected clients and their rooms.

Everything lives in the memory of one process: with several workers (``uvicorn --workers 4``)
each has its own clients and rooms, and a broadcast reaches only the clients of the worker
that sends it. Spreading events across processes needs a broker (Redis pub/sub, ...), which
this module does not provide.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from nest.websockets.errors import GatewayNotMountedError
from nest.websockets.protocol import encode

if TYPE_CHECKING:
    from starlette.websockets import WebSocket

__all__ = ["BroadcastOperator", "WebSocketServer", "WsClient"]

_REASON_BYTES = 123  # the longest close reason RFC 6455 allows


def _room_names(rooms: tuple[str, ...], call: str) -> tuple[str, ...]:
    for room in rooms:
        if not isinstance(room, str):
            raise TypeError(f"{call} takes room names (strings), not {room!r}")
    return rooms


class WsClient:
    """One connected client, as ``ConnectedSocket()`` gives it to a handler.

    Attributes:
        id: A unique id (32 hex digits).
        websocket: The Starlette ``WebSocket`` (headers, query parameters, cookies, ...).
        data: Whatever the application wants to keep for this connection (a guard can store
            the authenticated user here at connection time).
    """

    __slots__ = ("_closed", "_rooms", "_server", "data", "id", "websocket")

    def __init__(self, websocket: WebSocket, server: WebSocketServer) -> None:
        self.id = uuid.uuid4().hex
        self.websocket = websocket
        self.data: dict[str, Any] = {}
        self._server = server
        self._rooms: set[str] = set()
        self._closed = False

    @property
    def server(self) -> WebSocketServer:
        """The server handle of the gateway this client is connected to."""
        return self._server

    @property
    def rooms(self) -> frozenset[str]:
        """The rooms this client is in."""
        return frozenset(self._rooms)

    @property
    def closed(self) -> bool:
        """Whether the connection is closed (or closing): nothing more is sent to it."""
        return self._closed

    async def emit(self, event: str, data: Any = None) -> bool:
        """Send ``{"event": event, "data": data}`` to this client; ``False`` if it is gone."""
        return await self.send_text(encode(event, data))

    async def send_text(self, text: str) -> bool:
        """Send one text frame as it is; ``False`` if the connection is gone."""
        if self._closed:
            return False
        try:
            await self.websocket.send_text(text)
        except Exception:  # the peer went away between the check and the send
            self._closed = True
            return False
        return True

    def join(self, *rooms: str) -> None:
        """Put this client in ``rooms`` (created on first use)."""
        for room in _room_names(rooms, "join()"):
            self._rooms.add(room)
            self._server._rooms.setdefault(room, {})[self.id] = self

    def leave(self, *rooms: str) -> None:
        """Take this client out of ``rooms`` (empty rooms disappear)."""
        for room in _room_names(rooms, "leave()"):
            self._rooms.discard(room)
            members = self._server._rooms.get(room)
            if members is not None:
                members.pop(self.id, None)
                if not members:
                    del self._server._rooms[room]

    def to(self, *rooms: str) -> BroadcastOperator:
        """The other clients in ``rooms`` (this one excluded): ``await client.to("lobby").emit(...)``."""
        return BroadcastOperator(self._server, _room_names(rooms, "to()"), exclude=self)

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close the connection with ``code`` (1000: normal; 1008: policy violation)."""
        if self._closed:
            return
        self._closed = True
        if reason is not None:
            reason = reason.encode()[:_REASON_BYTES].decode(errors="ignore")
        with contextlib.suppress(Exception):  # already closed by the peer
            await self.websocket.close(code, reason)

    def __repr__(self) -> str:
        state = " closed" if self._closed else ""
        return f"<WsClient {self.id}{state} rooms={sorted(self._rooms)}>"


class BroadcastOperator:
    """The clients of some rooms (and not one excluded client); made by ``to(room)``."""

    __slots__ = ("_exclude", "_rooms", "_server")

    def __init__(
        self, server: WebSocketServer, rooms: tuple[str, ...], exclude: WsClient | None = None
    ) -> None:
        self._server = server
        self._rooms = rooms
        self._exclude = exclude

    def to(self, *rooms: str) -> BroadcastOperator:
        """Add ``rooms``: a client in any of them receives the event (once)."""
        return BroadcastOperator(
            self._server, (*self._rooms, *_room_names(rooms, "to()")), self._exclude
        )

    @property
    def clients(self) -> list[WsClient]:
        """The open connections that an ``emit`` now would reach."""
        return list(self._recipients())

    def _recipients(self) -> Iterator[WsClient]:
        seen: set[str] = set()
        exclude = self._exclude
        for room in self._rooms:
            for client in tuple(self._server._rooms.get(room, {}).values()):
                if client is not exclude and not client.closed and client.id not in seen:
                    seen.add(client.id)
                    yield client

    async def emit(self, event: str, data: Any = None) -> int:
        """Send ``{"event": event, "data": data}`` to each of the clients; return how many got it."""
        return await _send_all(self._recipients(), encode(event, data))


async def _send_all(clients: Iterable[WsClient], text: str) -> int:
    delivered = 0
    for client in clients:
        if await client.send_text(text):
            delivered += 1
    return delivered


class WebSocketServer:
    """The server handle of a gateway: its clients, its rooms, and broadcasts to them.

    Declare it as a class attribute of the gateway, ``server = WebSocketServer()``; when the
    application starts, each gateway instance gets its own live handle under that name (and
    ``after_init(server)`` receives it). The class attribute itself stays a placeholder.
    """

    def __init__(self) -> None:
        self._clients: dict[str, WsClient] = {}
        self._rooms: dict[str, dict[str, WsClient]] = {}
        self._path: str | None = None
        self._owner = ""

    @classmethod
    def mounted(cls, path: str, owner: str) -> WebSocketServer:
        """A live handle for the gateway ``owner`` served at ``path``."""
        server = cls()
        server._path = path
        server._owner = owner
        return server

    def _check(self) -> None:
        if self._path is None:
            raise GatewayNotMountedError(
                "This WebSocketServer is a placeholder: the live handle is set on the gateway "
                "instance when the application starts. Use `self.server` inside the gateway (or "
                "the `server` given to after_init), not the class attribute, and create the "
                "application with PyNestFactory.create()."
            )

    @property
    def path(self) -> str:
        """The URL path the gateway is served on."""
        self._check()
        assert self._path is not None
        return self._path

    @property
    def clients(self) -> Mapping[str, WsClient]:
        """The connected clients by id (a read-only view)."""
        return MappingProxyType(self._clients)

    @property
    def rooms(self) -> Mapping[str, frozenset[str]]:
        """Each room with the ids of its clients."""
        return {room: frozenset(members) for room, members in self._rooms.items()}

    def to(self, *rooms: str) -> BroadcastOperator:
        """The clients in ``rooms``: ``await server.to("lobby").emit("news", data)``."""
        self._check()
        return BroadcastOperator(self, _room_names(rooms, "to()"))

    async def emit(self, event: str, data: Any = None) -> int:
        """Send ``{"event": event, "data": data}`` to every client; return how many got it."""
        self._check()
        recipients = [c for c in tuple(self._clients.values()) if not c.closed]
        return await _send_all(recipients, encode(event, data))

    def _add(self, client: WsClient) -> None:
        self._clients[client.id] = client

    def _remove(self, client: WsClient) -> None:
        client.leave(*client.rooms)
        self._clients.pop(client.id, None)

    def __repr__(self) -> str:
        where = self._path if self._path is not None else "(placeholder)"
        return f"<WebSocketServer {self._owner} {where} clients={len(self._clients)}>"
