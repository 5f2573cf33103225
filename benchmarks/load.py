"""Load generators: ``wrk`` where installed, else a multi-process Python client."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.endpoints import Endpoint

__all__ = ["LoadResult", "lua_script", "parse_wrk", "run_wrk", "wrk_path"]


@dataclass(frozen=True)
class LoadResult:
    """One load run against one server: throughput and failed requests."""

    requests_per_second: float
    requests: int
    errors: int


def wrk_path() -> str | None:
    """The ``wrk`` executable, or ``None`` when it is not installed."""
    return shutil.which("wrk")


def _lua_string(data: str) -> str:
    escaped = data.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def lua_script(endpoint: Endpoint) -> str:
    """A wrk script sending ``endpoint``'s method, headers and body on every request."""
    lines = [f"wrk.method = {_lua_string(endpoint.method)}"]
    if endpoint.body:
        lines.append(f"wrk.body = {_lua_string(endpoint.body.decode())}")
    for name, value in endpoint.headers:
        if name != b"content-length":  # wrk computes it from the body
            lines.append(
                f"wrk.headers[{_lua_string(name.decode())}] = {_lua_string(value.decode())}"
            )
    return "\n".join(lines) + "\n"


_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
_TOTAL = re.compile(r"(\d+) requests in")
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


def parse_wrk(output: str) -> LoadResult:
    """Read throughput and errors from wrk's summary."""
    rate, total = _RATE.search(output), _TOTAL.search(output)
    if rate is None or total is None:
        raise RuntimeError(f"cannot read wrk's output:\n{output}")
    errors = 0
    if (non_2xx := _NON_2XX.search(output)) is not None:
        errors += int(non_2xx.group(1))
    if (socket_errors := _SOCKET.search(output)) is not None:
        # Read errors also count connections the server closed; they are errors all the same.
        errors += sum(int(n) for n in socket_errors.groups())
    return LoadResult(float(rate.group(1)), int(total.group(1)), errors)


def run_wrk(
    wrk: str, url: str, endpoint: Endpoint, *, duration: float, connections: int
) -> LoadResult:
    """``wrk -t1 -c{connections} -d{duration}s`` with a script for ``endpoint``'s request."""
    with tempfile.TemporaryDirectory(prefix="nest-bench-") as tmp:
        script = Path(tmp) / "request.lua"
        script.write_text(lua_script(endpoint))
        command = [
            wrk,
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(duration))}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            url + endpoint.path,
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=duration + 30, check=False
        )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)
