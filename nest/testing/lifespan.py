"""Drive an ASGI app's lifespan protocol, as a server does, for tests."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Any

__all__ = ["LifespanError", "LifespanManager"]


class LifespanError(RuntimeError):
    """The app reported that its startup or shutdown failed."""


class LifespanManager:
    """``async with LifespanManager(asgi_app):`` runs startup on enter and shutdown on exit."""

    def __init__(self, app: Any, *, timeout: float = 30.0) -> None:
        self.app = app
        self.timeout = timeout
        self.state: dict[str, Any] = {}
        self._to_app: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._from_app: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._error: BaseException | None = None

    async def _receive(self) -> dict[str, Any]:
        return await self._to_app.get()

    async def _send(self, message: dict[str, Any]) -> None:
        await self._from_app.put(message)

    async def _run(self) -> None:
        scope = {
            "type": "lifespan",
            "asgi": {"version": "3.0", "spec_version": "2.0"},
            "state": self.state,
        }
        try:
            await self.app(scope, self._receive, self._send)
        except BaseException as exc:
            self._error = exc
            await self._from_app.put({"type": "nest.lifespan.crashed"})

    async def _exchange(self, event: str) -> None:
        await self._to_app.put({"type": f"lifespan.{event}"})
        message = await asyncio.wait_for(self._from_app.get(), self.timeout)
        if message["type"] == f"lifespan.{event}.complete":
            return
        if message["type"] == "nest.lifespan.crashed" and self._error is not None:
            raise self._error
        raise LifespanError(message.get("message") or f"lifespan {event} failed")

    async def __aenter__(self) -> LifespanManager:
        self._task = asyncio.create_task(self._run())
        await self._exchange("startup")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self._exchange("shutdown")
        finally:
            if self._task is not None:
                await asyncio.wait_for(self._task, self.timeout)
