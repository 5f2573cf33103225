"""The plan of one benchmark: calibrate, then every client count, variants interleaved."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from nest.orm._pool import POOL_DEFAULTS

from .client import MIX, LoadResult, run_load_in_processes
from .database import bench_url, drop_schema, schema_name
from .servers import HOST, Server, machine_busy_seconds, postgres_cpu_seconds, serving

__all__ = [
    "NEST_DEFAULT_POOL",
    "SQLALCHEMY_DEFAULT_POOL",
    "THREADS",
    "VARIANTS",
    "Config",
    "Measurement",
    "Pool",
    "Results",
    "run_experiment",
]

VARIANTS = ("async", "sync")
THREADS = 40  # anyio's default thread limiter, which FastAPI runs ``def`` handlers on


@dataclass(frozen=True)
class Pool:
    """The connection pool of the server under test.

    Attributes:
        size: ``pool_size``.
        overflow: ``max_overflow``.
        pre_ping: ``"off"``; ``"idle"`` (nest's: test connections idle for 10 s); or
            ``"every"`` (SQLAlchemy's: test every checkout).
        nest_default: Pass no pool settings, so the provider's defaults apply (``size``
            and ``overflow`` then only describe them).
    """

    size: int
    overflow: int
    pre_ping: str = "idle"
    nest_default: bool = False

    @property
    def connections(self) -> int:
        """The most connections the pool opens."""
        return self.size + self.overflow

    def describe(self) -> str:
        """``80 + 0, pre-ping when idle``, or ``nest's default (20 + 0, ...)``."""
        ping = {"off": "", "idle": ", pre-ping when idle", "every": ", pre-ping every checkout"}
        text = f"{self.size} + {self.overflow}{ping[self.pre_ping]}"
        return f"nest's default ({text})" if self.nest_default else text


#: What nest's providers use when given no pool settings.
NEST_DEFAULT_POOL = Pool(
    POOL_DEFAULTS.pool_size, POOL_DEFAULTS.max_overflow, "idle", nest_default=True
)
#: SQLAlchemy's defaults, which nest's providers used before: 5 + 10, pre-ping every checkout.
SQLALCHEMY_DEFAULT_POOL = Pool(5, 10, "every")


@dataclass(frozen=True)
class Config:
    """What to measure.

    Attributes:
        clients: Client counts, in order.
        seconds: Seconds counted per run.
        warmup: Seconds of load before counting.
        calibration: Seconds of the one-client run that sets the ceiling.
        sleep: Seconds each extensive query holds its connection (the article: 5).
        pool: The pool of the main runs: 80 connections, within PostgreSQL's default
            ``max_connections`` of 100, none of them overflow (no closing and reopening).
        client_processes: Processes the load client's users are shared out over.
        extra_pools: Pools the async variant is also run with, at the largest client count.
    """

    clients: Sequence[int] = (10, 50, 200)
    seconds: float = 15.0
    warmup: float = 3.0
    calibration: float = 6.0
    sleep: float = 0.2
    pool: Pool = Pool(80, 0, "idle")
    client_processes: int = 1
    extra_pools: Sequence[Pool] = ()


@dataclass(frozen=True)
class Measurement:
    """One run of one variant with one client count.

    Attributes:
        variant: ``"async"`` or ``"sync"``.
        load: What the clients counted.
        server_cpu: Server CPU time over wall time (1.0 is one core, busy throughout).
        peak_connections: Most database connections the server held at once.
        pool: The run's pool.
        load_average: The machine's 1-minute load average when the run ended (the run itself
            keeps about 2 processes busy: its server and its client, plus PostgreSQL).
        postgres_cpu: CPU time of PostgreSQL's processes over the counted time.
        machine_busy: Share of all CPUs busy during the counted time (1.0: all of them).
        probe: What the server's probe counted in the window (see ``probe.py``).
    """

    variant: str
    load: LoadResult
    server_cpu: float
    peak_connections: int
    pool: Pool
    load_average: float
    postgres_cpu: float = 0.0
    machine_busy: float = 0.0
    probe: dict[str, float] = field(default_factory=dict)

    def cpu_ms(self, cpu: float) -> float:
        """Milliseconds of ``cpu`` (a share of one core) per successful request."""
        per_second = self.load.rpm / 60
        return cpu * 1000 / per_second if per_second else 0.0

    @property
    def pool_wait_ms(self) -> float:
        """Mean milliseconds a request waited for a database connection."""
        return self.probe.get("wait_mean", 0.0) * 1000


@dataclass
class Results:
    """Everything one benchmark measured.

    Attributes:
        config: What was measured.
        mix_seconds: One client's time per mix: the sum of its mean answer times per
            request of the mix, in the faster variant's one-client run.
        runs: Every measurement, in order.
        one_client: Each variant's mean answer time per request kind with one client.
    """

    config: Config
    mix_seconds: float
    runs: list[Measurement] = field(default_factory=list)
    one_client: dict[str, dict[str, float]] = field(default_factory=dict)

    def ceiling_rpm(self, clients: int) -> float:
        """Requests per minute if every client ran at one-client speed."""
        return clients * len(MIX) / self.mix_seconds * 60

    def pool_bound_rpm(self, pool: Pool) -> float:
        """Requests per minute ``pool``'s connections carry.

        A client holds a connection for nearly all of its mix (two sleeps, nine short
        queries), so ``n`` connections carry what ``n`` clients do at one-client speed;
        slightly more in truth, as a short request does not hold its connection for the
        whole of its answer time.
        """
        return self.ceiling_rpm(pool.connections)

    def thread_bound_rpm(self) -> float:
        """Requests per minute the sync variant's threads carry at one-client speed."""
        return self.ceiling_rpm(THREADS)

    def bound_rpm(self, run: Measurement) -> float:
        """The most this run could do: clients, pool and (sync) threads, whichever is lowest."""
        bounds = [self.ceiling_rpm(run.load.clients), self.pool_bound_rpm(run.pool)]
        if run.variant == "sync":
            bounds.append(self.thread_bound_rpm())
        return min(bounds)

    def run(self, variant: str, clients: int) -> Measurement:
        """The measurement of ``variant`` with ``clients`` and the main pool."""
        pool = self.config.pool
        return next(
            m
            for m in self.runs
            if m.variant == variant and m.load.clients == clients and m.pool == pool
        )

    def extra_runs(self) -> list[Measurement]:
        """Runs with another pool than the main one."""
        pool = self.config.pool
        return [m for m in self.runs if m.pool != pool]


def _env(config: Config, schema: str, pool: Pool) -> dict[str, str]:
    return {
        "DATABASE_URL": bench_url().render_as_string(hide_password=False),
        "BOOKSTORE_SCHEMA": schema,
        "BOOKSTORE_EXTENSIVE_QUERY_SECONDS": str(config.sleep),
        "BOOKSTORE_POOL_SIZE": str(pool.size),
        "BOOKSTORE_MAX_OVERFLOW": str(pool.overflow),
        "BOOKSTORE_SEED": "1",
        "NEST_BENCH_POOL": "default" if pool.nest_default else "given",
        "NEST_BENCH_PRE_PING": pool.pre_ping,
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
        stop = asyncio.Event()
        watcher = asyncio.create_task(_watch_connections(server, bench_url().port or 5432, stop))
        start_at = time.time() + 1.5  # the client processes start counting together
        load_task = asyncio.create_task(
            asyncio.to_thread(
                run_load_in_processes,
                clients,
                warmup=warmup,
                seconds=seconds,
                host=HOST,
                port=server.port,
                processes=config.client_processes,
                start_at=start_at,
            )
        )
        # The window: from the end of the warm-up to the end of the counted seconds.
        await asyncio.sleep(max(0.0, start_at + warmup - time.time()))
        before = _cpu_snapshot(server)
        await asyncio.to_thread(server.probe, "start")
        await asyncio.sleep(max(0.0, start_at + warmup + seconds - time.time()))
        after = _cpu_snapshot(server)
        probe = await asyncio.to_thread(server.probe, "stats")
        load = await load_task
        stop.set()
        peak = await watcher
    drop_schema(bench_url(), schema)
    elapsed = after[0] - before[0]
    server_cpu, postgres_cpu, busy = (
        (a - b) / elapsed for a, b in zip(after[1:], before[1:], strict=True)
    )
    return Measurement(
        variant,
        load,
        server_cpu,
        peak,
        pool,
        os.getloadavg()[0],
        postgres_cpu=postgres_cpu,
        machine_busy=busy / (os.cpu_count() or 1),
        probe=probe,
    )


def _cpu_snapshot(server: Server) -> tuple[float, float, float, float]:
    """``(wall, server CPU, PostgreSQL CPU, machine busy)`` seconds, now."""
    return (time.time(), server.cpu_seconds(), postgres_cpu_seconds(), machine_busy_seconds()[0])


def mix_seconds(load: LoadResult) -> float:
    """One mix's time from a run's mean answer time per request kind.

    Unlike requests counted over the window, this holds with a window of a few mixes.
    """
    return sum(load.latency.get(kind, 0.0) for kind in MIX)


async def run_experiment(config: Config, log: Callable[[str], None] = print) -> Results:
    """Calibrate with one client, then run every client count, alternating the variants."""
    mix_times = {}
    one_client = {}
    for variant in VARIANTS:
        one = await _measure(config, variant, 1, config.calibration, 1.0)
        mix_times[variant] = mix_seconds(one.load)
        one_client[variant] = one.load.latency
        log(
            f"calibration {variant:>5}: {one.load.rpm:7.0f} rpm with 1 client, "
            f"{1000 * mix_times[variant]:.0f} ms per mix; {_describe_probe(one)}"
        )
    results = Results(config, mix_seconds=min(mix_times.values()), one_client=one_client)
    plan: list[tuple[str, int, Pool | None]] = [
        (variant, clients, None)
        for index, clients in enumerate(config.clients)
        for variant in (VARIANTS if index % 2 == 0 else VARIANTS[::-1])
    ]
    plan += [("async", max(config.clients), pool) for pool in config.extra_pools]
    for variant, clients, pool in plan:
        run = await _measure(config, variant, clients, config.seconds, config.warmup, pool)
        results.runs.append(run)
        log(
            f"{variant:>5} {clients:>4} clients, pool {run.pool.describe()}: "
            f"{run.load.rpm:7.0f} rpm ({run.load.rpm / results.ceiling_rpm(clients):4.0%} of "
            f"the clients ceiling, {run.load.rpm / results.bound_rpm(run):4.0%} of the bound), "
            f"{run.load.failed} failed, server CPU {run.server_cpu:4.0%}, "
            f"client CPU {run.load.client_cpu:4.0%}, PostgreSQL CPU {run.postgres_cpu:4.0%}, "
            f"machine {run.machine_busy:4.0%} busy, peak connections {run.peak_connections}, "
            f"load {run.load_average:.1f}"
        )
        log(f"      {_describe_probe(run)}")
    return results


def _describe_probe(run: Measurement) -> str:
    probe = run.probe
    latency = run.load.latency
    fast = [v for k, v in latency.items() if k != "extensive"]
    fast_ms = 1000 * sum(fast) / len(fast) if fast else 0.0

    def ms(key: str) -> float:
        return probe.get(key, 0.0) * 1000

    return (
        f"server {run.cpu_ms(run.server_cpu):.2f} ms CPU/request, client "
        f"{run.cpu_ms(run.load.client_cpu):.2f}; in server {ms('request_mean'):.1f} ms; "
        f"client saw {fast_ms:.1f} ms (fast) / {1000 * latency.get('extensive', 0):.0f} ms "
        f"(extensive); pool wait {ms('wait_mean'):.1f} ms (p99 {ms('wait_p99'):.0f}), "
        f"hold {ms('hold_mean'):.1f} ms, checked out {probe.get('checked_out_mean', 0):.0f} "
        f"(peak {probe.get('checked_out_peak', 0):.0f}), connections opened "
        f"{probe.get('opened', 0):.0f}/closed {probe.get('closed', 0):.0f}; loop lag "
        f"{ms('lag_mean'):.1f} ms (p99 {ms('lag_p99'):.0f})"
    )
