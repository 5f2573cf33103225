"""An ``httpx.AsyncClient`` wired to an application, with its lifespan run around it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from nest.errors import MissingDependencyError
from nest.testing.lifespan import LifespanManager

__all__ = ["create_test_client"]


@asynccontextmanager
async def create_test_client(
    app: Any,
    *,
    base_url: str = "http://testserver",
    raise_server_exceptions: bool = False,
    **client_kwargs: Any,
) -> AsyncIterator[Any]:
    """Start the application (its lifespan: ``init()``, hooks), yield a client, then shut it down.

    Args:
        app: A :class:`~nest.http.NestApplication` or any ASGI app.
        base_url: Base URL of requests.
        raise_server_exceptions: Re-raise unhandled exceptions in the test instead of answering 500.
        **client_kwargs: Passed to ``httpx.AsyncClient``.
    """
    try:
        import httpx
    except ImportError as exc:  # pragma: no cover - httpx is in the test extra
        raise MissingDependencyError("httpx", extra="test", feature="nest.testing") from exc
    server = app.get_server() if hasattr(app, "get_server") else app
    async with LifespanManager(server):
        transport = httpx.ASGITransport(app=server, raise_app_exceptions=raise_server_exceptions)
        async with httpx.AsyncClient(
            transport=transport, base_url=base_url, **client_kwargs
        ) as client:
            yield client
