"""The benchmark's table, chart and page (``docs/benchmarks.md``)."""

from __future__ import annotations

import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .client import MIX
from .experiment import VARIANTS, Measurement, Results, describe_pool

__all__ = ["Bounds", "Environment", "bounds", "render_markdown", "render_table", "write_chart"]

#: The article's figures: 10 clients, 5 minutes, pg_sleep(5).
ARTICLE = {"async": 550.0, "sync": 446.6}


@dataclass(frozen=True)
class Environment:
    """Where and when the benchmark ran, for the page."""

    date: str
    load_before: float
    postgres: str
    seconds: float

    @property
    def machine(self) -> str:
        """CPUs, Python and PostgreSQL versions."""
        return (
            f"{os.cpu_count()} CPUs, Python {platform.python_version()}, PostgreSQL "
            f"{self.postgres}, uvicorn with one worker per variant"
        )


def _share(value: float, whole: float) -> str:
    return f"{value / whole:.0%}" if whole else "-"


def _rpm(value: float) -> str:
    return f"{value:,.0f}"


def render_table(results: Results) -> str:
    """The results as a Markdown table, one row per client count."""
    lines = [
        "| clients | async rpm | sync rpm | async/sync | ceiling rpm | async % of ceiling "
        "| sync % of ceiling | failed (async/sync) | peak DB connections (async/sync) "
        "| server CPU (async/sync) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for clients in results.config.clients:
        a, s = (results.run(v, clients) for v in VARIANTS)
        ceiling = results.ceiling_rpm(clients)
        ratio = f"{a.load.rpm / s.load.rpm:.2f}" if s.load.rpm else "-"
        lines.append(
            f"| {clients} | {_rpm(a.load.rpm)} | {_rpm(s.load.rpm)} | {ratio} | {_rpm(ceiling)} "
            f"| {_share(a.load.rpm, ceiling)} | {_share(s.load.rpm, ceiling)} "
            f"| {a.load.failed}/{s.load.failed} | {a.peak_connections}/{s.peak_connections} "
            f"| {a.server_cpu:.0%}/{s.server_cpu:.0%} |"
        )
    return "\n".join(lines)


def _extra_rows(results: Results) -> str:
    rows = []
    for run in results.extra_runs():
        ceiling = results.ceiling_rpm(run.load.clients)
        rows.append(
            f"| {run.variant} | {run.load.clients} | {describe_pool(run.pool)} "
            f"| {_rpm(run.load.rpm)} | {_share(run.load.rpm, ceiling)} | {run.peak_connections} "
            f"| {run.load.failed} |"
        )
    if not rows:
        return ""
    header = (
        "| variant | clients | pool | rpm | % of ceiling | peak DB connections | failed |\n"
        "|---|---:|---|---:|---:|---:|---:|\n"
    )
    return header + "\n".join(rows)


def write_chart(results: Results, path: Path) -> None:
    """Requests per minute per variant and client count, against the ceiling (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    counts = list(results.config.clients)
    positions = range(len(counts))
    width = 0.38
    figure, (rpm_axes, share_axes) = plt.subplots(1, 2, figsize=(11, 4.2))
    for offset, variant, colour in (
        (-width / 2, "async", "#5b3cc4"),
        (width / 2, "sync", "#e8a33d"),
    ):
        runs = [results.run(variant, c) for c in counts]
        rpm_axes.bar(
            [p + offset for p in positions],
            [r.load.rpm for r in runs],
            width,
            label=variant,
            color=colour,
        )
        share_axes.bar(
            [p + offset for p in positions],
            [100 * r.load.rpm / results.ceiling_rpm(c) for r, c in zip(runs, counts, strict=True)],
            width,
            label=variant,
            color=colour,
        )
    rpm_axes.plot(
        list(positions),
        [results.ceiling_rpm(c) for c in counts],
        "k--",
        marker="o",
        label="ceiling",
    )
    rpm_axes.set_yscale("log")
    rpm_axes.set_ylabel("requests per minute (log scale)")
    share_axes.set_ylabel("% of the ceiling")
    share_axes.set_ylim(0, 105)
    for axes in (rpm_axes, share_axes):
        axes.set_xticks(list(positions), [f"{c} clients" for c in counts])
        axes.legend()
    config = results.config
    figure.suptitle(
        f"Book store, article's 11-request mix, pg_sleep({config.sleep:g}), "
        f"pool {config.pool_size}+{config.max_overflow}"
    )
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


THREADS = 40  # anyio's default thread limiter, which FastAPI runs ``def`` handlers on
CPU_BOUND = 0.7  # server CPU share above which a run is called CPU-bound
NEAR_BOUND = 0.6  # share of a resource's bound above which that resource limits a run


@dataclass(frozen=True)
class Bounds:
    """What caps each variant, in requests per minute, from the configuration.

    Attributes:
        connections: Async: every extensive query holds a pool connection for its
            sleep, so at most ``pool`` sleeps run at once.
        threads: Sync: a request holds one of the 40 threads for its whole duration.
        default_pool: ``connections`` with nest's default pool (5 + 10).
    """

    connections: float
    threads: float
    default_pool: float


def bounds(results: Results) -> Bounds:
    """The connection and thread bounds of this run's configuration."""
    config = results.config
    per_connection = len(MIX) * 60 / (2 * config.sleep)  # rpm one connection can carry
    return Bounds(
        connections=(config.pool_size + config.max_overflow) * per_connection,
        threads=THREADS * len(MIX) * 60 / results.mix_seconds,
        default_pool=15 * per_connection,
    )


def _cpu_ms(run: Measurement) -> float:
    requests_per_second = run.load.rpm / 60
    return run.server_cpu * 1000 / requests_per_second if requests_per_second else 0.0


def _findings(results: Results) -> list[str]:
    config = results.config
    limit = bounds(results)
    small, biggest = min(config.clients), max(config.clients)
    a_small, s_small = results.run("async", small), results.run("sync", small)
    a_big, s_big = results.run("async", biggest), results.run("sync", biggest)
    ratio = a_small.load.rpm / s_small.load.rpm if s_small.load.rpm else float("inf")
    article = ARTICLE["async"] / ARTICLE["sync"]
    if ratio < 1.05:
        verdict = "does not reproduce"
    elif ratio < 0.9 * article:
        verdict = "reproduces only in part"
    else:
        verdict = "reproduces"
    cpu = _cpu_ms(a_big)

    def cap(run: Measurement, resource: str, bound: float, otherwise: str) -> str:
        # Near its bound, the resource limits; a server process above ~70% of a core
        # shares the 2 CPUs with the client and PostgreSQL, so the CPU limits too.
        near = run.load.rpm >= NEAR_BOUND * bound
        busy = run.server_cpu >= CPU_BOUND
        if near:
            return f"is capped by {resource}" + (" and the CPU" if busy else "")
        if busy:
            return "is capped by the CPU"
        return otherwise

    a_ratio = a_big.load.rpm / s_big.load.rpm if s_big.load.rpm else float("inf")
    lines = [
        f"**{small} clients, the article's setting.** async/sync is {ratio:.2f} "
        f"(the article: {article:.2f}); the article's gap {verdict} here. Neither variant "
        f"runs out of connections ({a_small.peak_connections} used) or threads "
        f"({small} of {THREADS}), so both spend most of each mix in the sleep and reach "
        f"{_share(a_small.load.rpm, results.ceiling_rpm(small))} and "
        f"{_share(s_small.load.rpm, results.ceiling_rpm(small))} of the ceiling.",
        f"**Sync at {biggest} clients {cap(s_big, 'its threads', limit.threads, 'is capped by its threads')}.** It made "
        f"{_rpm(s_big.load.rpm)} rpm with {s_big.peak_connections} connections open and the "
        f"server at {s_big.server_cpu:.0%} of a core. {THREADS} threads would carry "
        f"{_rpm(limit.threads)} rpm of this mix if each request took a thread once; a sync "
        f"request takes one several times (its handler, then nest's commit and close of the "
        f"request session), queueing behind the other requests each time.",
        f"**Async at {biggest} clients {cap(a_big, 'its pool', limit.connections, 'stays below its pool bound and a full core')}.** It made "
        f"{_rpm(a_big.load.rpm)} rpm ({_share(a_big.load.rpm, results.ceiling_rpm(biggest))} "
        f"of the ceiling, async/sync {a_ratio:.2f}) with {a_big.peak_connections} "
        f"connections open and the server at {a_big.server_cpu:.0%} of a core. "
        f"{config.pool_size} + {config.max_overflow} connections carry at most "
        f"{_rpm(limit.connections)} rpm of this mix (nest's default 5 + 10: "
        f"{_rpm(limit.default_pool)} rpm). The server spent about {cpu:.1f} ms of CPU per "
        f"request (FastAPI, nest's request session, SQLAlchemy's ORM, asyncpg), so one "
        f"process on one free core serves about {_rpm(60000 / cpu if cpu else 0)} rpm.",
    ]
    return lines


def _default_pool_section(results: Results) -> str:
    extra = _extra_rows(results)
    if not extra:
        return ""
    config = results.config
    limit = bounds(results)
    return f"""
### With nest's default pool

The async variant again at {max(config.clients)} clients, with the pool nest's providers
get when given no pool settings (SQLAlchemy's 5 connections + 10 overflow, pre-ping on).
Fifteen connections carry about {_rpm(limit.default_pool)} rpm of this mix, whatever the
server could do:

{extra}
"""


def _more_section(results: Results, chart: str) -> str:
    config = results.config
    findings = "\n".join(f"* {line}" for line in _findings(results)[1:])
    return f"""
## The same with a {config.sleep:g} s sleep

A longer sleep needs fewer non-sleeping requests per second for the same number of
clients, so the CPU matters less and the pool and the threads show (one client:
{results.mix_seconds * 1000:.0f} ms per mix).

{render_table(results)}

![Requests per minute with a {config.sleep:g} s sleep]({chart})
{_default_pool_section(results)}
{findings}
"""


def render_markdown(
    results: Results,
    env: Environment,
    chart: str,
    more: Sequence[tuple[Results, str]] = (),
) -> str:
    """The whole page: ``results`` in full, then each of ``more`` with its chart."""
    config = results.config
    biggest = max(config.clients)
    mix_ms = results.mix_seconds * 1000
    fast_ms = (results.mix_seconds - 2 * config.sleep) / (len(MIX) - 2) * 1000
    article_ratio = ARTICLE["async"] / ARTICLE["sync"]
    needed = biggest * 2 * config.sleep / results.mix_seconds
    findings = "\n".join(f"* {line}" for line in _findings(results))
    default_section = _default_pool_section(results)
    return f"""# Async vs sync: the book store benchmark

The PyNest article that introduced async SQLAlchemy sessions compared an async and a
sync book store: 10 clients, each looping an 11-request mix (three list calls, three
gets by id, three creates, two "extensive queries" that hold a database connection in
`pg_sleep(5)`), for 5 minutes. It reported **{ARTICLE["async"]:g} vs {ARTICLE["sync"]:g}
requests per minute** (async/sync {article_ratio:.2f}).

`python -m benchmarks.bookstore` repeats that experiment on nest's book store
(`examples/bookstore`: the async variant with `AsyncOrmProvider` and `async def`
handlers, the sync variant with `OrmProvider` and `def` handlers, same entities and
models), on PostgreSQL, and extends it to {", ".join(map(str, config.clients))} clients.
It is scaled to run in minutes: the extensive query sleeps **{config.sleep:g} s**
instead of 5 s, each run counts **{config.seconds:g} s** after {config.warmup:g} s of
warm-up, and every run starts a fresh server on freshly seeded tables. Variants
alternate within each client count. Both servers use the same pool:
**{describe_pool(config.pool)}**.

*Measured {env.date} on {env.machine}; total {env.seconds / 60:.1f} min. Load average
{env.load_before:.2f} before the first run; at the end of each run (the run itself
accounts for about 2): {_loads(results, more)}.*

## Results

{render_table(results)}

![Requests per minute and share of the ceiling]({chart})

* **rpm**: successful requests per minute; failures are counted apart.
* **ceiling**: clients x 11 requests / time of one mix when nothing waits for a
  connection, a thread or a CPU. One client takes **{mix_ms:.0f} ms** per mix here
  (2 x {config.sleep * 1000:.0f} ms of sleep plus ~{fast_ms:.1f} ms per other request,
  the faster variant's one-client run).
* **server CPU**: the server process's CPU time over the run's wall time (100% is one
  core busy throughout).
{default_section}
## Reading the results

{findings}
{"".join(_more_section(extra_results, extra_chart) for extra_results, extra_chart in more)}
This machine has {os.cpu_count()} CPUs, shared by the server, the load client (httpx,
one keep-alive connection per user, the users shared over {config.client_processes}
processes) and PostgreSQL, and by whatever else runs (see the load averages above):
figures move by tens of percent between runs. Compare the variants within one run,
where they alternate. The ceiling assumes the CPU is free; at 50 clients and more the
server's CPU column shows how far from free it is.

## What the results need: pool settings

* **Async**: at the ceiling, clients x 2 x sleep / time per mix connections are busy
  sleeping: about {needed:.0f} at {biggest} clients. Reaching the ceiling at
  {biggest} clients therefore needs a pool of about {needed:.0f} connections and a
  PostgreSQL `max_connections` above it (its default is 100), and a server with the
  CPU for {biggest * (len(MIX) - 2) / results.mix_seconds:,.0f} other requests a second.
  The book store defaults to `pool_size=20, max_overflow=60` (80 connections, leaving
  20 of PostgreSQL's default 100 for everything else) and `pool_pre_ping=False` (with
  asyncpg a ping is three round trips per request; `pool_recycle=1800` retires old
  connections instead). `BOOKSTORE_POOL_SIZE`, `BOOKSTORE_MAX_OVERFLOW` and
  `BOOKSTORE_POOL_PRE_PING` change them.
* **nest's defaults** (SQLAlchemy's 5 + 10) cap any async application at 15
  concurrent database requests: with a slow query in the mix, that cap, not async
  itself, is what a default set-up measures.
* **Sync**: FastAPI runs `def` handlers on anyio's {THREADS} threads; a request holds
  its thread for its whole duration, so at most {THREADS} requests run at once and a
  pool of {THREADS} connections (20 + 20) is all the sync variant can use. Its services
  are `@Transactional`, so each request commits in its handler's thread and returns
  its connection before the thread is freed (see `examples/bookstore/sync_variant`).
* **Sessions**: a request opens its session on its first query and gives the
  connection back when its response starts (async) or its transaction ends (sync);
  nothing holds a connection between requests.

## Reproduce

```console
$ python -m benchmarks.bookstore            # about {_estimate_minutes(results, more):.0f} minutes; rewrites this page and its chart
$ python -m benchmarks.bookstore --quick    # about a minute; prints the table only
$ python -m benchmarks.bookstore --sleep 5 --clients 10 --seconds 300 --no-write  # the article's run
```

It needs a PostgreSQL server: `NEST_BENCH_POSTGRES_URL`, else
`NEST_TEST_POSTGRES_URL`, else `postgresql://postgres@127.0.0.1:5432/test`. Each run
works in a schema of its own (`bench_bookstore_<pid>`), dropped afterwards; servers
run on free ports of 127.0.0.1 and are stopped by PID, even on errors.
"""


def _loads(results: Results, more: Sequence[tuple[Results, str]]) -> str:
    loads = [run.load_average for each in (results, *(r for r, _ in more)) for run in each.runs]
    return f"{min(loads):.1f} to {max(loads):.1f}" if loads else "-"


def _estimate_minutes(results: Results, more: Sequence[tuple[Results, str]]) -> float:
    total = 0.0
    for each in (results, *(r for r, _ in more)):
        config = each.config
        runs = len(each.runs)
        total += runs * (config.seconds + config.warmup + 3) + 2 * (config.calibration + 4)
    return total / 60
