"""Generated projects for real: lint, their own tests, and uvicorn serving CRUD on 127.0.0.1.

Each case generates an application with two resources, then in real subprocesses runs
``ruff check``, the project's generated pytest suite, and uvicorn on a free port.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from .databases import scratch_database

PYTHON = sys.executable
BIN = Path(PYTHON).parent
CASES = [
    pytest.param(db_type, is_async, id=f"{db_type}-{'async' if is_async else 'sync'}", marks=marks)
    for db_type, marks in (
        ("sqlite", ()),
        ("postgresql", (pytest.mark.postgres,)),
        ("mysql", (pytest.mark.mysql,)),
    )
    for is_async in (True, False)
]


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 120) -> str:
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _uvicorn(root: Path, env: dict[str, str]) -> Iterator[str]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [PYTHON, "-m", "uvicorn", "src.app_module:http_server", "--host", "127.0.0.1",
         "--port", str(port)],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                output = process.stdout.read() if process.stdout else ""
                pytest.fail(f"uvicorn exited with {process.returncode}:\n{output}")
            try:
                if httpx.get(f"{base}/docs", timeout=1, trust_env=False).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("uvicorn did not serve /docs within 30 s")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


def _crud_over_http(base: str, resource: str) -> None:
    with httpx.Client(base_url=base, timeout=10, trust_env=False) as client:
        created = client.post(f"/{resource}", json={"name": "Dune", "description": "sand"})
        assert created.status_code == 201, created.text
        item = created.json()
        url = f"/{resource}/{item['id']}"
        assert client.get(url).json() == item
        page = client.get(f"/{resource}", params={"limit": 5}).json()
        assert item in page["items"] and page["total"] >= 1 and page["limit"] == 5
        patched = client.patch(url, json={"description": "spice"})
        assert patched.json() == {**item, "description": "spice"}
        assert client.delete(url).status_code == 204
        assert client.get(url).status_code == 404


@pytest.mark.slow
@pytest.mark.parametrize(("db_type", "is_async"), CASES)
def test_generated_project_lints_tests_and_serves(
    tmp_path: Path, db_type: str, is_async: bool
) -> None:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    pynest = [PYTHON, "-m", "nest.cli"]
    mode = "--is-async" if is_async else "--is-sync"
    # The console script, as users run it; then python -m nest.cli, which works without it.
    script = BIN / "pynest"
    creator = [str(script)] if script.exists() else pynest
    _run([*creator, "create-nest-app", "-n", "Library", "-db", db_type, mode], tmp_path, env)
    root = tmp_path / "library"
    _run([*pynest, "g", "resource", "-n", "book"], root, env)
    _run([*pynest, "g", "resource", "-n", "book-author"], root, env)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    _run([*pynest, "g", "resource", "-n", "BookAuthor"], root, env)
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before

    _run([str(BIN / "ruff"), "check", "--no-cache", "."], root, env)
    with scratch_database(db_type, tmp_path) as database:
        project_env = {**env, **database.env}
        output = _run([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"], root, project_env)
        assert "8 passed" in output, output

        routes = _run([*pynest, "routes"], root, project_env)
        assert "BookController.find_all" in routes and "/book-author/{book_author_id}" in routes

        with _uvicorn(root, project_env) as base:
            docs = httpx.get(f"{base}/docs", timeout=5, trust_env=False)
            assert "swagger-ui" in docs.text
            schema = httpx.get(f"{base}/openapi.json", timeout=5, trust_env=False).json()
            assert schema["info"]["title"] == "Library"
            assert {"/book", "/book/{book_id}", "/book-author"} <= set(schema["paths"])
            _crud_over_http(base, "book")
            _crud_over_http(base, "book-author")
