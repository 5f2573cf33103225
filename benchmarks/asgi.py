"""Drive an ASGI application directly: synthetic scope, ``receive`` and ``send``, no network."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from benchmarks.endpoints import Endpoint

__all__ = ["ASGIApp", "Lifespan", "Response", "call", "request_caller"]

Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [
        MutableMapping[str, Any],
        Callable[[], Awaitable[Message]],
        Callable[[Message], Awaitable[None]],
    ],
    Awaitable[None],
]


@dataclass
class Response:
    """What an application sent back for one request."""

    status: int = 0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""


def _scope(endpoint: Endpoint) -> dict[str, Any]:
    path, _, query = endpoint.path.partition("?")
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": endpoint.method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), *endpoint.headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


def request_caller(
    app: ASGIApp, endpoint: Endpoint, state: dict[str, Any]
) -> Callable[[], Awaitable[Response]]:
    """A coroutine function that sends ``endpoint``'s request to ``app`` once per call.

    The scope is built once; each call gets a fresh shallow copy (applications write into it),
    as a server does.
    """
    template = _scope(endpoint)
    request: Message = {"type": "http.request", "body": endpoint.body, "more_body": False}
    disconnect: Message = {"type": "http.disconnect"}

    async def once() -> Response:
        response = Response()
        pending = [request]

        async def receive() -> Message:
            return pending.pop() if pending else disconnect

        async def send(message: Message) -> None:
            kind = message["type"]
            if kind == "http.response.start":
                response.status = message["status"]
                response.headers = list(message.get("headers", ()))
            elif kind == "http.response.body":
                response.body += message.get("body", b"")

        scope = dict(template)
        scope["state"] = dict(state)
        await app(scope, receive, send)
        return response

    return once


async def call(app: ASGIApp, endpoint: Endpoint, state: dict[str, Any] | None = None) -> Response:
    """Send one request to ``app`` and return its response."""
    return await request_caller(app, endpoint, state or {})()


class Lifespan:
    """Run an application's lifespan (start-up on enter, shutdown on exit), as a server does.

    ``state`` is the lifespan state that each request's scope receives a copy of.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.state: dict[str, Any] = {}
        self._inbox: asyncio.Queue[Message] = asyncio.Queue()
        self._started = asyncio.Event()
        self._stopped = asyncio.Event()
        self._failure: str | None = None
        self._task: asyncio.Task[None] | None = None

    async def _receive(self) -> Message:
        return await self._inbox.get()

    async def _send(self, message: Message) -> None:
        kind = message["type"]
        if kind.endswith(".failed"):
            self._failure = str(message.get("message", ""))
        if kind.startswith("lifespan.startup."):
            self._started.set()
        elif kind.startswith("lifespan.shutdown."):
            self._stopped.set()

    async def __aenter__(self) -> Lifespan:
        scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": self.state}
        self._task = asyncio.ensure_future(self.app(scope, self._receive, self._send))
        await self._inbox.put({"type": "lifespan.startup"})
        await asyncio.wait(
            [self._task, asyncio.ensure_future(self._started.wait())],
            return_when=asyncio.FIRST_COMPLETED,
        )
        if self._failure is not None or not self._started.is_set():
            raise RuntimeError(f"the application failed to start: {self._failure}")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._task is not None
        await self._inbox.put({"type": "lifespan.shutdown"})
        await asyncio.wait_for(self._task, timeout=10)
