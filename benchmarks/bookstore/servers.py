"""A book store variant under uvicorn in a subprocess: start, wait until ready, stop by PID."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from benchmarks.servers import HOST, free_port

__all__ = [
    "HOST",
    "ROOT",
    "TARGETS",
    "Server",
    "free_port",
    "machine_busy_seconds",
    "postgres_cpu_seconds",
    "process_cpu_seconds",
    "serving",
]

ROOT = Path(__file__).resolve().parents[2]

#: Variant -> uvicorn app factory: the book store behind the probe (``probe.py``).
TARGETS = {
    "async": "benchmarks.bookstore.probe:create_server",
    "sync": "benchmarks.bookstore.probe:create_sync_server",
}

# One worker, uvicorn's default loop and HTTP parser (uvloop and httptools when
# installed), no access log: the same for both variants.
_UVICORN = ("--factory", "--workers", "1", "--log-level", "warning", "--no-access-log")


@dataclass
class Server:
    """One running uvicorn process."""

    variant: str
    port: int
    process: subprocess.Popen[bytes]

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://{HOST}:{self.port}"

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far (user + system)."""
        return process_cpu_seconds(self.process.pid)

    def probe(self, action: str) -> dict[str, float]:
        """``start`` or ``stats`` of the server's probe (see ``probe.py``)."""
        if action == "start":
            httpx.post(f"{self.base_url}/_probe/start", timeout=10.0).raise_for_status()
            return {}
        response = httpx.get(f"{self.base_url}/_probe/stats", timeout=10.0)
        response.raise_for_status()
        return dict(response.json())

    def database_connections(self, port: int) -> int:
        """Established TCP connections from the server process to ``port`` (its pool)."""
        inodes = set()
        for fd in Path(f"/proc/{self.process.pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        count = 0
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with contextlib.suppress(OSError), open(table) as lines:
                next(lines)
                for line in lines:
                    parts = line.split()
                    remote_port = int(parts[2].rsplit(":", 1)[1], 16)
                    if remote_port == port and parts[3] == "01" and parts[9] in inodes:
                        count += 1
        return count


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) process ``pid`` has used so far; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds() -> float:
    """CPU time used so far by every process called ``postgres`` on this machine.

    Live processes only: a backend that exits takes its time with it, so connections
    opened and closed during a run are under-counted. Zero for a remote server.
    """
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() == "postgres":
                    total += process_cpu_seconds(int(entry.name))
    return total


def machine_busy_seconds() -> tuple[float, float]:
    """``(busy, total)`` CPU seconds of all CPUs since boot, from ``/proc/stat``."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - idle) / tick, sum(fields) / tick


def _wait_ready(server: Server, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"The {server.variant} book store exited with code {server.process.returncode} "
                f"before answering; its output is above."
            )
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{server.base_url}/", timeout=1.0).status_code == 200:
                return
        time.sleep(0.1)
    raise TimeoutError(f"The {server.variant} book store did not answer within its start timeout.")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextlib.contextmanager
def serving(
    variant: str, env: Mapping[str, str], *, start_timeout: float = 30.0
) -> Iterator[Server]:
    """Run one variant on a free port until the block ends; always stopped by its PID.

    Args:
        variant: ``"async"`` or ``"sync"``.
        env: Extra environment (``DATABASE_URL``, ``BOOKSTORE_*`` settings).
        start_timeout: Seconds to wait for the first answer.
    """
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", TARGETS[variant], *_UVICORN]
    command += ["--host", HOST, "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    try:
        server = Server(variant, port, process)
        _wait_ready(server, time.monotonic() + start_timeout)
        yield server
    finally:
        _stop(process)
