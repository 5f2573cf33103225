"""A real uvicorn server on 127.0.0.1: lifespan, hooks and async resources in the server's loop."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow

APP = '''
import asyncio, json, os
from nest.di import Injectable, Module
from nest.http import Controller, Get, PyNestFactory


@Injectable
class Worker:
    """An async resource made in on_module_init: a queue served by a task in the server's loop."""

    async def on_module_init(self):
        self.loop = asyncio.get_running_loop()
        self.queue = asyncio.Queue()
        self.task = asyncio.create_task(self._serve())

    async def _serve(self):
        while True:
            value, future = await self.queue.get()
            future.set_result(value * 2)

    async def double(self, value):
        future = asyncio.get_running_loop().create_future()
        await self.queue.put((value, future))
        return await asyncio.wait_for(future, 5)

    async def on_application_shutdown(self):
        self.task.cancel()
        with open(os.environ["NEST_E2E_MARKER"], "w") as f:
            json.dump({"shutdown": True}, f)


@Controller("work")
class WorkController:
    def __init__(self, worker: Worker):
        self.worker = worker

    @Get("/{value}")
    async def double(self, value: int):
        same = self.worker.loop is asyncio.get_running_loop()
        return {"result": await self.worker.double(value), "same_loop": same}

    @Get("/boom/now")
    async def boom(self):
        raise RuntimeError("db password is hunter2")


@Module(controllers=[WorkController], providers=[Worker])
class AppModule:
    pass


app = PyNestFactory.create(AppModule, title="e2e")
server = app.get_server()
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_async_resource_from_on_module_init_serves_requests_under_uvicorn(tmp_path: Path) -> None:
    (tmp_path / "e2e_app.py").write_text(APP)
    marker = tmp_path / "marker.json"
    port = free_port()
    env = {**os.environ, "NEST_E2E_MARKER": str(marker), "PYTHONPATH": str(tmp_path)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "e2e_app:server",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/work/21", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        assert response.json() == {"result": 42, "same_loop": True}
        assert httpx.get(f"http://127.0.0.1:{port}/work/", timeout=2).status_code in (404, 405)
        assert httpx.get(f"http://127.0.0.1:{port}/docs", timeout=2).status_code == 200
        boom = httpx.get(f"http://127.0.0.1:{port}/work/boom/now", timeout=2)
        assert boom.status_code == 500
        assert boom.json() == {"detail": "Internal Server Error"}
    finally:
        process.send_signal(signal.SIGINT)
        try:
            output = process.communicate(timeout=15)[0].decode()
        except subprocess.TimeoutExpired:
            process.kill()
            output = process.communicate()[0].decode()
    assert process.returncode == 0, output
    assert output.count("RuntimeError: db password is hunter2") == 1, (
        output
    )  # logged once, by the server
    assert output.count("Traceback (most recent call last)") == 1, output
    assert json.loads(marker.read_text()) == {"shutdown": True}
