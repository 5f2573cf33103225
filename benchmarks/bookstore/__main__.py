"""``python -m benchmarks.bookstore``: the article's async-vs-sync experiment, extended."""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, text

from . import cpu
from .database import bench_url
from .experiment import (
    NEST_DEFAULT_POOL,
    SQLALCHEMY_DEFAULT_POOL,
    Config,
    Pool,
    Results,
    run_experiment,
)
from .report import Environment, render_cpu_table, render_markdown, render_table, write_chart
from .servers import ROOT

PAGE = ROOT / "docs" / "benchmarks.md"
CHART = ROOT / "docs" / "img" / "bookstore-benchmark.png"
FULL_SLEEPS = (0.2, 1.0)
#: nest's default pool and SQLAlchemy's (nest's before), run at the largest client count.
EXTRA_POOLS = (NEST_DEFAULT_POOL, SQLALCHEMY_DEFAULT_POOL)
CPU_MODES = ("idle", "every")
QUICK = Config(clients=(10, 50, 200), seconds=3.0, warmup=1.0, calibration=2.0)


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bookstore", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="about a minute; print only")
    parser.add_argument("--clients", type=int, nargs="+", help="client counts (10 50 200)")
    parser.add_argument("--seconds", type=float, help="seconds counted per run (15)")
    parser.add_argument("--warmup", type=float, help="seconds of load before counting (3)")
    parser.add_argument(
        "--sleep", type=float, nargs="+", help="seconds per extensive query, one run each (0.2 1)"
    )
    parser.add_argument("--pool-size", type=int, help="pool_size of both servers (80)")
    parser.add_argument("--max-overflow", type=int, help="max_overflow of both servers (0)")
    parser.add_argument(
        "--pre-ping",
        choices=("off", "idle", "every"),
        help="idle: nest's default (connections idle 10 s); every: SQLAlchemy's",
    )
    parser.add_argument("--client-processes", type=int, help="load client processes (1)")
    parser.add_argument(
        "--no-pool-runs", action="store_true", help="skip the default-pool comparison"
    )
    parser.add_argument(
        "--cpu-requests", type=int, help="requests per kind for the CPU table (500; 0 skips it)"
    )
    parser.add_argument("--write", action="store_true", help="write the page after --quick")
    parser.add_argument("--no-write", action="store_true", help="print, do not write the page")
    return parser.parse_args()


def _config(args: argparse.Namespace) -> Config:
    base = QUICK if args.quick else Config()
    pool = Pool(
        args.pool_size if args.pool_size is not None else base.pool.size,
        args.max_overflow if args.max_overflow is not None else base.pool.overflow,
        args.pre_ping or base.pool.pre_ping,
    )
    given = {
        "clients": tuple(args.clients) if args.clients else None,
        "seconds": args.seconds,
        "warmup": args.warmup,
        "client_processes": args.client_processes,
    }
    return replace(base, pool=pool, **{k: v for k, v in given.items() if v is not None})


def _postgres_version() -> str:
    engine = create_engine(bench_url().set(drivername="postgresql+psycopg"))
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("SHOW server_version")).scalar()).split()[0]
    finally:
        engine.dispose()


def _chart(index: int, sleep: float) -> Path:
    if index == 0:
        return CHART
    label = f"{sleep:g}".replace(".", "_")
    return CHART.with_name(f"{CHART.stem}-sleep-{label}{CHART.suffix}")


def _cpu_costs(requests: int) -> dict[str, list[cpu.Cost]]:
    import uvloop

    costs = {}
    for mode in CPU_MODES:
        costs[mode] = uvloop.run(cpu.measure(requests=requests, warmup=100, pre_ping=mode))
    return costs


def main() -> None:
    """Run the experiment for each sleep, print the tables, write the page and charts."""
    args = _parse()
    config = _config(args)
    sleeps = tuple(args.sleep) if args.sleep else ((config.sleep,) if args.quick else FULL_SLEEPS)
    pool_runs = not (args.quick or args.no_pool_runs)
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    runs: list[Results] = []
    for index, sleep in enumerate(sleeps):
        print(f"-- extensive query: {sleep:g} s")
        # The default pools matter where sleeps need many connections: the longest sleep.
        longest = index == len(sleeps) - 1
        extra = EXTRA_POOLS if pool_runs and longest else ()
        runs.append(asyncio.run(run_experiment(replace(config, sleep=sleep, extra_pools=extra))))
    requests = args.cpu_requests if args.cpu_requests is not None else (100 if args.quick else 500)
    costs = _cpu_costs(requests) if requests else {}
    env = Environment(
        date=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        load_before=load_before,
        postgres=_postgres_version(),
        seconds=time.perf_counter() - started,
    )
    for results in runs:
        print(f"\nextensive query {results.config.sleep:g} s\n{render_table(results)}")
    if costs:
        print(f"\nCPU per request\n{render_cpu_table(costs)}")
    print(f"\ntotal {env.seconds / 60:.1f} min")
    if (args.quick and not args.write) or args.no_write:
        return
    charts = [_chart(i, r.config.sleep) for i, r in enumerate(runs)]
    for results, chart in zip(runs, charts, strict=True):
        write_chart(results, chart)
    PAGE.write_text(render_markdown(runs, env, [f"img/{c.name}" for c in charts], costs))
    written = ", ".join(str(p.relative_to(ROOT)) for p in (PAGE, *charts))
    print(f"\nWrote {written}.")


if __name__ == "__main__":
    main()
