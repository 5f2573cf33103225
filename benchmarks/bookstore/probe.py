"""The book store with a probe: where a request's time goes inside the server.

``uvicorn --factory benchmarks.bookstore.probe:create_server`` (or
``create_sync_server``) serves the book store as ``examples.bookstore.app`` builds
it, behind a thin ASGI layer that answers two paths of its own and passes
everything else through:

* ``POST /_probe/start`` starts (or restarts) counting;
* ``GET /_probe/stats`` answers what was counted since, as JSON.

Counted: requests and their time in the server; connection checkouts, how long each
waited for the pool (``pool._do_get``, which includes opening a new connection) and
how long it was held; connections opened and closed; connections checked out,
sampled every 10 ms; and the event loop's lag (how late a 10 ms sleep wakes up).
The probe costs a few microseconds per request and per checkout.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import event
from sqlalchemy.pool import Pool
from starlette.types import ASGIApp, Receive, Scope, Send

from examples.bookstore.app import create_app
from examples.bookstore.database import CONNECTION
from examples.bookstore.settings import BookstoreSettings
from nest.http import NestApplication

__all__ = ["BenchSettings", "Counts", "ProbedApp", "create_server", "create_sync_server"]

_PERIOD = 0.01


def _quantile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclass
class Counts:
    """What the probe counted since it was started."""

    started: float = field(default_factory=time.perf_counter)
    requests: int = 0
    request_seconds: float = 0.0
    waits: list[float] = field(default_factory=list)
    holds: list[float] = field(default_factory=list)
    opened: int = 0
    closed: int = 0
    lags: list[float] = field(default_factory=list)
    checked_out: list[int] = field(default_factory=list)

    def summary(self) -> dict[str, float]:
        """Means, quantiles and totals, in seconds and counts."""
        elapsed = time.perf_counter() - self.started
        waits, holds, lags = self.waits, self.holds, self.lags
        samples = self.checked_out
        return {
            "seconds": elapsed,
            "requests": self.requests,
            "request_mean": self.request_seconds / self.requests if self.requests else 0.0,
            "checkouts": len(waits),
            "wait_mean": sum(waits) / len(waits) if waits else 0.0,
            "wait_p99": _quantile(waits, 0.99),
            "wait_total": sum(waits),
            "hold_mean": sum(holds) / len(holds) if holds else 0.0,
            "hold_total": sum(holds),
            "opened": self.opened,
            "closed": self.closed,
            "lag_mean": sum(lags) / len(lags) if lags else 0.0,
            "lag_p99": _quantile(lags, 0.99),
            "checked_out_mean": sum(samples) / len(samples) if samples else 0.0,
            "checked_out_peak": max(samples, default=0),
        }


class ProbedApp:
    """The book store's ASGI app with the probe's two paths in front of it."""

    def __init__(self, application: NestApplication) -> None:
        self.application = application
        self.app: ASGIApp = application.get_server()
        self.counts = Counts()
        self._pool: Pool | None = None
        self._sampler: asyncio.Task[None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path.startswith("/_probe/"):
            await self._answer(path, send)
            return
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            counts = self.counts
            counts.requests += 1
            counts.request_seconds += time.perf_counter() - started

    async def _answer(self, path: str, send: Send) -> None:
        if path == "/_probe/start":
            self._start()
            body = b"{}"
        else:
            body = json.dumps(self.counts.summary()).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _start(self) -> None:
        self.counts = Counts()
        if self._pool is None:
            self._pool = self.application.get(CONNECTION).pool
            self._instrument(self._pool)
        if self._sampler is None:
            self._sampler = asyncio.get_running_loop().create_task(self._sample(self._pool))

    def _instrument(self, pool: Pool) -> None:
        fetch: Callable[[], Any] = pool._do_get

        def timed_fetch() -> Any:
            began = time.perf_counter()
            try:
                return fetch()
            finally:
                self.counts.waits.append(time.perf_counter() - began)

        pool._do_get = timed_fetch  # type: ignore[method-assign]

        @event.listens_for(pool, "checkout")
        def _out(_dbapi: Any, record: Any, _proxy: Any) -> None:
            record.info["probe_out"] = time.perf_counter()

        @event.listens_for(pool, "checkin")
        def _in(_dbapi: Any, record: Any) -> None:
            out = record.info.pop("probe_out", None) if record is not None else None
            if out is not None:
                self.counts.holds.append(time.perf_counter() - out)

        @event.listens_for(pool, "connect")
        def _opened(_dbapi: Any, _record: Any) -> None:
            self.counts.opened += 1

        @event.listens_for(pool, "close")
        def _closed(_dbapi: Any, _record: Any) -> None:
            self.counts.closed += 1

    async def _sample(self, pool: Pool) -> None:
        checkedout: Callable[[], int] = pool.checkedout  # type: ignore[attr-defined]
        while True:
            due = time.perf_counter() + _PERIOD
            await asyncio.sleep(_PERIOD)
            counts = self.counts
            counts.lags.append(max(0.0, time.perf_counter() - due))
            counts.checked_out.append(checkedout())


_POOL_KEYS = ("pool_size", "max_overflow", "pool_timeout", "pool_recycle", "pool_pre_ping")


@dataclass(frozen=True, kw_only=True)
class BenchSettings(BookstoreSettings):
    """The book store's settings, plus the pool choices the benchmark compares.

    Attributes:
        nest_default_pool: Pass no pool settings at all: nest's provider defaults.
        pre_ping: ``"off"``; ``"idle"`` (nest's: connections idle for 10 s); or
            ``"every"`` (SQLAlchemy's: every checkout, nest's behaviour before).
    """

    nest_default_pool: bool = False
    pre_ping: str = "off"

    @classmethod
    def from_bench_env(cls) -> BenchSettings:
        """``BookstoreSettings.from_env()`` plus ``NEST_BENCH_POOL`` and ``NEST_BENCH_PRE_PING``."""
        base = cls.from_env()
        assert isinstance(base, cls)
        return replace(
            base,
            nest_default_pool=os.environ.get("NEST_BENCH_POOL") == "default",
            pre_ping=os.environ.get("NEST_BENCH_PRE_PING", "off"),
        )

    def orm_options(self) -> dict[str, Any]:
        """The book store's provider options with the benchmark's pool choices."""
        options = super().orm_options()
        if self.nest_default_pool:
            for key in _POOL_KEYS:
                options.pop(key, None)
            return options
        options["pool_pre_ping"] = self.pre_ping != "off"
        if self.pre_ping == "every":
            options["pool_pre_ping_idle"] = 0
        return options


def create_server() -> ProbedApp:
    """The async book store, probed (settings from the environment, as the plain one)."""
    return ProbedApp(create_app(BenchSettings.from_bench_env(), variant="async"))


def create_sync_server() -> ProbedApp:
    """The sync book store, probed."""
    return ProbedApp(create_app(BenchSettings.from_bench_env(), variant="sync"))
