"""Guards, interceptors, pipes and exception filters on gateways, per handler, gateway and globally."""

from typing import Any

import pytest
from fastapi import Request
from starlette.websockets import WebSocketDisconnect

from nest.di import Injectable, Module, Reflector, SetMetadata
from nest.http import BaseGuard, Controller, Get, PyNestFactory, UnauthorizedException
from nest.pipeline import (
    APP_GUARD,
    APP_INTERCEPTOR,
    ArgumentMetadata,
    CallHandler,
    CanActivate,
    Catch,
    ExceptionFilter,
    ExecutionContext,
    NestInterceptor,
    ParseIntPipe,
    PipeTransform,
    UseFilters,
    UseGuards,
    UseInterceptors,
    UsePipes,
)
from nest.websockets import (
    POLICY_VIOLATION,
    ConnectedSocket,
    MessageBody,
    SubscribeMessage,
    WebSocketGateway,
    WsClient,
    WsResponse,
)
from nest.websockets.gateway import GatewayRuntime
from tests.unit.websockets.conftest import TestClient, serve

LOG: list[str] = []


def Roles(*roles: str) -> Any:
    return SetMetadata("roles", list(roles))


@Injectable
class TokenStore:
    TOKENS = {"alice-token": "alice", "bob-token": "bob"}

    def user_of(self, token: str | None) -> str | None:
        return self.TOKENS.get(token or "")


class WsAuthGuard(CanActivate):
    """A gateway guard built by the container; it runs at connection time and per message."""

    def __init__(self, store: TokenStore) -> None:
        self.store = store

    def can_activate(self, context: ExecutionContext) -> bool:
        ws = context.switch_to_ws()
        client = ws.get_client()
        LOG.append(f"auth {ws.get_pattern()} {context.get_handler().__name__}")
        if "user" not in client.data:
            user = self.store.user_of(client.websocket.query_params.get("token"))
            if user is None:
                return False
            client.data["user"] = user
        return True


class RolesGuard(CanActivate):
    def __init__(self, reflector: Reflector) -> None:
        self.reflector = reflector

    async def can_activate(self, context: ExecutionContext) -> bool:
        roles = self.reflector.get_all_and_override(
            "roles", [context.get_handler(), context.get_class()]
        )
        LOG.append(f"roles {roles}")
        return not roles or context.switch_to_ws().get_client().data["user"] in roles


class RaisingGuard(CanActivate):
    def can_activate(self, context: ExecutionContext) -> bool:
        raise UnauthorizedException("Token expired")


@WebSocketGateway("/secure")
@UseGuards(WsAuthGuard)
class SecureGateway:
    def on_connection(self, client: WsClient) -> None:
        LOG.append(f"connected {client.data['user']}")

    def on_disconnect(self, client: WsClient) -> None:
        LOG.append(f"disconnected {client.data.get('user')}")

    @SubscribeMessage("hello")
    def hello(self, client: WsClient = ConnectedSocket()) -> str:
        return f"hello {client.data['user']}"

    @SubscribeMessage("admin")
    @UseGuards(RolesGuard)
    @Roles("alice")
    def admin(self) -> str:
        return "the secret"

    @SubscribeMessage("expired")
    @UseGuards(RaisingGuard)
    def expired(self) -> str:
        return "never"


@Module(providers=[SecureGateway, TokenStore])
class SecureModule:
    pass


@pytest.fixture(autouse=True)
def _clear() -> None:
    LOG.clear()


def test_a_gateway_guard_refuses_a_connection_with_1008_before_on_connection() -> None:
    with serve(SecureModule) as client, client.websocket_connect("/secure") as ws:
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert (closed.value.code, closed.value.reason) == (POLICY_VIOLATION, "Forbidden resource")
    assert LOG == ["auth None on_connection"]  # neither on_connection nor on_disconnect ran


def test_allowed_connections_run_guards_again_per_message() -> None:
    with (
        serve(SecureModule) as client,
        client.websocket_connect("/secure?token=alice-token") as ws,
    ):
        ws.send_json({"event": "hello"})
        assert ws.receive_json() == {"event": "hello", "data": "hello alice"}
        ws.send_json({"event": "admin", "id": 1})
        assert ws.receive_json() == {"event": "admin", "data": "the secret", "id": 1}
    assert LOG == [
        "auth None on_connection",
        "connected alice",
        "auth hello hello",
        "auth admin admin",
        "roles ['alice']",
        "disconnected alice",
    ]


def test_a_handler_guard_refusal_closes_with_1008() -> None:
    with (
        serve(SecureModule) as client,
        client.websocket_connect("/secure?token=bob-token") as ws,
    ):
        ws.send_json({"event": "hello"})
        assert ws.receive_json()["data"] == "hello bob"
        ws.send_json({"event": "admin"})
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == POLICY_VIOLATION
    assert LOG[-1] == "disconnected bob"


