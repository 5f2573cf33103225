"""The benchmark's client and report, without load (no speed is asserted)."""

from __future__ import annotations

from pathlib import Path

import httpx

from benchmarks.bookstore.client import MIX, BookClient, LoadResult, Recorder, run_load
from benchmarks.bookstore.experiment import Config, Measurement, Results
from benchmarks.bookstore.report import Environment, render_markdown, render_table
from examples.bookstore.app import create_app
from examples.bookstore.settings import BookstoreSettings
from nest.testing import create_test_client


def test_the_mix_is_the_articles() -> None:
    assert len(MIX) == 11
    assert (MIX.count("list"), MIX.count("get"), MIX.count("create")) == (3, 3, 3)
    assert MIX.count("extensive") == 2


async def test_one_mix_and_a_short_load_succeed(tmp_path: Path) -> None:
    settings = BookstoreSettings(
        database_url=f"sqlite:///{tmp_path / 'bench.db'}", extensive_query_seconds=0.001
    )
    app = create_app(settings)
    async with create_test_client(app) as http:
        recorder = Recorder(start=0.0, end=float("inf"))
        await BookClient(http, recorder).run_mix()
        assert recorder.failed == {}
        assert sum(recorder.ok.values()) == len(MIX)
        assert recorder.mixes == 1
        total = (await http.get("/book")).json()["total"]
        assert total == 5 + 3  # the seed and the mix's three creates

        transport = httpx.ASGITransport(app=app.get_server())
        result = await run_load(
            2,
            warmup=0.0,
            seconds=0.3,
            make_http=lambda: httpx.AsyncClient(transport=transport, base_url="http://bench"),
        )
    assert result.failed == 0, result.failures
    assert result.ok > 0
    assert result.rpm == result.ok / 0.3 * 60


def test_report_renders_every_client_count() -> None:
    config = Config(clients=(10, 50), sleep=0.2, default_pool_run=False)
    results = Results(config, mix_seconds=0.5)
    for variant, clients, ok in (("async", 10, 100), ("sync", 10, 80), ("async", 50, 400)):
        load = LoadResult(clients, 30.0, ok, 0, ok // 11, {}, 0.5)
        results.runs.append(Measurement(variant, load, 0.9, clients, (20, 60, False), 1.5))
    load = LoadResult(50, 30.0, 0, 3, 0, {"get 503": 3}, 0.5)
    results.runs.append(Measurement("sync", load, 0.1, 40, (20, 60, False), 1.5))

    table = render_table(results)
    assert "| 10 | 200 | 160 | 1.25 | 13,200 | 2% | 1% | 0/0 | 10/10 | 90%/90% |" in table
    assert "| 50 | 800 | 0 | - | 66,000 |" in table
    page = render_markdown(results, Environment("today", 0.1, "15.0", 120.0), "img/chart.png")
    assert "![Requests per minute and share of the ceiling](img/chart.png)" in page
    assert "550 vs 446.6" in page
