"""The HTTP benchmark: both applications under uvicorn, loaded in interleaved rounds."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

from benchmarks.endpoints import Endpoint
from benchmarks.load import LoadResult, run_wrk
from benchmarks.pyclient import run_python_client
from benchmarks.servers import HOST, Server
from benchmarks.stats import Sample

__all__ = ["LoadSettings", "load_function", "measure_http", "warm_up"]

Load = Callable[[Server, Endpoint, float], LoadResult]


@dataclass(frozen=True)
class LoadSettings:
    """How each load run is made."""

    duration: float
    connections: int
    wrk: str | None
    processes: int

    @property
    def generator(self) -> str:
        if self.wrk:
            return f"wrk -t1 -c{self.connections} -d{max(1, round(self.duration))}s"
        plural = "" if self.processes == 1 else "es"
        return f"python client ({self.processes} process{plural}, {self.connections} connections)"


def load_function(settings: LoadSettings) -> Load:
    """A function running one load run of ``duration`` seconds against one server."""
    wrk = settings.wrk
    if wrk is not None:

        def with_wrk(server: Server, endpoint: Endpoint, duration: float) -> LoadResult:
            return run_wrk(
                wrk, server.url, endpoint, duration=duration, connections=settings.connections
            )

        return with_wrk

    def with_python(server: Server, endpoint: Endpoint, duration: float) -> LoadResult:
        return run_python_client(
            HOST,
            server.port,
            endpoint,
            duration=duration,
            connections=settings.connections,
            processes=settings.processes,
        )

    return with_python


def warm_up(servers: dict[str, Server], endpoints: Sequence[Endpoint], requests: int) -> None:
    """A few hundred sequential requests per server and endpoint (imports, caches, first calls)."""
    for server in servers.values():
        with httpx.Client(base_url=server.url, timeout=10.0) as client:
            for endpoint in endpoints:
                headers = {
                    k.decode(): v.decode() for k, v in endpoint.headers if k != b"content-length"
                }
                for _ in range(requests):
                    client.request(
                        endpoint.method,
                        endpoint.path,
                        content=endpoint.body or None,
                        headers=headers,
                    )


def measure_http(
    servers: dict[str, Server],
    endpoints: Sequence[Endpoint],
    *,
    load: Load,
    duration: float,
    rounds: int,
    warm_up_duration: float,
) -> tuple[list[Sample], list[Sample]]:
    """For each round and endpoint, one run per server back to back, alternating who goes first.

    Returns two sets of samples: requests per second (wall clock), and requests per second of
    the server's own CPU time, which other processes on a busy machine disturb much less.
    """
    samples = {(e.name, name): Sample(e.name, name) for e in endpoints for name in servers}
    efficiency = {(e.name, name): Sample(e.name, name) for e in endpoints for name in servers}
    order = list(servers)
    if warm_up_duration > 0:
        for endpoint in endpoints:
            for name in order:
                load(servers[name], endpoint, warm_up_duration)
    for round_index in range(rounds):
        for endpoint in endpoints:
            names = order if round_index % 2 == 0 else order[::-1]
            for name in names:
                server = servers[name]
                cpu_before = server.cpu_seconds()
                result = load(server, endpoint, duration)
                cpu_after = server.cpu_seconds()
                if cpu_before is not None and cpu_after is not None and cpu_after > cpu_before:
                    efficiency[(endpoint.name, name)].rates.append(
                        result.requests / (cpu_after - cpu_before)
                    )
                if result.errors:
                    print(
                        f"  warning: {name} {endpoint.name}: {result.errors} failed requests "
                        f"of {result.requests}",
                        file=sys.stderr,
                    )
                samples[(endpoint.name, name)].rates.append(result.requests_per_second)
            pair = " ".join(
                f"{name}={samples[(endpoint.name, name)].rates[-1]:,.0f}" for name in order
            )
            print(f"  round {round_index + 1}/{rounds} {endpoint.name}: {pair} req/s", flush=True)
    return list(samples.values()), [s for s in efficiency.values() if s.rates]
