"""A WebSocket conversation with a gateway served by a real uvicorn server on 127.0.0.1.

Two clients authenticate, join a room, one speaks and both hear it, acknowledgements carry the
message ids, an error event leaves the connection open, a client without credentials is refused
with close code 1008, and a client that leaves is announced to the room.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from tests.e2e.test_uvicorn_server import free_port

pytestmark = pytest.mark.slow

APP = """
from nest.di import Injectable, Module
from nest.http import Controller, Get, PyNestFactory
from nest.pipeline import CanActivate, ExecutionContext, UseGuards
from nest.websockets import (
    ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer, WsClient,
)


@Injectable
class Users:
    TOKENS = {"alice-token": "alice", "bob-token": "bob"}

    def by_token(self, token):
        return self.TOKENS.get(token)


class TokenGuard(CanActivate):
    def __init__(self, users: Users):
        self.users = users

    def can_activate(self, context: ExecutionContext) -> bool:
        client = context.switch_to_ws().get_client()
        if "user" not in client.data:
            user = self.users.by_token(client.websocket.query_params.get("token"))
            if user is None:
                return False
            client.data["user"] = user
        return True


@WebSocketGateway(namespace="/chat")
@UseGuards(TokenGuard)
class ChatGateway:
    server = WebSocketServer()

    @SubscribeMessage("join")
    async def join(self, room: str = MessageBody(), client: WsClient = ConnectedSocket()):
        client.join(room)
        await client.to(room).emit("joined", client.data["user"])
        return {"room": room, "members": len(self.server.to(room).clients)}

    @SubscribeMessage("say")
    async def say(self, room: str = MessageBody("room"), text: str = MessageBody("text"),
                  client: WsClient = ConnectedSocket()):
        delivered = await self.server.to(room).emit(
            "message", {"from": client.data["user"], "text": text}
        )
        return {"delivered": delivered}

    async def on_disconnect(self, client: WsClient):
        for room in client.rooms:
            await client.to(room).emit("left", client.data["user"])


@Controller("health")
class HealthController:
    @Get("/")
    def health(self):
        return {"ok": True}


@Module(controllers=[HealthController], providers=[ChatGateway, Users])
class AppModule:
    pass


app = PyNestFactory.create(AppModule)
server = app.get_server()
"""


def _recv(ws: ClientConnection) -> Any:
    return json.loads(ws.recv(timeout=5))


def _send(ws: ClientConnection, frame: dict[str, Any]) -> None:
    ws.send(json.dumps(frame))


def test_a_chat_conversation_over_a_real_server(tmp_path: Path) -> None:
    (tmp_path / "ws_app.py").write_text(APP)
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "ws_app:server",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"ws://127.0.0.1:{port}/chat"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                assert httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).json() == {
                    "ok": True
                }
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)

        with (
            connect(f"{base}?token=alice-token") as alice,
            connect(f"{base}?token=bob-token") as bob,
        ):
            _send(alice, {"event": "join", "data": "lobby", "id": 1})
            assert _recv(alice) == {
                "event": "join",
                "data": {"room": "lobby", "members": 1},
                "id": 1,
            }
            _send(bob, {"event": "join", "data": "lobby", "id": "b1"})
            assert _recv(bob) == {
                "event": "join",
                "data": {"room": "lobby", "members": 2},
                "id": "b1",
            }
            assert _recv(alice) == {"event": "joined", "data": "bob"}

            _send(alice, {"event": "say", "data": {"room": "lobby", "text": "hi bob"}, "id": 2})
            message = {"event": "message", "data": {"from": "alice", "text": "hi bob"}}
            assert _recv(bob) == message
            assert _recv(alice) == message
            assert _recv(alice) == {"event": "say", "data": {"delivered": 2}, "id": 2}

            _send(bob, {"event": "shout", "id": 3})
            assert _recv(bob) == {
                "event": "error",
                "data": {
                    "status": 404,
                    "message": "No handler for event 'shout' on /chat",
                    "event": "shout",
                },
                "id": 3,
            }
            _send(bob, {"event": "say", "data": {"room": "lobby"}, "id": 4})  # no "text"
            error = _recv(bob)
            assert error["event"] == "error" and error["id"] == 4
            assert error["data"]["status"] == 400 and "'text'" in error["data"]["message"]

            with connect(base) as eve:  # no token: accepted, then closed by the guard
                with pytest.raises(ConnectionClosed) as refused:
                    eve.recv(timeout=5)
                assert refused.value.rcvd is not None
                assert refused.value.rcvd.code == 1008
                assert refused.value.rcvd.reason == "Forbidden resource"

            _send(bob, {"event": "say", "data": {"room": "lobby", "text": "still here"}})
            assert _recv(bob)["data"]["text"] == "still here"  # the connection stayed open
            assert _recv(bob) == {"event": "say", "data": {"delivered": 2}}
            assert _recv(alice)["data"] == {"from": "bob", "text": "still here"}

            bob.close()
            assert _recv(alice) == {"event": "left", "data": "bob"}
            _send(alice, {"event": "say", "data": {"room": "lobby", "text": "alone"}, "id": 5})
            assert _recv(alice)["event"] == "message"
            assert _recv(alice) == {"event": "say", "data": {"delivered": 1}, "id": 5}
    finally:
        process.send_signal(signal.SIGINT)
        try:
            output = process.communicate(timeout=15)[0].decode()
        except subprocess.TimeoutExpired:
            process.kill()
            output = process.communicate()[0].decode()
    assert process.returncode == 0, output
    assert "Traceback" not in output, output