def test_a_guard_raising_an_http_exception_sends_an_error_event() -> None:
    with (
        serve(SecureModule) as client,
        client.websocket_connect("/secure?token=bob-token") as ws,
    ):
        ws.send_json({"event": "expired", "id": "e"})
        assert ws.receive_json() == {
            "event": "error",
            "data": {"status": 401, "message": "Token expired", "event": "expired"},
            "id": "e",
        }
        ws.send_json({"event": "hello"})
        assert ws.receive_json()["data"] == "hello bob"


# -- interceptors and pipes ----------------------------------------------------------------


class Wrap(NestInterceptor):
    async def intercept(self, context: ExecutionContext, call_next: CallHandler) -> Any:
        LOG.append(f"interceptor before {context.get_type()}")
        result = await call_next()
        LOG.append("interceptor after")
        return {"wrapped": result}


class Strip(PipeTransform):
    def transform(self, value: Any, metadata: ArgumentMetadata) -> Any:
        LOG.append(f"pipe {metadata.type} {metadata.data} {metadata.name}")
        return value.strip() if isinstance(value, str) else value


class AllowAll(CanActivate):
    def can_activate(self, context: ExecutionContext) -> bool:
        LOG.append("guard")
        return True


class Lowercase:
    """PyNest's pipe form: transform(value), no metadata."""

    def transform(self, value: Any) -> Any:
        return [str(v).lower() for v in value]


@WebSocketGateway("/pipes")
@UsePipes(Strip)
class PipesGateway:
    @SubscribeMessage("shout")
    @UseGuards(AllowAll)
    @UseInterceptors(Wrap)
    def shout(self, text: str = MessageBody("text")) -> str:
        LOG.append("handler")
        return text.upper()

    @SubscribeMessage("next")
    async def next(self, n: int = MessageBody("n", ParseIntPipe)) -> int:
        return n + 1

    @SubscribeMessage("whole")
    async def whole(self, data: Any = MessageBody(ParseIntPipe)) -> int:
        return int(data) * 2

    @SubscribeMessage("tags")
    def tags(self, tags: Any = MessageBody("tags", Lowercase, sorted)) -> Any:
        return tags


@Module(providers=[PipesGateway])
class PipesModule:
    pass


def test_guards_interceptors_pipes_and_handler_run_in_order() -> None:
    with serve(PipesModule) as client, client.websocket_connect("/pipes") as ws:
        ws.send_json({"event": "shout", "data": {"text": "  hi  "}})
        assert ws.receive_json() == {"event": "shout", "data": {"wrapped": "HI"}}
    assert LOG == [
        "guard",
        "interceptor before ws",
        "pipe body text text",
        "handler",
        "interceptor after",
    ]


def test_pynest_pipes_and_plain_functions_work_as_parameter_pipes() -> None:
    with serve(PipesModule) as client, client.websocket_connect("/pipes") as ws:
        ws.send_json({"event": "tags", "data": {"tags": ["B", "a", "C"]}})
        assert ws.receive_json() == {"event": "tags", "data": ["a", "b", "c"]}


def test_a_parameter_pipe_failure_is_an_error_event_naming_the_key() -> None:
    with serve(PipesModule) as client, client.websocket_connect("/pipes") as ws:
        ws.send_json({"event": "next", "data": {"n": " 41 "}})
        assert ws.receive_json() == {"event": "next", "data": 42}
        ws.send_json({"event": "next", "data": {"n": "many"}, "id": 2})
        assert ws.receive_json() == {
            "event": "error",
            "data": {
                "status": 400,
                "message": "Validation failed for body field 'n': an integer (numeric string) is expected",
                "event": "next",
            },
            "id": 2,
        }
        ws.send_json({"event": "whole", "data": "21"})
        assert ws.receive_json()["data"] == 42
        ws.send_json({"event": "whole", "data": "x"})
        assert "body ('data')" in ws.receive_json()["data"]["message"]


# -- exception filters ---------------------------------------------------------------------


@Catch(KeyError)
class KeyErrorFilter(ExceptionFilter):
    def catch(self, exception: Exception, host: ExecutionContext) -> Any:
        ws = host.switch_to_ws()
        return {
            "status": 422,
            "message": f"unknown key {exception.args[0]}",
            "event": ws.get_pattern(),
        }


@Catch(LookupError)
class LookupFilter(ExceptionFilter):
    async def catch(self, exception: Exception, host: ExecutionContext) -> Any:
        client: WsClient = host.switch_to_ws().get_client()
        return WsResponse("lookup-failed", {"client": client.id == host.get_args()[0].id})


