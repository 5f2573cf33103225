"""Gateways are tested through Starlette's TestClient, which speaks WebSocket to the ASGI app."""

from __future__ import annotations

import warnings
from typing import Any

with warnings.catch_warnings():
    # Starlette prefers httpx2 for its test client; httpx (installed) works the same here.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from nest.http import PyNestFactory

__all__ = ["TestClient", "serve"]


def serve(module: Any, **kwargs: Any) -> TestClient:
    """A test client of the application of ``module`` (use it in ``with``: it runs the lifespan)."""
    return TestClient(PyNestFactory.create(module, **kwargs).get_server())
