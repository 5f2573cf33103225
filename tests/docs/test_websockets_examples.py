"""The samples of docs/websockets.md, run."""

import logging
import warnings

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette prefers httpx2 for its test client
    from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect


def test_the_testing_sample() -> None:
    from docs.examples.websockets_testing import test_two_clients_chat_in_a_room

    test_two_clients_chat_in_a_room()


def test_the_chat_sample_refuses_strangers_and_validates_messages(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from docs.examples.websockets import app

    caplog.set_level(logging.INFO, logger="chat")
    with TestClient(app.get_server()) as http:
        with http.websocket_connect("/chat") as stranger:
            with pytest.raises(WebSocketDisconnect) as closed:
                stranger.receive_json()
            assert closed.value.code == 1008
        with http.websocket_connect("/chat?token=t-ada") as ada:
            assert ada.receive_json()["event"] == "welcome"
            ada.send_json({"event": "say", "data": {"room": "lobby", "text": ""}, "id": 1})
            error = ada.receive_json()
            assert error["event"] == "error" and error["id"] == 1
            assert error["data"]["status"] == 400
            assert error["data"]["message"][0]["loc"] == ["body", "message", "text"]
    assert "chat gateway ready on /chat" in caplog.text
