"""Checking that both applications answer every request alike (status, content type, body)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import httpx

from benchmarks.asgi import ASGIApp, Lifespan, call
from benchmarks.endpoints import Endpoint
from benchmarks.inprocess import run_loop

__all__ = ["Answer", "differences", "fetch_http", "fetch_inprocess"]


@dataclass(frozen=True)
class Answer:
    """The parts of a response that must match: status, content type and body."""

    status: int
    content_type: str
    body: bytes


def fetch_http(base_url: str, endpoints: Sequence[Endpoint]) -> list[Answer]:
    """Send each request once over HTTP, in order."""
    answers = []
    with httpx.Client(base_url=base_url, timeout=10.0) as client:
        for endpoint in endpoints:
            headers = {
                k.decode(): v.decode() for k, v in endpoint.headers if k != b"content-length"
            }
            response = client.request(
                endpoint.method, endpoint.path, content=endpoint.body or None, headers=headers
            )
            answers.append(
                Answer(
                    response.status_code, response.headers.get("content-type", ""), response.content
                )
            )
    return answers


async def _fetch_all(app: ASGIApp, endpoints: Sequence[Endpoint]) -> list[Answer]:
    answers = []
    async with Lifespan(app) as life:
        for endpoint in endpoints:
            response = await call(app, endpoint, life.state)
            content_type = dict(response.headers).get(b"content-type", b"").decode()
            answers.append(Answer(response.status, content_type, response.body))
    return answers


def fetch_inprocess(app: ASGIApp, endpoints: Sequence[Endpoint]) -> list[Answer]:
    """Send each request once to the ASGI callable (lifespan run around them), in order."""
    return run_loop(_fetch_all(app, endpoints))


def differences(
    endpoints: Sequence[Endpoint], answers: Mapping[str, Sequence[Answer]]
) -> list[str]:
    """One line per request whose answers differ between the applications (empty: identical)."""
    (first, expected), *others = answers.items()
    problems = []
    for index, endpoint in enumerate(endpoints):
        for name, got in others:
            if got[index] != expected[index]:
                problems.append(
                    f"{endpoint.name}: {first} answered {expected[index]}, {name} answered {got[index]}"
                )
    return problems
