"""A gateway's conversation: frames, acknowledgements, error events and its lifecycle."""

import logging
import threading
from dataclasses import dataclass
from typing import Annotated, Any

import pytest
from pydantic import BaseModel
from starlette.websockets import WebSocketDisconnect

from nest.di import Injectable, Module
from nest.http import NotFoundException
from nest.websockets import (
    ConnectedSocket,
    MessageBody,
    SubscribeMessage,
    WebSocketGateway,
    WebSocketServer,
    WsClient,
    WsResponse,
)
from tests.unit.websockets.conftest import serve

EVENTS: list[str] = []


@Injectable
class Greeter:
    def __init__(self) -> None:
        EVENTS.append("Greeter built")

    def greet(self, name: str) -> str:
        return f"Hello, {name}!"

    def on_module_init(self) -> None:
        EVENTS.append("Greeter.on_module_init")


class Move(BaseModel):
    x: int
    y: int


@dataclass
class Point:
    x: int
    y: int


@WebSocketGateway(namespace="/ws")
class ChatGateway:
    server = WebSocketServer()

    def __init__(self, greeter: Greeter) -> None:
        self.greeter = greeter

    def on_module_init(self) -> None:
        EVENTS.append("on_module_init")

    def on_application_bootstrap(self) -> None:
        EVENTS.append("on_application_bootstrap")

    async def after_init(self, server: WebSocketServer) -> None:
        EVENTS.append(f"after_init {server.path} same={server is self.server}")

    def on_connection(self, client: WsClient) -> None:
        EVENTS.append("on_connection")
        client.data["name"] = client.websocket.query_params.get("name", "anonymous")

    async def on_disconnect(self, client: WsClient) -> None:
        EVENTS.append(f"on_disconnect closed={client.closed} rooms={sorted(client.rooms)}")

    def on_application_shutdown(self) -> None:
        EVENTS.append("on_application_shutdown")

    @SubscribeMessage("greet")
    def greet(self, name: str = MessageBody("name")) -> str:
        return self.greeter.greet(name)

    @SubscribeMessage("whoami")
    async def whoami(self, client: WsClient = ConnectedSocket()) -> dict[str, Any]:
        return {"id": client.id, "name": client.data["name"]}

    @SubscribeMessage("echo")
    async def echo(self, data: Any = MessageBody()) -> Any:
        return data

    @SubscribeMessage("silent")
    async def silent(self, client: Annotated[WsClient, ConnectedSocket()]) -> None:
        await client.emit("note", "no ack for None")

    @SubscribeMessage("move")
    def move(self, move: Annotated[Move, MessageBody()]) -> Move:
        return Move(x=move.x + 1, y=move.y + 1)

    @SubscribeMessage("point")
    def point(self, point: Point = MessageBody()) -> Point:
        return point

    @SubscribeMessage("limit")
    def limit(self, limit: int = MessageBody("limit", default=10)) -> int:
        return limit

    @SubscribeMessage("ping")
    @SubscribeMessage("pong")
    def both(self) -> str:
        return "both"

    @SubscribeMessage("redirect")
    def redirect(self) -> WsResponse:
        return WsResponse("elsewhere", {"ok": True})

    @SubscribeMessage("thread")
    def thread(self) -> bool:
        return threading.current_thread() is not threading.main_thread()

    @SubscribeMessage("missing")
    async def missing(self) -> None:
        raise NotFoundException("No such room")

    @SubscribeMessage("crash")
    async def crash(self) -> None:
        raise RuntimeError("db password is hunter2")

    @SubscribeMessage("unsendable")
    async def unsendable(self) -> object:
        return object()

    @SubscribeMessage("kick")
    async def kick(self, client: WsClient = ConnectedSocket()) -> None:
        await client.close(4000, "bye")


@Module(providers=[ChatGateway, Greeter])
class ChatModule:
    pass


@pytest.fixture(autouse=True)
def _clear() -> None:
    EVENTS.clear()


