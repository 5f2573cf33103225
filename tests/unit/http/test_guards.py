from typing import Annotated, Any

import pytest
from fastapi import Request
from fastapi.security import APIKeyHeader, HTTPBearer

from nest.core import BaseGuard, Controller, Get, Injectable, Module, PyNestFactory, UseGuards
from nest.di import Inject, UnknownDependencyError
from nest.http import UnauthorizedException
from nest.testing import create_test_client

BUILT: list[str] = []


class HeaderGuard(BaseGuard):
    def __init__(self) -> None:
        BUILT.append("HeaderGuard")

    def can_activate(self, request: Request, credentials: Any = None) -> bool:
        return request.headers.get("x-allow") == "yes"


class ApiKeyGuard(BaseGuard):
    security_scheme = APIKeyHeader(name="X-API-Key", auto_error=False)

    async def can_activate(self, request: Request, credentials: Any = None) -> bool:
        if credentials is None:
            raise UnauthorizedException("API key required")
        return credentials == "secret"


@Injectable
class TokenGuard(BaseGuard):
    """A guard that is a provider: its constructor is injected."""

    security_scheme = HTTPBearer(auto_error=False)
    denied_detail = "Bad token"

    def __init__(self, token: Annotated[str, Inject("TOKEN")]) -> None:
        self.token = token

    def can_activate(self, request: Request, credentials: Any = None) -> bool:
        return credentials is not None and credentials.credentials == self.token


@Controller("admin")
@UseGuards(HeaderGuard)
class AdminController:
    @Get("/")
    def index(self) -> str:
        return "admin"

    @Get("/keys")
    @UseGuards(ApiKeyGuard)
    def keys(self) -> str:
        return "keys"


@Controller("public")
class PublicController:
    @Get("/")
    def index(self) -> str:
        return "public"

    @UseGuards(TokenGuard)
    @Get("/token")
    def token(self) -> str:
        return "token"


@Module(
    controllers=[AdminController, PublicController],
    providers=[TokenGuard, {"provide": "TOKEN", "use_value": "t0k"}],
)
class AppModule:
    pass


@pytest.fixture
async def client() -> Any:
    BUILT.clear()
    async with create_test_client(PyNestFactory.create(AppModule)) as c:
        yield c


async def test_controller_guard_protects_every_route(client: Any) -> None:
    assert (await client.get("/admin")).status_code == 403
    assert (await client.get("/admin")).json() == {"detail": "Access denied"}
    assert (await client.get("/admin", headers={"x-allow": "yes"})).json() == "admin"
    assert (await client.get("/public")).json() == "public"
    assert BUILT == ["HeaderGuard"]  # one instance, not one per request


async def test_route_guards_run_after_controller_guards_with_security_schemes(client: Any) -> None:
    allowed = {"x-allow": "yes"}
    assert (await client.get("/admin/keys")).status_code == 403  # the controller guard first
    missing = await client.get("/admin/keys", headers=allowed)
    assert (missing.status_code, missing.json()) == (401, {"detail": "API key required"})
    assert (
        await client.get("/admin/keys", headers={**allowed, "x-api-key": "nope"})
    ).status_code == 403
    assert (
        await client.get("/admin/keys", headers={**allowed, "x-api-key": "secret"})
    ).json() == "keys"


async def test_guard_provided_by_the_module_is_injected(client: Any) -> None:
    denied = await client.get("/public/token", headers={"authorization": "Bearer wrong"})
    assert (denied.status_code, denied.json()) == (403, {"detail": "Bad token"})
    assert (
        await client.get("/public/token", headers={"authorization": "Bearer t0k"})
    ).json() == "token"
    schema = (await client.get("/openapi.json")).json()
    assert "HTTPBearer" in schema["components"]["securitySchemes"]
    assert "APIKeyHeader" in schema["components"]["securitySchemes"]


def test_a_guard_is_built_by_the_container_and_its_dependencies_are_validated() -> None:
    class NeedsConfig(BaseGuard):
        def __init__(self, config: dict[str, str]) -> None:
            self.config = config

    @Controller("x")
    @UseGuards(NeedsConfig)
    class Guarded:
        @Get("/")
        def index(self) -> str:
            return "x"

    @Module(controllers=[Guarded])
    class M:
        pass

    # The guard becomes a private provider of M, so start-up validation names its parameter.
    with pytest.raises(UnknownDependencyError, match=r"NeedsConfig in module M") as info:
        PyNestFactory.create(M)
    assert "config: dict[str, str]" in str(info.value)


def test_use_guards_rejects_non_guards() -> None:
    with pytest.raises(TypeError, match="can_activate"):
        UseGuards(object())  # type: ignore[arg-type]


async def test_a_pynest_guard_instance_can_be_global() -> None:
    @Controller("open")
    class Open:
        @Get("/")
        def index(self) -> str:
            return "ok"

    @Module(controllers=[Open])
    class M:
        pass

    app = PyNestFactory.create(M).use_global_guards(HeaderGuard())
    async with create_test_client(app) as client:
        assert (await client.get("/open")).status_code == 403
        assert (await client.get("/open", headers={"x-allow": "yes"})).status_code == 200


async def test_a_pynest_guard_registered_as_app_guard_protects_every_route() -> None:
    from nest.core import APP_GUARD

    @Controller("open")
    class Open:
        @Get("/")
        def index(self) -> str:
            return "ok"

    @Module(controllers=[Open], providers=[{"provide": APP_GUARD, "use_class": HeaderGuard}])
    class M:
        pass

    async with create_test_client(PyNestFactory.create(M)) as client:
        assert (await client.get("/open")).status_code == 403
        assert (await client.get("/open", headers={"x-allow": "yes"})).status_code == 200
