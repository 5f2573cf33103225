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

from .database import bench_url
from .experiment import Config, Results, run_experiment
from .report import Environment, render_markdown, render_table, write_chart
from .servers import ROOT

PAGE = ROOT / "docs" / "benchmarks.md"
CHART = ROOT / "docs" / "img" / "bookstore-benchmark.png"
FULL_SLEEPS = (0.2, 1.0)
QUICK = Config(
    clients=(10, 50, 200), seconds=3.0, warmup=1.0, calibration=2.0, default_pool_run=False
)


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bookstore", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="about a minute; print only")
    parser.add_argument("--clients", type=int, nargs="+", help="client counts (10 50 200)")
    parser.add_argument("--seconds", type=float, help="seconds counted per run (20)")
    parser.add_argument("--warmup", type=float, help="seconds of load before counting (3)")
    parser.add_argument(
        "--sleep", type=float, nargs="+", help="seconds per extensive query, one run each (0.2 1)"
    )
    parser.add_argument("--pool-size", type=int, help="pool_size of both servers (20)")
    parser.add_argument("--max-overflow", type=int, help="max_overflow of both servers (60)")
    parser.add_argument("--pre-ping", action="store_true", help="test connections on checkout")
    parser.add_argument("--no-default-pool-run", action="store_true")
    parser.add_argument("--write", action="store_true", help="write the page after --quick")
    parser.add_argument("--no-write", action="store_true", help="print, do not write the page")
    return parser.parse_args()


def _config(args: argparse.Namespace) -> Config:
    base = QUICK if args.quick else Config()
    given = {
        "clients": tuple(args.clients) if args.clients else None,
        "seconds": args.seconds,
        "warmup": args.warmup,
        "pool_size": args.pool_size,
        "max_overflow": args.max_overflow,
        "pre_ping": True if args.pre_ping else None,
        "default_pool_run": False if args.no_default_pool_run else None,
    }
    values = {**base.__dict__, **{k: v for k, v in given.items() if v is not None}}
    return Config(**values)


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


def main() -> None:
    """Run the experiment for each sleep, print the tables, write the page and charts."""
    args = _parse()
    config = _config(args)
    sleeps = tuple(args.sleep) if args.sleep else ((config.sleep,) if args.quick else FULL_SLEEPS)
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    runs: list[Results] = []
    for index, sleep in enumerate(sleeps):
        print(f"-- extensive query: {sleep:g} s")
        # nest's default pool matters where sleeps need many connections: the longest.
        longest = index == len(sleeps) - 1
        one = replace(config, sleep=sleep, default_pool_run=config.default_pool_run and longest)
        runs.append(asyncio.run(run_experiment(one)))
    env = Environment(
        date=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        load_before=load_before,
        postgres=_postgres_version(),
        seconds=time.perf_counter() - started,
    )
    for results in runs:
        print(f"\nextensive query {results.config.sleep:g} s\n{render_table(results)}")
    if (args.quick and not args.write) or args.no_write:
        return
    charts = [_chart(i, r.config.sleep) for i, r in enumerate(runs)]
    for results, chart in zip(runs, charts, strict=True):
        write_chart(results, chart)
    more = [(r, f"img/{c.name}") for r, c in zip(runs[1:], charts[1:], strict=True)]
    PAGE.write_text(render_markdown(runs[0], env, f"img/{CHART.name}", more))
    written = ", ".join(str(p.relative_to(ROOT)) for p in (PAGE, *charts))
    print(f"\nWrote {written}.")


if __name__ == "__main__":
    main()
