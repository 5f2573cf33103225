"""Uvicorn servers in subprocesses on 127.0.0.1: start, wait until ready, stop by PID."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = ["HOST", "Server", "free_port", "serving"]

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent

# The same options for every application; loop and HTTP implementations are uvicorn's default pick.
UVICORN_OPTIONS = ("--workers", "1", "--log-level", "warning", "--no-access-log")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """One running uvicorn process."""

    name: str
    target: str
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def cpu_seconds(self) -> float | None:
        """User plus system CPU time the server has used so far (Linux ``/proc``), else ``None``."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        # After the command name: state is field 3, utime and stime are fields 14 and 15.
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def wait_ready(self, *, timeout: float = 30.0) -> None:
        """Poll ``GET /hello`` until it answers 200; fail if the process exits or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} ({self.target}) exited with code {self.process.returncode}"
                )
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/hello", timeout=1.0).status_code == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} ({self.target}) did not answer within {timeout:.0f} s")

    def stop(self, *, timeout: float = 5.0) -> None:
        """SIGTERM (uvicorn shuts down gracefully), then SIGKILL if it is still there."""
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout)


def start(name: str, target: str) -> Server:
    """Start ``uvicorn target`` on a free port of 127.0.0.1 (not yet ready)."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", target, "--host", HOST, "--port", str(port)]
    process = subprocess.Popen(
        [*command, *UVICORN_OPTIONS],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # Ctrl-C reaches us only; we stop the servers ourselves
    )
    return Server(name, target, port, process)


@contextlib.contextmanager
def serving(targets: dict[str, str]) -> Iterator[dict[str, Server]]:
    """Start one server per ``name: "module:attribute"``, wait for all, stop all on exit."""
    servers: dict[str, Server] = {}
    try:
        for name, target in targets.items():
            servers[name] = start(name, target)
        for server in servers.values():
            server.wait_ready()
        yield servers
    finally:
        for server in servers.values():
            server.stop()
