"""The benchmark's tables, charts and page (``docs/benchmarks.md``)."""

from __future__ import annotations

import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .client import MIX
from .cpu import Cost
from .experiment import NEST_DEFAULT_POOL, THREADS, VARIANTS, Measurement, Results

__all__ = [
    "AIM",
    "Environment",
    "render_cpu_table",
    "render_markdown",
    "render_table",
    "write_chart",
]

#: The article's figures: 10 clients, 5 minutes, pg_sleep(5).
ARTICLE = {"async": 550.0, "sync": 446.6}
#: The issue's aim: the async variant at this share of the clients ceiling at 200 clients.
AIM = 0.9
CPU_BOUND = 0.75  # server CPU share (of one core) above which a run is called CPU-bound
NEAR_BOUND = 0.85  # share of a bound above which that bound is what limits a run
POSTGRES_MAX_CONNECTIONS = 100  # PostgreSQL's default, and this machine's setting


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
    """The main runs as a Markdown table, one row per client count and variant."""
    lines = [
        "| clients | variant | rpm | async/sync | clients ceiling | % | bound (pool, threads) "
        "| % | server CPU | server ms/request | client ms/request | peak DB connections "
        "| pool wait ms | failed |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for clients in results.config.clients:
        a, s = (results.run(v, clients) for v in VARIANTS)
        for run in (a, s):
            ratio = f"{a.load.rpm / s.load.rpm:.2f}" if run is a and s.load.rpm else ""
            ceiling, bound = results.ceiling_rpm(clients), results.bound_rpm(run)
            lines.append(
                f"| {clients} | {run.variant} | {_rpm(run.load.rpm)} | {ratio} "
                f"| {_rpm(ceiling)} | {_share(run.load.rpm, ceiling)} | {_rpm(bound)} "
                f"| {_share(run.load.rpm, bound)} | {run.server_cpu:.0%} "
                f"| {run.cpu_ms(run.server_cpu):.2f} | {run.cpu_ms(run.load.client_cpu):.2f} "
                f"| {run.peak_connections} | {run.pool_wait_ms:.0f} | {run.load.failed} |"
            )
    return "\n".join(lines)


def _pool_rows(results: Results) -> str:
    biggest = max(results.config.clients)
    runs = [results.run("async", biggest), *results.extra_runs()]
    rows = []
    for run in runs:
        bound = results.pool_bound_rpm(run.pool)
        rows.append(
            f"| {run.pool.describe()} | {run.pool.connections} | {_rpm(bound)} "
            f"| {_rpm(run.load.rpm)} | {_share(run.load.rpm, results.ceiling_rpm(biggest))} "
            f"| {_share(run.load.rpm, min(bound, results.ceiling_rpm(biggest)))} "
            f"| {run.pool_wait_ms:.0f} | {run.probe.get('opened', 0):.0f} "
            f"| {run.cpu_ms(run.server_cpu):.2f} | {run.load.failed} |"
        )
    return (
        "| pool | connections | pool bound rpm | rpm | % of clients ceiling | % of bound "
        "| pool wait ms | connections opened | server ms/request | failed |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n" + "\n".join(rows)
    )


def render_cpu_table(costs: dict[str, list[Cost]]) -> str:
    """Server and PostgreSQL CPU and wall time per request of each kind, per pre-ping mode."""
    modes = list(costs)
    header = "| request | " + " | ".join(
        f"server CPU ms ({m}) | PostgreSQL CPU ms ({m}) | wall ms ({m})" for m in modes
    )
    lines = [header + " |", "|---|" + "---:|" * (3 * len(modes))]
    kinds = [cost.kind for cost in costs[modes[0]]]
    for index, kind in enumerate(kinds):
        cells = []
        for mode in modes:
            cost = costs[mode][index]
            cells += [f"{cost.cpu_ms:.2f}", f"{cost.postgres_ms:.2f}", f"{cost.wall_ms:.2f}"]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    cells = []
    for mode in modes:
        by_kind = {cost.kind: cost for cost in costs[mode]}
        for field in ("cpu_ms", "postgres_ms", "wall_ms"):
            mean = sum(getattr(by_kind[kind], field) for kind in MIX) / len(MIX)
            cells.append(f"{mean:.2f}")
    lines.append("| **the article's mix** | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_chart(results: Results, path: Path) -> None:
    """Requests per minute per variant and client count, against the ceilings (PNG)."""
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
            label=f"{variant}, % of clients ceiling",
            color=colour,
        )
        share_axes.plot(
            [p + offset for p in positions],
            [100 * r.load.rpm / results.bound_rpm(r) for r in runs],
            "v",
            color="black" if variant == "async" else "#8a5a00",
            label=f"{variant}, % of its bound",
        )
    rpm_axes.plot(
        list(positions),
        [results.ceiling_rpm(c) for c in counts],
        "k--",
        marker="o",
        label="clients ceiling",
    )
    rpm_axes.axhline(
        results.pool_bound_rpm(results.config.pool),
        color="grey",
        linestyle=":",
        label=f"pool bound ({results.config.pool.connections} connections)",
    )
    rpm_axes.set_yscale("log")
    rpm_axes.set_ylabel("requests per minute (log scale)")
    share_axes.set_ylabel("%")
    share_axes.set_ylim(0, 110)
    share_axes.axhline(100 * AIM, color="grey", linestyle=":", linewidth=1)
    for axes in (rpm_axes, share_axes):
        axes.set_xticks(list(positions), [f"{c} clients" for c in counts])
        axes.legend(fontsize=8)
    config = results.config
    figure.suptitle(
        f"Book store, the article's 11-request mix, pg_sleep({config.sleep:g}), "
        f"pool {config.pool.describe()}"
    )
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _limit(results: Results, run: Measurement) -> str:
    """What held a run back, in words, with figures."""
    clients = run.load.clients
    ceiling = results.ceiling_rpm(clients)
    pool_bound = results.pool_bound_rpm(run.pool)
    rpm = run.load.rpm
    if rpm >= NEAR_BOUND * ceiling:
        return "nothing: every client ran at about one-client speed"
    reasons = []
    if run.variant == "sync" and rpm >= NEAR_BOUND * min(results.thread_bound_rpm(), pool_bound):
        reasons.append(f"its {THREADS} threads")
    elif pool_bound < ceiling and rpm >= NEAR_BOUND * pool_bound:
        reasons.append(
            f"its pool: {run.pool.connections} connections carry {_rpm(pool_bound)} rpm of this "
            f"mix, and the clients ceiling needs about one per client ({clients})"
        )
    if run.server_cpu >= CPU_BOUND:
        one_core = 60_000 / run.cpu_ms(run.server_cpu) if run.load.ok else 0.0
        reasons.append(
            f"the CPU: the server process used {run.server_cpu:.0%} of a core at "
            f"{run.cpu_ms(run.server_cpu):.2f} ms per request (one core: about {_rpm(one_core)} "
            f"rpm), the machine was {run.machine_busy:.0%} busy"
        )
    if not reasons:
        for_what = (
            f"for FastAPI's {THREADS} threads (a request takes one for its handler and "
            f"another for its commit)"
            if run.variant == "sync"
            else f"for the event loop and the database ({run.pool_wait_ms:.0f} ms of it for "
            f"a connection)"
        )
        reasons.append(
            f"queueing {for_what}: {_answer_times(results, run)}; the server at "
            f"{run.server_cpu:.0%} of a core, the machine {run.machine_busy:.0%} busy"
        )
    return "; ".join(reasons)


def _answer_times(results: Results, run: Measurement) -> str:
    one = results.one_client.get(run.variant, {})

    def fast(latency: dict[str, float]) -> float:
        values = [v for k, v in latency.items() if k != "extensive"]
        return 1000 * sum(values) / len(values) if values else 0.0

    latency = run.load.latency
    return (
        f"a short request took {fast(latency):.0f} ms ({fast(one):.1f} ms with one client), "
        f"an extensive query {1000 * latency.get('extensive', 0.0):.0f} ms "
        f"({1000 * one.get('extensive', 0.0):.0f} ms)"
    )


def _findings(results: Results) -> list[str]:
    clients = list(results.config.clients)
    small = min(clients)
    a, s = results.run("async", small), results.run("sync", small)
    ratio = a.load.rpm / s.load.rpm if s.load.rpm else float("inf")
    lines = [
        f"**{small} clients.** async {_rpm(a.load.rpm)} rpm, sync {_rpm(s.load.rpm)} "
        f"(async/sync {ratio:.2f}; the article: {ARTICLE['async'] / ARTICLE['sync']:.2f}); "
        f"{_share(a.load.rpm, results.ceiling_rpm(small))} and "
        f"{_share(s.load.rpm, results.ceiling_rpm(small))} of the clients ceiling. "
        f"Async held back by {_limit(results, a)}."
        + (
            f" With {small} clients the sync variant never runs short of its {THREADS} "
            f"threads, so the two tie."
            if ratio < 1.05 and small < THREADS
            else ""
        )
    ]
    for count in clients:
        if count == small:
            continue
        a, s = results.run("async", count), results.run("sync", count)
        lines.append(
            f"**{count} clients.** async {_rpm(a.load.rpm)} rpm "
            f"({_share(a.load.rpm, results.ceiling_rpm(count))} of the clients ceiling, "
            f"{_share(a.load.rpm, results.bound_rpm(a))} of its bound), held back by "
            f"{_limit(results, a)}. Sync {_rpm(s.load.rpm)} rpm "
            f"({_share(s.load.rpm, results.bound_rpm(s))} of its bound), held back by "
            f"{_limit(results, s)}."
        )
    return lines


def _section(results: Results, chart: str, first: bool) -> str:
    config = results.config
    fast_ms = (results.mix_seconds - 2 * config.sleep) / (len(MIX) - 2) * 1000
    findings = "\n".join(f"* {line}" for line in _findings(results))
    heading = "## Results" if first else f"## The same with a {config.sleep:g} s sleep"
    return f"""
{heading}: `pg_sleep({config.sleep:g})`

One client takes **{results.mix_seconds * 1000:.0f} ms** per mix (2 x {config.sleep * 1000:.0f} ms
of sleep plus ~{fast_ms:.1f} ms per other request), holding a database connection for nearly
all of it, so the pool's {config.pool.connections} connections carry at most what
{config.pool.connections} clients do: **{_rpm(results.pool_bound_rpm(config.pool))} rpm**.
The sync variant's {THREADS} threads carry at most {_rpm(results.thread_bound_rpm())} rpm.

{render_table(results)}

![Requests per minute and share of the ceiling, pg_sleep({config.sleep:g})]({chart})

{findings}
"""


def _verdict(runs: Sequence[Results]) -> str:
    lines = []
    met_anywhere = False
    for results in runs:
        biggest = max(results.config.clients)
        run = results.run("async", biggest)
        share = run.load.rpm / results.ceiling_rpm(biggest)
        met_anywhere |= share >= AIM
        per_second = results.ceiling_rpm(biggest) / 60
        cores = per_second * run.cpu_ms(run.server_cpu) / 1000
        lines.append(
            f"* `pg_sleep({results.config.sleep:g})`, {biggest} clients: async reached "
            f"{share:.0%} of the clients ceiling ({'met' if share >= AIM else '**not met**'}) "
            f"and {run.load.rpm / results.bound_rpm(run):.0%} of its bound "
            f"({run.pool.connections} connections). The clients ceiling needs about {biggest} "
            f"connections busy at once (PostgreSQL here allows {POSTGRES_MAX_CONNECTIONS}) and "
            f"{_rpm(per_second)} requests a second ({cores:.1f} cores for the server alone at "
            f"{run.cpu_ms(run.server_cpu):.2f} ms of CPU each)."
        )
    bound_runs = [
        (r, r.run("async", max(r.config.clients)))
        for r in runs
        if r.pool_bound_rpm(r.config.pool) < r.ceiling_rpm(max(r.config.clients))
    ]
    for results, run in bound_runs:
        share = run.load.rpm / results.bound_rpm(run)
        if share >= AIM:
            lines.append(
                f"\nWhere the pool is the bound (`pg_sleep({results.config.sleep:g})`), the async "
                f"variant reaches {share:.0%} of what its {run.pool.connections} connections "
                f"carry: neither the pool nor nest's request sessions waste connections. 90% of "
                f"the clients ceiling there would take a pool of about "
                f"{max(results.config.clients)} connections (per worker, summed over workers), "
                f"a database that accepts them, and "
                f"{results.ceiling_rpm(max(results.config.clients)) / 60 * run.cpu_ms(run.server_cpu) / 1000:.1f} "
                f"cores for the server."
            )
    if not met_anywhere:
        lines.append(
            f"\nThe aim is out of reach on this machine: PostgreSQL accepts "
            f"{POSTGRES_MAX_CONNECTIONS} connections, and {os.cpu_count()} CPUs are shared by "
            f"the server, PostgreSQL and the load client. A short sleep needs more CPU than "
            f"that, a long one more connections. What the runs show instead is how close "
            f"each variant comes to its bound, and what holds it back."
        )
    return "\n".join(lines)


def render_markdown(
    runs: Sequence[Results],
    env: Environment,
    charts: Sequence[str],
    cpu: dict[str, list[Cost]],
) -> str:
    """The whole page: every sleep's results with its chart, the pool runs and the CPU table."""
    first = runs[0]
    config = first.config
    sleeps = " and ".join(f"{r.config.sleep:g} s" for r in runs)
    sections = "".join(
        _section(r, c, i == 0) for i, (r, c) in enumerate(zip(runs, charts, strict=True))
    )
    longest = runs[-1]
    biggest = max(longest.config.clients)
    pool_section = ""
    if longest.extra_runs():
        pool_section = f"""
## nest's default pool

The async variant at {biggest} clients with `pg_sleep({longest.config.sleep:g})`, with the
benchmark's pool, with nest's default pool (what `AsyncOrmProvider()` gets when given no pool
settings) and with SQLAlchemy's defaults, which nest used before:

{_pool_rows(longest)}

Each extensive query holds its connection for its whole sleep, so a pool of n connections
carries what n clients do, whatever the server could do otherwise; every pool here opened
its connections once and none more during the run (the connections opened column).
"""
    return f"""# Async vs sync: the book store benchmark

The PyNest article that introduced async SQLAlchemy sessions compared an async and a
sync book store: 10 clients, each looping an 11-request mix (three list calls, three
gets by id, three creates, two "extensive queries" that hold a database connection in
`pg_sleep(5)`), for 5 minutes. It reported **{ARTICLE["async"]:g} vs {ARTICLE["sync"]:g}
requests per minute** (async/sync {ARTICLE["async"] / ARTICLE["sync"]:.2f}).

`python -m benchmarks.bookstore` (`make bench-bookstore`) repeats that experiment on nest's
book store (`examples/bookstore`: the async variant with `AsyncOrmProvider` and `async def`
handlers, the sync variant with `OrmProvider` and `def` handlers, same entities and models),
on PostgreSQL, and extends it to {", ".join(map(str, config.clients))} clients. It is scaled to
run in minutes: the extensive query sleeps **{sleeps}** instead of 5 s, each run counts
**{config.seconds:g} s** after {config.warmup:g} s of warm-up, and every run starts a fresh
server on freshly seeded tables. Variants alternate within each client count. Both servers
use the same pool: **{config.pool.describe()}**.

*Measured {env.date} on {env.machine}; total {env.seconds / 60:.1f} min. Load average
{env.load_before:.2f} before the first run; at the end of each run (the run itself accounts
for about 2): {_loads(runs)}.*

## The aim: 90% of the ceiling at {biggest} clients

The **clients ceiling** is clients x 11 requests / one client's time per mix: what the
clients would do if nothing made them wait (no connection, thread or CPU in short supply).
The **bound** of a run is the lowest of that ceiling, what its pool can carry (a client holds
a connection for nearly all of its mix, so n connections carry what n clients do) and, for
the sync variant, what its {THREADS} threads can carry.

{_verdict(runs)}
{sections}{pool_section}{_cpu_section(cpu)}
## What the results need: pool settings

* **Connections in use** at once are about clients x (time holding a connection / time per
  mix): a request holds its connection from its first query until its response starts, and
  an extensive query for its whole sleep. Here that is nearly all of a mix, so reaching the
  clients ceiling at {biggest} clients takes about {biggest} connections; the pool must hold
  them and the database must accept them, or requests queue for a connection (the pool wait
  column).
* **Per worker**: every worker process has a pool of its own, so workers x (`pool_size` +
  `max_overflow`) must stay below the database's `max_connections` (PostgreSQL's default is
  100; keep some for migrations and consoles). nest's default, {NEST_DEFAULT_POOL.size} + 0,
  lets four workers share PostgreSQL's default 100.
* **No overflow under steady load**: an async pool closes an overflow connection whenever it
  is returned while `pool_size` others sit idle, which under load happens many times a second
  (each reopen is a new PostgreSQL process and a cold statement cache). Size `pool_size` for
  the load and keep `max_overflow` small; connections are opened on demand either way.
* **Pre-ping only when idle**: SQLAlchemy's pre-ping costs three round trips per request with
  asyncpg (see the CPU table); nest tests a connection only after 10 s in the pool
  (`pool_pre_ping_idle`), when it may have been dropped.
* **Sync**: FastAPI runs `def` handlers on anyio's {THREADS} threads; a request holds its
  thread for its whole duration, so at most {THREADS} requests run at once and {THREADS}
  connections are all the sync variant can use.
* **This benchmark**: {config.pool.describe()} for both variants (80 of PostgreSQL's 100),
  with {_processes(config.client_processes)} on a minimal keep-alive HTTP client
  (`benchmarks/bookstore/wire.py`, about 0.1 ms of CPU per request, where httpx took about
  1 ms and starved the server of CPU).

## Reproduce

```console
$ python -m benchmarks.bookstore            # about {env.seconds / 60:.0f} minutes; rewrites this page and its charts
$ python -m benchmarks.bookstore --quick    # about a minute; prints the tables only
$ python -m benchmarks.bookstore --sleep 5 --clients 10 --seconds 300 --no-write  # the article's run
$ python -m benchmarks.bookstore.cpu --pre-ping every   # CPU per request
```

It needs a PostgreSQL server: `NEST_BENCH_POSTGRES_URL`, else `NEST_TEST_POSTGRES_URL`, else
`postgresql://postgres@127.0.0.1:5432/test`. Each run works in a schema of its own
(`bench_bookstore_<pid>`), dropped afterwards; servers run on free ports of 127.0.0.1 and are
stopped by PID, even on errors. The servers run behind a probe
(`benchmarks/bookstore/probe.py`) that counts the pool's waits, holds and connections and the
event loop's lag, printed for every run.
"""


def _loads(runs: Sequence[Results]) -> str:
    loads = [run.load_average for each in runs for run in each.runs]
    return f"{min(loads):.1f} to {max(loads):.1f}" if loads else "-"


def _cpu_requests(cpu: dict[str, list[Cost]]) -> str:
    first = next(iter(cpu.values()), [])
    return str(first[0].requests) if first else "0"


def _cpu_section(cpu: dict[str, list[Cost]]) -> str:
    if not cpu:
        return ""
    return f"""
## CPU per request

`python -m benchmarks.bookstore.cpu` calls the async book store in process, one request at a
time ({_cpu_requests(cpu)} of each kind, no network, no contention), with nest's pre-ping
(connections idle for 10 s are tested) and with SQLAlchemy's (every checkout is tested: three
round trips with asyncpg, nest's default before):

{render_cpu_table(cpu)}

PostgreSQL's figure counts every `postgres` process on the machine, so other users of the
server add to it.
"""


def _processes(count: int) -> str:
    return "one load-client process" if count == 1 else f"{count} load-client processes"
