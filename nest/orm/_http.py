"""The database layer's part in HTTP: error responses and per-request sessions.

:func:`install_database_error_handlers` maps database failures to 404/409/422/503
for a whole application. :class:`RequestSessionMiddleware` gives each request its
own sessions and commits or rolls them back, by commit mode, just before the
response starts, so a client never sees a success whose data was not saved.
"""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nest.orm._logging import log_database_error
from nest.orm.context import CommitMode, RequestScope, enter_request_scope, request_scope
from nest.orm.errors import DatabaseErrorInfo, classify_database_error

Handler = Callable[[Request], Coroutine[Any, Any, Response]]

if TYPE_CHECKING:
    from fastapi import FastAPI

    from nest.di import Lazy
    from nest.orm.provider import BaseOrmProvider

__all__ = [
    "ConnectionSlot",
    "RequestSessionMiddleware",
    "install_database_error_handlers",
    "mark_request_failed",
]


def _body(info: DatabaseErrorInfo) -> tuple[bytes, list[tuple[bytes, bytes]]]:
    body = json.dumps({"detail": info.detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if info.status_code == 503:
        headers.append((b"retry-after", b"1"))
    return body, headers


async def _database_error_response(request: Request, exc: Exception) -> Response:
    info = classify_database_error(exc)
    log_database_error(exc, info, where=f"{request.method} {request.url.path}")
    if info is None:
        return JSONResponse({"detail": "Internal Server Error"}, status_code=500)
    headers = {"Retry-After": "1"} if info.status_code == 503 else None
    return JSONResponse({"detail": info.detail}, status_code=info.status_code, headers=headers)


def install_database_error_handlers(server: FastAPI) -> None:
    """Answer database failures anywhere in ``server`` with a safe status and message.

    Unique and foreign-key violations answer 409, values a column cannot hold 422,
    ``NoResultFound`` 404, and an exhausted pool, an unreachable server or a
    statement timeout 503 (with ``Retry-After``). Bodies are ``{"detail": ...}`` with
    no SQL, parameters, table names or traceback; the server log has the detail.
    """
    for kind in (SQLAlchemyError, ConnectionRefusedError, ConnectionResetError, socket.gaierror):
        server.add_exception_handler(kind, _database_error_response)


@dataclass(frozen=True, eq=False)
class ConnectionSlot:
    """A connection registered with the HTTP layer: its name, commit mode and provider."""

    name: str
    commit_mode: CommitMode
    provider: BaseOrmProvider[Any, Any, Any]


def mark_request_failed(handler: Handler) -> Handler:
    """A route wrapper noting that the handler raised, whatever the response then is."""

    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except BaseException:
            scope = request_scope()
            if scope is not None:
                scope.failed = True
            raise

    return run


class RequestSessionMiddleware:
    """Open the request scope, then commit or roll back its sessions before responding.

    One instance is installed per connection; the outermost one owns the request
    scope and the others add their connection to it. With several connections, each
    commits on its own (there is no two-phase commit): when one commit fails, the
    connections after it roll back and the response reports the failure.
    """

    def __init__(self, app: ASGIApp, *, slot: Lazy[ConnectionSlot]) -> None:
        self.app = app
        self._handle = slot
        self._slot: ConnectionSlot | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        slot = self._slot
        if slot is None:  # the first request: the application has started by now
            slot = self._slot = await self._handle.get()
        provider = slot.provider
        outer = request_scope()
        if outer is not None:
            outer.modes[provider] = slot.commit_mode
            await self.app(scope, receive, send)
            return
        request = RequestScope(modes={provider: slot.commit_mode})
        with enter_request_scope(request):
            try:
                await self.app(scope, receive, _Finisher(request, scope, send).send)
            except BaseException:
                request.failed = True
                raise
            finally:
                await _close_all(request)


class _Finisher:
    """Wraps ``send``: ends the request's transactions when the response starts."""

    def __init__(self, request: RequestScope, scope: Scope, send: Send) -> None:
        self.request = request
        self.where = f"{scope.get('method', '')} {scope.get('path', '')}"
        self.downstream = send
        self.replaced = False

    async def send(self, message: Message) -> None:
        if self.replaced:
            return  # the application's own response was replaced by an error
        if message["type"] == "http.response.start":
            info = await self._finish(int(message["status"]))
            if info is not None:
                self.replaced = True
                body, headers = _body(info)
                await self.downstream(
                    {"type": "http.response.start", "status": info.status_code, "headers": headers}
                )
                await self.downstream({"type": "http.response.body", "body": body})
                return
        await self.downstream(message)

    async def _finish(self, status: int) -> DatabaseErrorInfo | None:
        failure: DatabaseErrorInfo | None = None
        for provider, session in list(self.request.sessions.items()):
            mode = self.request.modes.get(provider, CommitMode.MANUAL)
            commit = failure is None and not self.request.failed and mode.commits(status)
            try:
                await provider.finish(session, commit=commit)
            except Exception as exc:
                info = classify_database_error(exc)
                log_database_error(
                    exc, info, where=f"{self.where} ({'commit' if commit else 'rollback'})"
                )
                if not commit:
                    continue  # nothing was to be kept; the session is closed after the response
                failure = info or DatabaseErrorInfo(500, "Internal Server Error")
                with contextlib.suppress(Exception):
                    await provider.finish(session, commit=False)
        return failure


async def _close_all(request: RequestScope) -> None:
    for provider, session in list(request.sessions.items()):
        try:
            await provider.close_session(session)
        except Exception as exc:  # a dead connection: the pool discards it
            log_database_error(exc, classify_database_error(exc), where="closing a request session")
    request.sessions.clear()
