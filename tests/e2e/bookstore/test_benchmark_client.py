"""The benchmark's client, probe and report, without load (no speed is asserted)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import uvicorn

from benchmarks.bookstore.client import MIX, BookClient, LoadResult, Recorder, run_load
from benchmarks.bookstore.cpu import Cost
from benchmarks.bookstore.experiment import (
    NEST_DEFAULT_POOL,
    Config,
    Measurement,
    Pool,
    Results,
    mix_seconds,
)
from benchmarks.bookstore.probe import BenchSettings, ProbedApp
from benchmarks.bookstore.report import Environment, render_markdown, render_table
from benchmarks.bookstore.wire import Connection, ProtocolError, _parse_head, _read_chunks
from benchmarks.servers import HOST, free_port
from examples.bookstore.app import create_app


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[tuple[ProbedApp, int]]:
    """The probed async book store on SQLite, under uvicorn on a free port of 127.0.0.1."""
    settings = BenchSettings(
        database_url=f"sqlite:///{tmp_path / 'bench.db'}", extensive_query_seconds=0.001
    )
    app = ProbedApp(create_app(settings))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host=HOST, port=port, log_level="warning", lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    for _ in range(500):  # up to 10 s
        if server.started or task.done():
            break
        await asyncio.sleep(0.02)
    assert server.started, "uvicorn did not start"
    try:
        yield app, port
    finally:
        server.should_exit = True
        await task


def test_the_mix_is_the_articles() -> None:
    assert len(MIX) == 11
    assert (MIX.count("list"), MIX.count("get"), MIX.count("create")) == (3, 3, 3)
    assert MIX.count("extensive") == 2


async def test_one_mix_and_a_short_load_succeed(served: tuple[ProbedApp, int]) -> None:
    _, port = served
    connection = Connection(HOST, port)
    recorder = Recorder(start=0.0, end=float("inf"))
    await BookClient(connection, recorder).run_mix()
    assert recorder.failed == {}
    assert sum(recorder.ok.values()) == len(MIX)
    assert recorder.mixes == 1
    answer = await connection.request("GET", "/book")  # the same keep-alive connection
    assert answer.status == 200
    assert answer.json()["total"] == 5 + 3  # the seed and the mix's three creates
    missing = await connection.request("GET", "/book/999999")
    assert missing.status == 404 and missing.json() == {"detail": "Book 999999 not found."}
    connection.close()

    await connection.request("POST", "/_probe/start")
    result = await run_load(2, warmup=0.0, seconds=0.3, host=HOST, port=port)
    assert result.failed == 0, result.failures
    assert result.ok > 0
    assert result.rpm == result.ok / 0.3 * 60
    assert set(result.latency) <= set(MIX)
    stats = (await connection.request("GET", "/_probe/stats")).json()
    connection.close()
    assert stats["requests"] >= result.ok
    assert stats["checkouts"] > 0 and stats["hold_mean"] > 0
    assert stats["seconds"] > 0.3 and stats["wait_p99"] >= 0


async def test_a_refused_connection_is_a_failure_not_a_crash() -> None:
    recorder = Recorder(start=0.0, end=float("inf"))
    await BookClient(Connection(HOST, free_port()), recorder).run_mix()
    assert sum(recorder.failed.values()) == len(MIX)
    assert "list ConnectionRefusedError" in recorder.failed


def test_response_heads_are_parsed() -> None:
    head = b"HTTP/1.1 201 Created\r\ncontent-length: 12\r\nconnection: close\r\n\r\n"
    assert _parse_head(head) == (201, 12, False, False)
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    assert _parse_head(chunked) == (200, None, True, True)
    with pytest.raises(ProtocolError, match=r"not an HTTP/1\.x answer"):
        _parse_head(b"SSH-2.0-OpenSSH\r\n\r\n")


async def test_chunked_bodies_are_joined() -> None:
    reader = asyncio.StreamReader()
    reader.feed_data(b"5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n")
    assert await _read_chunks(reader) == b"hello world"


def test_bench_settings_choose_the_pool() -> None:
    url = "postgresql://u@h/d"
    default = BenchSettings(database_url=url, nest_default_pool=True).orm_options()
    assert not {"pool_size", "max_overflow", "pool_timeout", "pool_pre_ping"} & set(default)
    every = BenchSettings(database_url=url, pool_size=5, pre_ping="every").orm_options()
    assert (every["pool_size"], every["pool_pre_ping"], every["pool_pre_ping_idle"]) == (5, True, 0)
    off = BenchSettings(database_url=url, pre_ping="off").orm_options()
    assert off["pool_pre_ping"] is False and "pool_pre_ping_idle" not in off


def test_one_mix_lasts_the_sum_of_its_answer_times() -> None:
    latency = {"list": 0.01, "get": 0.02, "create": 0.03, "extensive": 0.2}
    load = LoadResult(1, 2.0, 22, 0, 2, {}, 0.01, latency=latency)
    assert mix_seconds(load) == pytest.approx(3 * 0.01 + 3 * 0.02 + 3 * 0.03 + 2 * 0.2)


def _results() -> Results:
    config = Config(clients=(10, 50), sleep=0.2, pool=Pool(80, 0))
    results = Results(config, mix_seconds=0.5)
    for variant, clients, ok in (
        ("async", 10, 100),
        ("sync", 10, 80),
        ("async", 50, 400),
        ("sync", 50, 0),
    ):
        load = LoadResult(clients, 30.0, ok, 3 if ok == 0 else 0, ok // 11, {}, 0.05)
        probe = {"wait_mean": 0.002, "opened": 10.0}
        results.runs.append(Measurement(variant, load, 0.9, clients, config.pool, 1.5, probe=probe))
    load = LoadResult(50, 30.0, 30, 0, 2, {}, 0.05)
    results.runs.append(Measurement("async", load, 0.2, 20, NEST_DEFAULT_POOL, 1.5))
    return results


def test_report_renders_every_client_count() -> None:
    results = _results()
    assert results.ceiling_rpm(10) == 13_200
    assert results.pool_bound_rpm(Pool(80, 0)) == results.ceiling_rpm(80)
    assert results.thread_bound_rpm() == 40 * 11 / 0.5 * 60
    table = render_table(results)
    # 100 requests in 30 s: 200 rpm of a 13,200 rpm ceiling; 0.9 core for 3.33 requests/s.
    assert "| 10 | async | 200 | 1.25 | 13,200 | 2% | 13,200 | 2% | 90% | 270.00 |" in table
    assert "| 50 | sync | 0 |  | 66,000 | 0% | 52,800 | 0% |" in table  # its 40 threads
    cpu = {
        mode: [Cost(kind, 100, 1.0, 2.0, 0.1) for kind in ("list", "get", "create", "extensive")]
        for mode in ("idle", "every")
    }
    page = render_markdown([results], Environment("today", 0.1, "15.0", 120.0), ["img/c.png"], cpu)
    assert "(img/c.png)" in page
    assert "550 vs 446.6" in page
    assert "**not met**" in page  # 2% of the ceiling at 50 clients
    assert "nest's default (20 + 0, pre-ping when idle)" in page
    assert "| **the article's mix** | 1.00 | 0.10 | 2.00 | 1.00 | 0.10 | 2.00 |" in page
