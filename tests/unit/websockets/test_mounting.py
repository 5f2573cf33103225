"""Applications without gateways pay nothing: nest.http never imports nest.websockets."""

import subprocess
import sys

from nest.di import Module
from nest.http import PyNestFactory
from nest.websockets import SubscribeMessage, WebSocketGateway
from tests.unit.websockets.conftest import TestClient

APP_WITHOUT_GATEWAYS = """
import sys
from nest.di import Module
from nest.http import Controller, Get, PyNestFactory

@Controller("a")
class A:
    @Get("/")
    def index(self) -> str:
        return "a"

@Module(controllers=[A])
class AppModule:
    pass

app = PyNestFactory.create(AppModule)
assert "nest.websockets" not in sys.modules, "nest.http imported nest.websockets"
assert not any(type(r).__name__ == "WebSocketRoute" for r in app.get_server().router.routes)
print("ok")
"""


def test_an_application_without_gateways_does_not_load_the_gateway_layer() -> None:
    result = subprocess.run(
        [sys.executable, "-c", APP_WITHOUT_GATEWAYS], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "ok", result.stderr


@WebSocketGateway("/one")
class One:
    @SubscribeMessage("a")
    def a(self) -> str:
        return "one"


@WebSocketGateway("/two")
class Two:
    @SubscribeMessage("a")
    def a(self) -> str:
        return "two"


@Module(providers=[One])
class OneModule:
    pass


@Module(imports=[OneModule], providers=[Two])
class AppModule:
    pass


def test_each_gateway_gets_its_route_and_the_global_prefix_does_not_apply() -> None:
    app = PyNestFactory.create(AppModule, global_prefix="/api")
    routes = {
        r.name: r.path for r in app.get_server().router.routes if r.name.startswith("gateway:")
    }
    assert routes == {"gateway:Two": "/two", "gateway:One": "/one"}
    with TestClient(app.get_server()) as client:
        for path, expected in (("/one", "one"), ("/two", "two")):
            with client.websocket_connect(path) as ws:
                ws.send_json({"event": "a"})
                assert ws.receive_json()["data"] == expected