def test_a_message_is_answered_by_an_ack_with_the_same_event_and_id() -> None:
    with serve(ChatModule) as client, client.websocket_connect("/ws") as ws:
        ws.send_json({"event": "greet", "data": {"name": "Ada"}, "id": 7})
        assert ws.receive_json() == {"event": "greet", "data": "Hello, Ada!", "id": 7}
        ws.send_json({"event": "greet", "data": {"name": "Bob"}})
        assert ws.receive_json() == {"event": "greet", "data": "Hello, Bob!"}
        ws.send_json({"event": "echo", "data": [1, "two", None], "id": "abc"})
        assert ws.receive_json() == {"event": "echo", "data": [1, "two", None], "id": "abc"}


def test_the_connected_socket_and_its_data() -> None:
    with serve(ChatModule) as client, client.websocket_connect("/ws?name=ada") as ws:
        ws.send_json({"event": "whoami"})
        answer = ws.receive_json()["data"]
        assert answer["name"] == "ada" and len(answer["id"]) == 32


def test_none_sends_no_ack() -> None:
    with serve(ChatModule) as client, client.websocket_connect("/ws") as ws:
        ws.send_json({"event": "silent", "id": 1})
        ws.send_json({"event": "greet", "data": {"name": "Ada"}, "id": 2})
        assert ws.receive_json() == {"event": "note", "data": "no ack for None"}
        assert ws.receive_json()["id"] == 2  # nothing was sent for message 1


def test_declared_types_are_validated_and_models_are_sent_as_json() -> None:
    with serve(ChatModule) as client, client.websocket_connect("/ws") as ws:
        ws.send_json({"event": "move", "data": {"x": 1, "y": "2"}})
        assert ws.receive_json() == {"event": "move", "data": {"x": 2, "y": 3}}
        ws.send_json({"event": "point", "data": {"x": 5, "y": 6}})
        assert ws.receive_json() == {"event": "point", "data": {"x": 5, "y": 6}}
        ws.send_json({"event": "move", "data": {"x": "left"}, "id": 3})
        error = ws.receive_json()
        assert error["event"] == "error" and error["id"] == 3
        assert error["data"]["status"] == 400 and error["data"]["event"] == "move"
        locations = [e["loc"] for e in error["data"]["message"]]
        assert locations == [["body", "move", "x"], ["body", "move", "y"]]


def test_a_missing_field_is_an_error_naming_it_unless_it_has_a_default() -> None:
    with serve(ChatModule) as client, client.websocket_connect("/ws") as ws:
        ws.send_json({"event": "greet", "data": {}})
        error = ws.receive_json()["data"]
        assert error["status"] == 400 and "'name'" in error["message"]
        ws.send_json({"event": "greet", "data": "Ada"})
        assert "must be a JSON object" in ws.receive_json()["data"]["message"]
        ws.send_json({"event": "limit", "data": {}})
        assert ws.receive_json()["data"] == 10
        ws.send_json({"event": "limit"})
        assert ws.receive_json()["data"] == 10
        ws.send_json({"event": "limit", "data": {"limit": 3}})
        assert ws.receive_json()["data"] == 3


def test_one_method_can_answer_two_events_and_answer_with_another_event() -> None:
    with serve(ChatModule) as client, client.websocket_connect("/ws") as ws:
        ws.send_json({"event": "ping"})
        assert ws.receive_json() == {"event": "ping", "data": "both"}
        ws.send_json({"event": "pong"})
        assert ws.receive_json() == {"event": "pong", "data": "both"}
        ws.send_json({"event": "redirect", "id": 9})
        assert ws.receive_json() == {"event": "elsewhere", "data": {"ok": True}, "id": 9}


def test_sync_handlers_run_in_a_worker_thread() -> None:
    with serve(ChatModule) as client, client.websocket_connect("/ws") as ws:
        ws.send_json({"event": "thread"})
        assert ws.receive_json()["data"] is True


