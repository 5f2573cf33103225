"""The in-process loop: each application's ASGI callable called directly, no network.

This measures the framework's own per-request cost (routing, parameter handling, validation,
serialization) without the server and the kernel, which dominate over loopback. Batches are
timed with the process's CPU clock, not the wall clock: nothing here waits for I/O, so on a
quiet machine the two agree, and on a busy one other processes' bursts do not count against
whichever application happened to run during them.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from contextlib import AsyncExitStack
from typing import Any, TypeVar

from benchmarks.asgi import ASGIApp, Lifespan, Response, request_caller
from benchmarks.endpoints import Endpoint
from benchmarks.stats import Sample

__all__ = ["measure_inprocess", "run_loop"]

T = TypeVar("T")


async def _batch(once: Callable[[], Awaitable[Response]], requests: int, expected: int) -> float:
    """Requests per CPU second over ``requests`` sequential calls; raises on an unexpected status."""
    gc.collect()
    start = time.process_time()
    for _ in range(requests):
        response = await once()
        if response.status != expected:
            raise RuntimeError(f"unexpected status {response.status}: {response.body[:200]!r}")
    return requests / max(time.process_time() - start, 1e-9)


async def _measure(
    apps: dict[str, ASGIApp],
    endpoints: Sequence[Endpoint],
    *,
    rounds: int,
    requests: int,
    expected: dict[str, int],
) -> list[Sample]:
    samples = {(e.name, name): Sample(e.name, name) for e in endpoints for name in apps}
    async with AsyncExitStack() as stack:
        running = {
            name: await stack.enter_async_context(Lifespan(app)) for name, app in apps.items()
        }
        callers = {
            (e.name, name): request_caller(life.app, e, life.state)
            for e in endpoints
            for name, life in running.items()
        }
        for (endpoint_name, _), once in callers.items():  # warm-up: caches, lazy imports
            await _batch(once, max(50, requests // 10), expected[endpoint_name])
        order = list(apps)
        for round_index in range(rounds):
            for endpoint in endpoints:
                # Alternate which application goes first, so drift in machine load cancels out.
                names = order if round_index % 2 == 0 else order[::-1]
                for name in names:
                    rate = await _batch(
                        callers[(endpoint.name, name)], requests, expected[endpoint.name]
                    )
                    samples[(endpoint.name, name)].rates.append(rate)
    return list(samples.values())


def run_loop(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` on uvloop when installed (uvicorn's default pick), else asyncio's loop."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


def measure_inprocess(
    apps: dict[str, ASGIApp],
    endpoints: Sequence[Endpoint],
    *,
    rounds: int,
    requests: int,
    expected: dict[str, int],
) -> list[Sample]:
    """Interleaved batches of ``requests`` calls per application and endpoint, ``rounds`` times."""
    return run_loop(_measure(apps, endpoints, rounds=rounds, requests=requests, expected=expected))
