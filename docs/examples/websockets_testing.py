"""Testing a gateway with Starlette's TestClient, which speaks WebSocket to the app in-process."""

from starlette.testclient import TestClient

from docs.examples.websockets import ChatModule
from nest.http import PyNestFactory


def test_two_clients_chat_in_a_room() -> None:
    app = PyNestFactory.create(ChatModule)
    with (
        TestClient(app.get_server()) as http,  # `with` runs the lifespan: hooks, after_init
        http.websocket_connect("/chat?token=t-ada") as ada,
        http.websocket_connect("/chat?token=t-bob") as bob,
    ):
        assert ada.receive_json() == {"event": "welcome", "data": {"user": "ada"}}
        assert bob.receive_json() == {"event": "welcome", "data": {"user": "bob"}}
        ada.send_json({"event": "join", "data": "lobby", "id": 1})
        assert ada.receive_json() == {
            "event": "join",
            "data": {"room": "lobby", "members": 1},
            "id": 1,
        }
        bob.send_json({"event": "join", "data": "lobby"})
        assert bob.receive_json()["data"]["members"] == 2
        assert ada.receive_json() == {"event": "joined", "data": "bob"}

        bob.send_json({"event": "say", "data": {"room": "lobby", "text": "hi"}, "id": 2})
        assert ada.receive_json() == {"event": "message", "data": {"from": "bob", "text": "hi"}}
        assert bob.receive_json()["event"] == "message"
        assert bob.receive_json() == {"event": "say", "data": {"delivered": 2}, "id": 2}
