"""The server handle: clients, rooms, broadcasts; a placeholder until the gateway starts."""

from typing import Any

import pytest

from nest.di import Injectable, Module
from nest.http import PyNestFactory
from nest.websockets import (
    ConnectedSocket,
    GatewayNotMountedError,
    MessageBody,
    SubscribeMessage,
    WebSocketGateway,
    WebSocketServer,
    WsClient,
)
from tests.unit.websockets.conftest import TestClient, serve

LEFT: list[dict[str, Any]] = []


@WebSocketGateway("/rooms")
class RoomsGateway:
    server = WebSocketServer()

    @SubscribeMessage("join")
    def join(self, room: str = MessageBody(), client: WsClient = ConnectedSocket()) -> list[str]:
        client.join(room)
        return sorted(client.rooms)

    @SubscribeMessage("leave")
    def leave(self, room: str = MessageBody(), client: WsClient = ConnectedSocket()) -> list[str]:
        client.leave(room)
        return sorted(client.rooms)

    @SubscribeMessage("say")
    async def say(
        self, data: dict[str, str] = MessageBody(), client: WsClient = ConnectedSocket()
    ) -> int:
        return await self.server.to(data["room"]).emit(
            "said", {"from": client.id, "text": data["text"]}
        )

    @SubscribeMessage("whisper")
    async def whisper(
        self, room: str = MessageBody("room"), client: WsClient = ConnectedSocket()
    ) -> int:
        return await client.to(room).emit("whispered", client.id)

    @SubscribeMessage("announce")
    async def announce(self, text: str = MessageBody()) -> int:
        return await self.server.emit("announcement", text)

    @SubscribeMessage("state")
    def state(self) -> dict[str, Any]:
        return {
            "clients": len(self.server.clients),
            "rooms": {room: len(ids) for room, ids in self.server.rooms.items()},
            "both": len(self.server.to("lobby").to("kitchen", "lobby").clients),
        }

    async def on_disconnect(self, client: WsClient) -> None:
        for room in client.rooms:
            await client.to(room).emit("left", client.id)
        LEFT.append({"id": client.id, "clients": len(self.server.clients)})


@Injectable
class Notifier:
    """Another provider reaching clients through the gateway's server handle."""

    def __init__(self, gateway: RoomsGateway) -> None:
        self.gateway = gateway

    async def notify(self, room: str, text: str) -> int:
        return await self.gateway.server.to(room).emit("notice", text)


@Module(providers=[RoomsGateway, Notifier])
class RoomsModule:
    pass


def test_a_room_of_two_receives_a_broadcast_and_the_sender_gets_its_ack() -> None:
    with (
        serve(RoomsModule) as client,
        client.websocket_connect("/rooms") as alice,
        client.websocket_connect("/rooms") as bob,
        client.websocket_connect("/rooms") as carol,
    ):
        for ws in (alice, bob):
            ws.send_json({"event": "join", "data": "lobby"})
            assert ws.receive_json() == {"event": "join", "data": ["lobby"]}
        carol.send_json({"event": "join", "data": "kitchen"})
        carol.receive_json()
        alice.send_json({"event": "say", "data": {"room": "lobby", "text": "hi"}, "id": 1})
        said_alice = alice.receive_json()
        assert said_alice["event"] == "said" and said_alice["data"]["text"] == "hi"
        assert alice.receive_json() == {"event": "say", "data": 2, "id": 1}  # the ack
        assert bob.receive_json() == said_alice
        carol.send_json({"event": "state"})
        assert carol.receive_json()["data"] == {  # carol got nothing from the lobby
            "clients": 3,
            "rooms": {"lobby": 2, "kitchen": 1},
            "both": 3,
        }


def test_client_to_room_reaches_the_others_only() -> None:
    with (
        serve(RoomsModule) as client,
        client.websocket_connect("/rooms") as alice,
        client.websocket_connect("/rooms") as bob,
    ):
        for ws in (alice, bob):
            ws.send_json({"event": "join", "data": "lobby"})
            ws.receive_json()
        alice.send_json({"event": "whisper", "data": {"room": "lobby"}})
        assert alice.receive_json() == {"event": "whisper", "data": 1}
        whispered = bob.receive_json()
        assert whispered["event"] == "whispered" and len(whispered["data"]) == 32


def test_emit_reaches_every_client_and_leave_removes_from_a_room() -> None:
    with (
        serve(RoomsModule) as client,
        client.websocket_connect("/rooms") as alice,
        client.websocket_connect("/rooms") as bob,
    ):
        bob.send_json({"event": "announce", "data": "hello all"})
        assert alice.receive_json() == {"event": "announcement", "data": "hello all"}
        assert bob.receive_json() == {"event": "announcement", "data": "hello all"}
        assert bob.receive_json() == {"event": "announce", "data": 2}
        bob.send_json({"event": "join", "data": "lobby"})
        bob.receive_json()
        bob.send_json({"event": "leave", "data": "lobby"})
        assert bob.receive_json()["data"] == []
        bob.send_json({"event": "state"})
        assert bob.receive_json()["data"]["rooms"] == {}


def test_on_disconnect_can_tell_the_rooms_then_the_client_is_removed() -> None:
    LEFT.clear()
    app_client = serve(RoomsModule)
    with app_client, app_client.websocket_connect("/rooms") as alice:
        with app_client.websocket_connect("/rooms") as bob:
            for ws in (alice, bob):
                ws.send_json({"event": "join", "data": "lobby"})
                ws.receive_json()
            bob.send_json({"event": "whisper", "data": {"room": "lobby"}})
            bob_id = alice.receive_json()["data"]
            bob.receive_json()
        assert alice.receive_json() == {"event": "left", "data": bob_id}
        alice.send_json({"event": "state"})
        assert alice.receive_json()["data"] == {"clients": 1, "rooms": {"lobby": 1}, "both": 1}
    assert LEFT[0] == {"id": bob_id, "clients": 2}  # still listed while on_disconnect runs


def test_another_provider_emits_through_the_gateway() -> None:
    app = PyNestFactory.create(RoomsModule)
    with (
        TestClient(app.get_server()) as app_client,
        app_client.websocket_connect("/rooms") as alice,
    ):
        alice.send_json({"event": "join", "data": "news"})
        alice.receive_json()
        assert app_client.portal.call(app.get(Notifier).notify, "news", "extra!") == 1
        assert alice.receive_json() == {"event": "notice", "data": "extra!"}


def test_the_class_attribute_is_a_placeholder() -> None:
    with pytest.raises(GatewayNotMountedError, match="placeholder"):
        RoomsGateway.server.path  # noqa: B018
    with pytest.raises(GatewayNotMountedError):
        RoomsGateway.server.to("lobby")
    assert repr(RoomsGateway.server).endswith("(placeholder) clients=0>")


async def test_placeholder_emit_raises() -> None:
    with pytest.raises(GatewayNotMountedError, match=r"self\.server"):
        await RoomsGateway.server.emit("x")


def test_room_names_are_strings() -> None:
    server = WebSocketServer.mounted("/x", "X")
    with pytest.raises(TypeError, match="to\\(\\) takes room names"):
        server.to(1)  # type: ignore[arg-type]
