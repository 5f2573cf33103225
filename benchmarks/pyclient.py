"""A multi-process HTTP/1.1 load client on raw asyncio sockets, for machines without wrk.

Each process opens its share of keep-alive connections; each connection sends the request,
reads the response (status line, headers, ``Content-Length`` body) and sends again until the
deadline. Slower than wrk, so absolute figures are lower; the ratio stays meaningful as long as
both applications are loaded the same way.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

from benchmarks.endpoints import Endpoint
from benchmarks.load import LoadResult

__all__ = ["default_processes", "run_python_client"]


def default_processes() -> int:
    """Half the CPUs (at least one): the server under test needs the rest."""
    return max(1, (os.cpu_count() or 2) // 2)


def _request_bytes(endpoint: Endpoint, host: str, port: int) -> bytes:
    lines = [f"{endpoint.method} {endpoint.path} HTTP/1.1", f"host: {host}:{port}"]
    lines += [f"{name.decode()}: {value.decode()}" for name, value in endpoint.headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + endpoint.body


async def _connection(
    host: str, port: int, request: bytes, deadline: float, counts: list[int]
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.monotonic() < deadline:
            writer.write(request)
            status_line = await reader.readline()
            if not status_line:
                counts[1] += 1
                return
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            status = int(status_line.split()[1])
            counts[0 if 200 <= status < 400 else 1] += 1
    finally:
        writer.close()


async def _process_main(
    host: str, port: int, endpoint: Endpoint, connections: int, duration: float, start_at: float
) -> tuple[int, int, float]:
    request = _request_bytes(endpoint, host, port)
    counts = [0, 0]
    await asyncio.sleep(max(0.0, start_at - time.time()))  # every process starts together
    start = time.monotonic()
    deadline = start + duration
    tasks = [_connection(host, port, request, deadline, counts) for _ in range(connections)]
    results = await asyncio.wait_for(
        asyncio.gather(*tasks, return_exceptions=True), timeout=duration + 10
    )
    counts[1] += sum(1 for r in results if isinstance(r, BaseException))
    return counts[0], counts[1], time.monotonic() - start


def _worker(
    host: str, port: int, endpoint: Endpoint, connections: int, duration: float, start_at: float
) -> tuple[int, int, float]:
    return asyncio.run(_process_main(host, port, endpoint, connections, duration, start_at))


def run_python_client(
    host: str,
    port: int,
    endpoint: Endpoint,
    *,
    duration: float,
    connections: int,
    processes: int,
) -> LoadResult:
    """Load ``endpoint`` with ``connections`` keep-alive connections spread over ``processes``."""
    processes = max(1, min(processes, connections))
    shares = [connections // processes + (i < connections % processes) for i in range(processes)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        # Spawning takes a moment: start the clock once every process can be up.
        start_at = time.time() + 1.0
        futures = [
            pool.submit(_worker, host, port, endpoint, share, duration, start_at)
            for share in shares
        ]
        results = [f.result(timeout=duration + 30) for f in futures]
    ok = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    elapsed = max(r[2] for r in results)
    return LoadResult(ok / elapsed if elapsed > 0 else 0.0, ok + errors, errors)
