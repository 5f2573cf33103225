"""The benchmark's table, chart and page (``docs/benchmarks.md``)."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path

from .client import MIX
from .experiment import VARIANTS, Results

__all__ = ["Environment", "render_markdown", "render_table", "write_chart"]

#: The article's figures: 10 clients, 5 minutes, pg_sleep(5).
ARTICLE = {"async": 550.0, "sync": 446.6}


@dataclass(frozen=True)
class Environment:
    """Where and when the benchmark ran, for the page."""

    date: str
    load_before: float
    load_after: float
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
            f"| {run.variant} | {run.load.clients} | {run.pool[0]} + {run.pool[1]} "
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


def _ratio_line(results: Results, clients: int) -> str:
    a, s = (results.run(v, clients) for v in VARIANTS)
    if not s.load.rpm:
        return f"at {clients} clients the sync variant completed no request"
    return f"at {clients} clients async/sync is {a.load.rpm / s.load.rpm:.2f}"


def render_markdown(results: Results, env: Environment, chart: str) -> str:
    """The whole page."""
    config = results.config
    biggest = max(config.clients)
    best = results.run("async", biggest)
    mix_ms = results.mix_seconds * 1000
    fast_ms = (results.mix_seconds - 2 * config.sleep) / (len(MIX) - 2) * 1000
    ratios = "; ".join(_ratio_line(results, c) for c in config.clients)
    extra = _extra_rows(results)
    article_ratio = ARTICLE["async"] / ARTICLE["sync"]
    return f"""# Async vs sync: the book store benchmark

The PyNest article that introduced async SQLAlchemy sessions compared an async and a
sync book store: 10 clients, each looping an 11-request mix (three list calls, three
gets by id, three creates, two "extensive queries" that hold a database connection in
`pg_sleep(5)`), for 5 minutes. It reported **{ARTICLE["async"]:g} vs {ARTICLE["sync"]:g}
requests per minute** (async/sync {article_ratio:.2f}).

`python -m benchmarks.bookstore` repeats that experiment on nest's book store
(`examples/bookstore`: the async variant with `AsyncOrmProvider` and `async def`
handlers, the sync variant with `OrmProvider` and `def` handlers, same entities and
models), on PostgreSQL, and extends it to 10, 50 and 200 clients. It is scaled to run
in minutes: the extensive query sleeps **{config.sleep:g} s** instead of 5 s, each run
counts **{config.seconds:g} s** after {config.warmup:g} s of warm-up, and every run
starts a fresh server on freshly seeded tables. Variants alternate within each client
count.

*Measured {env.date} on {env.machine}; load average {env.load_before:.2f} before and
{env.load_after:.2f} after; total {env.seconds / 60:.1f} min.*

## Results

{render_table(results)}

![Requests per minute and share of the ceiling]({chart})

* **rpm**: successful requests per minute; failures are counted apart.
* **ceiling**: clients x 11 requests / time of one mix when nothing waits for a
  connection, a thread or a CPU. One client takes **{mix_ms:.0f} ms** per mix here
  (2 x {config.sleep * 1000:.0f} ms of sleep plus ~{fast_ms:.1f} ms per other request,
  the faster variant's one-client run), so the ceiling is clients x 11 x 60 /
  {results.mix_seconds:.3f} s.
* **server CPU**: the server process's CPU time over the run's wall time (100% is one
  core busy throughout).
* {ratios}.
{
        ""
        if not extra
        else f'''
### The pool decides the async result

The async variant again, with SQLAlchemy's default pool (5 connections + 10 overflow),
which nest's providers keep unless told otherwise:

{extra}

With {config.pool_size} + {config.max_overflow} it reached {_share(best.load.rpm, results.ceiling_rpm(biggest))} of the ceiling at {biggest} clients.
'''
    }
## What the results need: pool settings

* **Async**: every extensive query holds one connection for its whole sleep, so the
  async variant can only run as many sleeps at once as its pool has connections. At
  the ceiling, clients x (2 x sleep / time per mix) connections are busy sleeping:
  about {biggest * 2 * config.sleep / results.mix_seconds:.0f} at {biggest} clients.
  The book store therefore defaults to `pool_size=20, max_overflow=60` (80
  connections; PostgreSQL's default `max_connections` is 100, so 80 leaves room for
  other clients), configurable with `BOOKSTORE_POOL_SIZE` / `BOOKSTORE_MAX_OVERFLOW`.
  SQLAlchemy's default (5 + 10), which nest keeps, caps the async variant at 15
  sleeping requests: that cap, not async itself, is what a default set-up measures.
  Going past ~{biggest * 2 * config.sleep / results.mix_seconds:.0f} connections at
  {biggest} clients means raising PostgreSQL's `max_connections` too.
* **Sync**: FastAPI runs `def` handlers in anyio's thread pool, 40 threads by
  default; a request holds its thread for its whole duration, sleep included, so the
  sync variant runs at most 40 requests at once whatever the pool. A pool of at least
  40 connections (20 + 20) is all it can use. Its services are `@Transactional`, so
  each request commits in its handler's thread and returns its connection before the
  thread is freed (see the note in `examples/bookstore/sync_variant`).
* **Session handling**: each request opens its session lazily on its first query
  and gives the connection back when the response starts (async) or when its
  transaction ends (sync); nothing holds a connection between requests.

## Reading the results

* At {config.clients[0]} clients the article's setting is reproduced at a smaller scale:
  neither variant runs out of connections or threads, both are limited by the sleep,
  and the difference is small. The article's 25% does not reproduce here; with 10
  clients nothing queues in either variant.
* With more clients the sync variant stops at its 40 threads: its requests per minute
  stay flat while the ceiling grows. The async variant keeps scaling until it runs out
  of pool connections or of CPU.
* This machine has {os.cpu_count()} CPUs shared by the server, the load client (httpx,
  one connection per client, in one process) and PostgreSQL; each fast request costs
  the async server about 2 ms of CPU (FastAPI, nest's request session, SQLAlchemy ORM
  and asyncpg). At {biggest} clients and a {config.sleep:g} s sleep, the ceiling asks
  for {biggest * (len(MIX) - 2) / results.mix_seconds:,.0f} non-sleeping requests per
  second, more than one Python process can serve on one core: the server CPU column
  shows when that, and not the database, is the limit. A longer sleep (`--sleep 1`)
  moves the limit back to connections and threads.
* Figures are noisy when other work runs on the machine (see the load averages above);
  compare variants within one run, where they alternate, rather than across runs.

## Reproduce

```console
$ python -m benchmarks.bookstore            # about {
        _estimate_minutes(results):.0f} minutes; rewrites this page
$ python -m benchmarks.bookstore --quick    # about a minute; prints the table only
$ python -m benchmarks.bookstore --sleep 1 --clients 10 50 200 --seconds 30
```

It needs a PostgreSQL server: `NEST_BENCH_POSTGRES_URL`, else
`NEST_TEST_POSTGRES_URL`, else `postgresql://postgres@127.0.0.1:5432/test`. Each run
works in a schema of its own (`bench_bookstore_<pid>`), dropped afterwards.
"""


def _estimate_minutes(results: Results) -> float:
    config = results.config
    runs = len(results.runs)
    return (runs * (config.seconds + config.warmup + 3) + 2 * (config.calibration + 4)) / 60
