"""The endpoints under load, and the requests that check both applications answer alike."""

from __future__ import annotations

import json
from dataclasses import dataclass

__all__ = ["CHECKS", "ENDPOINTS", "Endpoint"]


@dataclass(frozen=True)
class Endpoint:
    """One request: what the load generator sends over and over, or what the start-up check sends."""

    name: str
    method: str
    path: str
    body: bytes = b""

    @property
    def headers(self) -> list[tuple[bytes, bytes]]:
        """Request headers besides ``host`` (a JSON content type when there is a body)."""
        if not self.body and self.method == "GET":
            return []
        return [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(self.body)).encode()),
        ]


_ITEM = {
    "name": "widget",
    "description": "A widget for benchmarks.",
    "price": 9.99,
    "tax": 1.5,
    "quantity": 3,
    "tags": ["bench", "load"],
}

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("GET /hello", "GET", "/hello"),
    Endpoint("GET /items/{id}", "GET", "/items/42"),
    Endpoint("POST /items", "POST", "/items", json.dumps(_ITEM).encode()),
)
"""The three endpoints measured, each with the exact request sent under load."""

CHECKS: tuple[Endpoint, ...] = (
    *ENDPOINTS,
    Endpoint("GET /items/{id} (missing)", "GET", "/items/4242"),
    Endpoint("GET /items/{id} (not an int)", "GET", "/items/abc"),
    Endpoint(
        "POST /items (invalid)", "POST", "/items", json.dumps({**_ITEM, "price": -1}).encode()
    ),
    Endpoint("POST /items (malformed)", "POST", "/items", b'{"name": '),
    Endpoint("GET /nowhere", "GET", "/nowhere"),
)
"""Requests whose answers must be identical in both applications (successes and errors)."""
