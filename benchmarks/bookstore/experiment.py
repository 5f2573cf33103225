"""The plan of one benchmark: calibrate, then every client count, variants interleaved."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .client import MIX, LoadResult, run_load_in_processes
from .database import bench_url, drop_schema, schema_name
from .servers import Server, serving

__all__ = [
    "NEST_DEFAULT_POOL",
    "VARIANTS",
    "Config",
    "Measurement",
    "Pool",
    "Results",
    "describe_pool",
    "run_experiment",
]

VARIANTS = ("async", "sync")

#: ``(pool_size, max_overflow, pre_ping)``.
Pool = tuple[int, int, bool]

#: nest's providers' pool unless told otherwise: SQLAlchemy's 5 + 10, with pre-ping.
NEST_DEFAULT_POOL: Pool = (5, 10, True)


@dataclass(frozen=True)
class Config:
    """What to measure.

    Attributes:
        clients: Client counts, in order.
        seconds: Seconds counted per run.
        warmup: Seconds of load before counting.
        calibration: Seconds of the one-client run that sets the ceiling.
        sleep: Seconds each extensive query holds its connection (the article: 5).
        pool_size: Connections each server keeps in its pool.
        max_overflow: Connections each server may open beyond ``pool_size``.
        pre_ping: Test each connection as it leaves the pool (nest's default: on).
        client_processes: Processes the load client's users are shared out over.
        default_pool_run: Also run the async variant with nest's default pool
            (SQLAlchemy's 5 + 10, pre-ping on) at the largest client count.
    """

    clients: Sequence[int] = (10, 50, 200)
    seconds: float = 20.0
    warmup: float = 3.0
    calibration: float = 8.0
    sleep: float = 0.2
    pool_size: int = 20
    max_overflow: int = 60
    pre_ping: bool = False
    client_processes: int = field(default_factory=lambda: os.cpu_count() or 2)
    default_pool_run: bool = True

    @property
    def pool(self) -> Pool:
        """The pool of the main runs."""
        return (self.pool_size, self.max_overflow, self.pre_ping)


@dataclass(frozen=True)
class Measurement:
    """One run of one variant with one client count.

    Attributes:
        variant: ``"async"`` or ``"sync"``.
        load: What the clients counted.
        server_cpu: Server CPU time over wall time (1.0 is one core, busy throughout).
        peak_connections: Most database connections the server held at once.
        pool: ``(pool_size, max_overflow, pre_ping)`` of the run.
        load_average: The machine's 1-minute load average when the run ended (the run itself
            keeps about 2 processes busy: its server and its client, plus PostgreSQL).
    """

    variant: str
    load: LoadResult
    server_cpu: float
    peak_connections: int
    pool: Pool
    load_average: float


@dataclass
class Results:
    """Everything one benchmark measured."""

    config: Config
    mix_seconds: float
    runs: list[Measurement] = field(default_factory=list)

    def ceiling_rpm(self, clients: int) -> float:
        """Requests per minute if every client ran at one-client speed."""
        return clients * len(MIX) / self.mix_seconds * 60

    def run(self, variant: str, clients: int) -> Measurement:
        """The measurement of ``variant`` with ``clients`` and the configured pool."""
        pool = self.config.pool
        return next(
            m
            for m in self.runs
            if m.variant == variant and m.load.clients == clients and m.pool == pool
        )

    def extra_runs(self) -> list[Measurement]:
        """Runs with another pool than the configured one."""
        pool = self.config.pool
        return [m for m in self.runs if m.pool != pool]


def describe_pool(pool: Pool) -> str:
    """``20 + 60`` or ``5 + 10, pre-ping``."""
    return f"{pool[0]} + {pool[1]}" + (", pre-ping" if pool[2] else "")


def _env(config: Config, schema: str, pool: Pool) -> dict[str, str]:
    return {
        "DATABASE_URL": bench_url().render_as_string(hide_password=False),
        "BOOKSTORE_SCHEMA": schema,
        "BOOKSTORE_EXTENSIVE_QUERY_SECONDS": str(config.sleep),
        "BOOKSTORE_POOL_SIZE": str(pool[0]),
        "BOOKSTORE_MAX_OVERFLOW": str(pool[1]),
        "BOOKSTORE_POOL_PRE_PING": "1" if pool[2] else "0",
        "BOOKSTORE_SEED": "1",
    }


async def _watch_connections(server: Server, port: int, stop: asyncio.Event) -> int:
    """The most database connections the server held at once, sampled 4 times a second."""
    peak = 0
    while not stop.is_set():
        peak = max(peak, server.database_connections(port))
        await asyncio.sleep(0.25)
    return peak


async def _measure(
    config: Config,
    variant: str,
    clients: int,
    seconds: float,
    warmup: float,
    pool: Pool | None = None,
) -> Measurement:
    pool = pool or config.pool
    schema = schema_name()
    drop_schema(bench_url(), schema)  # every run starts on freshly seeded tables
    with serving(variant, _env(config, schema, pool)) as server:
        cpu = server.cpu_seconds()
        stop = asyncio.Event()
        watcher = asyncio.create_task(_watch_connections(server, bench_url().port or 5432, stop))
        load = await asyncio.to_thread(
            run_load_in_processes,
            clients,
            warmup=warmup,
            seconds=seconds,
            base_url=server.base_url,
            processes=config.client_processes,
        )
        server_cpu = (server.cpu_seconds() - cpu) / (warmup + seconds)  # the loaded time
        stop.set()
        peak = await watcher
    drop_schema(bench_url(), schema)
    return Measurement(variant, load, server_cpu, peak, pool, os.getloadavg()[0])


async def run_experiment(config: Config, log: Callable[[str], None] = print) -> Results:
    """Calibrate with one client, then run every client count, alternating the variants."""
    mix_times = []
    for variant in VARIANTS:
        one = await _measure(config, variant, 1, config.calibration, 1.0)
        mix_times.append(len(MIX) * 60 / max(one.load.rpm, 1.0))
        log(f"calibration {variant:>5}: {one.load.rpm:9.0f} rpm with 1 client")
    results = Results(config, mix_seconds=min(mix_times))
    plan = [
        (variant, clients, None)
        for index, clients in enumerate(config.clients)
        for variant in (VARIANTS if index % 2 == 0 else VARIANTS[::-1])
    ]
    if config.default_pool_run and config.clients:
        plan.append(("async", max(config.clients), NEST_DEFAULT_POOL))
    for variant, clients, pool in plan:
        run = await _measure(config, variant, clients, config.seconds, config.warmup, pool)
        results.runs.append(run)
        log(
            f"{variant:>5} {clients:>4} clients, pool {describe_pool(run.pool)}: "
            f"{run.load.rpm:9.0f} rpm ({run.load.rpm / results.ceiling_rpm(clients):4.0%} of "
            f"ceiling), {run.load.failed} failed, server CPU {run.server_cpu:4.0%}, "
            f"client CPU {run.load.client_cpu:4.0%}, peak connections {run.peak_connections}, "
            f"load {run.load_average:.1f}"
        )
    return results