@Catch()
class Observer(ExceptionFilter):
    def catch(self, exception: Exception, host: ExecutionContext) -> Any:
        LOG.append(f"saw {type(exception).__name__}")
        return None  # the default error event follows


@WebSocketGateway("/filters")
@UseFilters(LookupFilter)
class FiltersGateway:
    @SubscribeMessage("key")
    @UseFilters(KeyErrorFilter)
    def key(self, data: dict[str, Any] = MessageBody()) -> Any:
        return data["missing"]

    @SubscribeMessage("index")
    def index(self) -> Any:
        return [][1]

    @SubscribeMessage("zero")
    @UseFilters(Observer)
    def zero(self) -> float:
        return 1 / 0


@Module(providers=[FiltersGateway])
class FiltersModule:
    pass


def test_filters_turn_exceptions_into_custom_error_events() -> None:
    with serve(FiltersModule) as client, client.websocket_connect("/filters") as ws:
        ws.send_json({"event": "key", "data": {}, "id": 1})
        assert ws.receive_json() == {
            "event": "error",
            "data": {"status": 422, "message": "unknown key missing", "event": "key"},
            "id": 1,
        }
        ws.send_json({"event": "index", "id": 2})
        assert ws.receive_json() == {"event": "lookup-failed", "data": {"client": True}, "id": 2}
        ws.send_json({"event": "zero"})
        assert ws.receive_json()["data"] == {
            "status": 500,
            "message": "Internal Server Error",
            "event": "zero",
        }
    assert LOG == ["saw ZeroDivisionError"]


# -- global enhancers ----------------------------------------------------------------------


@Injectable
class Switch:
    open = True


class SwitchGuard(CanActivate):
    """A global guard (APP_GUARD) that tells HTTP from WebSocket."""

    def __init__(self, switch: Switch) -> None:
        self.switch = switch

    def can_activate(self, context: ExecutionContext) -> bool:
        LOG.append(f"switch {context.get_type()}")
        return self.switch.open


class Stamp(NestInterceptor):
    async def intercept(self, context: ExecutionContext, call_next: CallHandler) -> Any:
        return {"stamped": await call_next()}


class HeaderOnly(BaseGuard):
    """PyNest's HTTP guard form: applies to HTTP routes only."""

    def can_activate(self, request: Request, credentials: Any = None) -> bool:
        return request.headers.get("x-ok") == "1"


@WebSocketGateway("/open")
class OpenGateway:
    @SubscribeMessage("hi")
    def hi(self) -> str:
        return "hi"


@Controller("http")
class HttpController:
    @Get("/")
    def index(self) -> Any:
        return "http"


@Module(
    controllers=[HttpController],
    providers=[
        OpenGateway,
        Switch,
        {"provide": APP_GUARD, "use_class": SwitchGuard},
        {"provide": APP_INTERCEPTOR, "use_class": Stamp},
    ],
)
class GlobalModule:
    pass


def test_global_enhancers_apply_to_gateways_too() -> None:
    app = PyNestFactory.create(GlobalModule)
    app.use_global_guards(AllowAll(), HeaderOnly)
    with TestClient(app.get_server()) as client:
        with client.websocket_connect("/open") as ws:
            ws.send_json({"event": "hi"})
            assert ws.receive_json() == {"event": "hi", "data": {"stamped": "hi"}}
        assert client.get("/http").status_code == 403  # HeaderOnly guards HTTP routes
        assert client.get("/http", headers={"x-ok": "1"}).json() == {"stamped": "http"}
        assert LOG[:4] == ["switch ws", "guard", "switch ws", "guard"]  # connection, message
        app.get(Switch).open = False
        with client.websocket_connect("/open") as ws:
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_json()
            assert closed.value.code == POLICY_VIOLATION


# -- cost ----------------------------------------------------------------------------------


def _runtime(app: Any, gateway: str) -> GatewayRuntime:
    (route,) = [r for r in app.get_server().router.routes if r.name == f"gateway:{gateway}"]
    runtime: GatewayRuntime = route.endpoint.__self__
    return runtime


def test_handlers_without_guards_interceptors_or_filters_run_no_pipeline() -> None:
    app = PyNestFactory.create(PipesModule)
    with TestClient(app.get_server()):
        handlers = _runtime(app, "PipesGateway").handlers
        assert not handlers["shout"].plain and handlers["shout"].guards
        assert handlers["next"].plain  # pipes only: no execution context is made
    open_app = PyNestFactory.create(OpenModule)
    with TestClient(open_app.get_server()) as client, client.websocket_connect("/open") as ws:
        ws.send_json({"event": "hi"})
        assert ws.receive_json()["data"] == "hi"
        hi = _runtime(open_app, "OpenGateway").handlers["hi"]
        assert hi.plain and hi.arguments == ()


@Module(providers=[OpenGateway])
class OpenModule:
    pass