def test_http_exceptions_become_error_events_and_the_connection_stays_open() -> None:
    with serve(ChatModule) as client, client.websocket_connect("/ws") as ws:
        ws.send_json({"event": "missing", "id": 1})
        assert ws.receive_json() == {
            "event": "error",
            "data": {"status": 404, "message": "No such room", "event": "missing"},
            "id": 1,
        }
        ws.send_json({"event": "greet", "data": {"name": "Ada"}})
        assert ws.receive_json()["data"] == "Hello, Ada!"


def test_unknown_errors_send_a_generic_500_and_are_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.ERROR, logger="nest.websockets")
    with serve(ChatModule) as client, client.websocket_connect("/ws") as ws:
        ws.send_json({"event": "crash"})
        error = ws.receive_json()
        assert error == {
            "event": "error",
            "data": {"status": 500, "message": "Internal Server Error", "event": "crash"},
        }
        assert "hunter2" not in str(error)
        ws.send_json({"event": "unsendable"})
        assert ws.receive_json()["data"]["status"] == 500
        ws.send_json({"event": "echo", "data": "still open"})
        assert ws.receive_json()["data"] == "still open"
    crashes = [r for r in caplog.records if "crash" in r.getMessage()]
    assert len(crashes) == 1 and crashes[0].exc_info is not None
    assert "hunter2" in str(crashes[0].exc_info[1])
    assert any("unsendable" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "JSON list"),
        ('{"data": 1}', 'no "event"'),
        ('{"event": ""}', 'no "event"'),
        ('{"event": 5}', 'no "event"'),
        ('{"event": "echo", "id": [1]}', '"id" must be a string or an integer'),
        ('{"event": "echo", "id": true}', '"id" must be a string or an integer'),
    ],
)
def test_malformed_frames_get_an_error_event(frame: str, expected: str) -> None:
    with serve(ChatModule) as client, client.websocket_connect("/ws") as ws:
        ws.send_text(frame)
        error = ws.receive_json()
        assert error["event"] == "error" and error["data"]["status"] == 400
        assert expected in error["data"]["message"]
        ws.send_json({"event": "echo", "data": 1})
        assert ws.receive_json()["data"] == 1


def test_unknown_events_and_binary_frames_get_an_error_event() -> None:
    with serve(ChatModule) as client, client.websocket_connect("/ws") as ws:
        ws.send_json({"event": "dance", "id": 4})
        assert ws.receive_json() == {
            "event": "error",
            "data": {
                "status": 404,
                "message": "No handler for event 'dance' on /ws",
                "event": "dance",
            },
            "id": 4,
        }
        ws.send_bytes(b'{"event": "echo"}')
        error = ws.receive_json()["data"]
        assert error["status"] == 400 and "Binary frames" in error["message"]


def test_a_handler_can_close_its_client() -> None:
    with serve(ChatModule) as client, client.websocket_connect("/ws") as ws:
        ws.send_json({"event": "kick"})
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert (closed.value.code, closed.value.reason) == (4000, "bye")
    assert EVENTS[-2:] == ["on_disconnect closed=True rooms=[]", "on_application_shutdown"]


def test_lifecycle_hooks_in_order() -> None:
    with serve(ChatModule) as client:
        with client.websocket_connect("/ws") as ws:
            ws.send_json({"event": "echo", "data": "x"})
            ws.receive_json()
        assert EVENTS == [
            "Greeter built",
            "Greeter.on_module_init",
            "on_module_init",
            "on_application_bootstrap",
            "after_init /ws same=True",
            "on_connection",
            "on_disconnect closed=True rooms=[]",
        ]
    assert EVENTS[-1] == "on_application_shutdown"


def test_without_a_lifespan_the_gateway_starts_on_its_first_connection() -> None:
    client = serve(ChatModule)  # not entered: no lifespan
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"event": "greet", "data": {"name": "Ada"}})
        assert ws.receive_json()["data"] == "Hello, Ada!"
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"event": "echo", "data": 1})
        assert ws.receive_json()["data"] == 1
    assert EVENTS.count("after_init /ws same=True") == 1


def test_http_routes_are_not_websocket_routes() -> None:
    with serve(ChatModule) as client:
        assert client.get("/ws").status_code == 404
