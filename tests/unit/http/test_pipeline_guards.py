"""Guards of the pipeline form: can_activate(context), metadata through Reflector, global guards."""

from typing import Any

import pytest
from pydantic import BaseModel

from nest.core import (
    APP_GUARD,
    Controller,
    ExecutionContext,
    Get,
    Injectable,
    Module,
    Post,
    PyNestFactory,
    Reflector,
    SetMetadata,
    UseGuards,
)
from nest.http import UnauthorizedException
from nest.pipeline import CanActivate
from nest.pipeline.resolution import EnhancerResolutionError
from nest.testing import create_test_client


def Roles(*roles: str) -> Any:
    return SetMetadata("roles", list(roles))


@Injectable
class UserDirectory:
    USERS = {"ada": ["admin"], "bob": ["reader"]}

    def roles_of(self, name: str) -> list[str]:
        return self.USERS.get(name, [])


class RolesGuard(CanActivate):
    """Needs the Reflector and a service: built by the container, not listed as a provider."""

    def __init__(self, reflector: Reflector, users: UserDirectory) -> None:
        self.reflector = reflector
        self.users = users

    def can_activate(self, context: ExecutionContext) -> bool:
        required = self.reflector.get_all_and_override(
            "roles", [context.get_handler(), context.get_class()]
        )
        if not required:
            return True
        request = context.switch_to_http().get_request()
        user = request.headers.get("x-user")
        if user is None:
            raise UnauthorizedException("Log in first")
        return any(role in self.users.roles_of(user) for role in required)


class Book(BaseModel):
    title: str


@Controller("books")
@UseGuards(RolesGuard)
@Roles("reader", "admin")
class BookController:
    @Get("/")
    def list_books(self) -> list[str]:
        return ["Dune"]

    @Post("/")
    @Roles("admin")
    def add(self, book: Book) -> Book:
        return book


@Module(controllers=[BookController], providers=[UserDirectory])
class BooksModule:
    pass


async def test_roles_metadata_read_through_reflector_decides_access() -> None:
    app = PyNestFactory.create(BooksModule)
    async with create_test_client(app) as client:
        assert (await client.get("/books", headers={"x-user": "bob"})).status_code == 200
        denied = await client.post("/books", json={"title": "X"}, headers={"x-user": "bob"})
        assert denied.status_code == 403
        assert denied.json() == {"detail": "Forbidden resource"}
        allowed = await client.post("/books", json={"title": "X"}, headers={"x-user": "ada"})
        assert allowed.status_code == 201
        assert allowed.json() == {"title": "X"}


async def test_a_guard_may_raise_its_own_exception() -> None:
    app = PyNestFactory.create(BooksModule)
    async with create_test_client(app) as client:
        response = await client.get("/books")
        assert response.status_code == 401
        assert response.json() == {"detail": "Log in first"}


async def test_guards_run_before_the_request_is_validated() -> None:
    app = PyNestFactory.create(BooksModule)
    async with create_test_client(app) as client:
        # An invalid body from a caller who may not post: 403, not a 422 describing the body.
        response = await client.post("/books", json={"wrong": 1}, headers={"x-user": "bob"})
        assert response.status_code == 403
        response = await client.post("/books", json={"wrong": 1}, headers={"x-user": "ada"})
        assert response.status_code == 422


class AsyncHeaderGuard:
    async def can_activate(self, context: ExecutionContext) -> bool:
        request = context.switch_to_http().get_request()
        return bool(request.headers.get("x-ok") == "1")


@Controller("open")
class OpenController:
    @Get("/")
    def index(self) -> str:
        return "open"


@Module(controllers=[OpenController])
class OpenModule:
    pass


async def test_global_guards_with_use_global_guards_apply_to_every_route() -> None:
    app = PyNestFactory.create(OpenModule)
    app.use_global_guards(AsyncHeaderGuard())
    async with create_test_client(app) as client:
        assert (await client.get("/open")).status_code == 403
        assert (await client.get("/open", headers={"x-ok": "1"})).text == '"open"'


@Injectable
class Switch:
    on = False


class SwitchGuard:
    def __init__(self, switch: Switch) -> None:
        self.switch = switch

    def can_activate(self, context: ExecutionContext) -> bool:
        return self.switch.on


@Module(
    controllers=[OpenController],
    providers=[Switch, {"provide": APP_GUARD, "use_class": SwitchGuard}],
)
class GuardedByProviderModule:
    pass


async def test_an_app_guard_provider_is_global_and_injected() -> None:
    app = PyNestFactory.create(GuardedByProviderModule)
    async with create_test_client(app) as client:
        assert (await client.get("/open")).status_code == 403
        app.get(Switch).on = True
        assert (await client.get("/open")).status_code == 200


def test_a_guard_dependency_that_cannot_be_resolved_fails_at_start_up() -> None:
    @Controller("x")
    @UseGuards(RolesGuard)
    class Guarded:
        @Get("/")
        def index(self) -> str:
            return "x"

    @Module(controllers=[Guarded])  # no UserDirectory here
    class Broken:
        pass

    with pytest.raises(Exception, match="RolesGuard in module Broken") as info:
        PyNestFactory.create(Broken)
    assert "users: UserDirectory" in str(info.value)


def test_a_guard_provided_by_a_module_that_does_not_export_it_is_reported() -> None:
    @Injectable
    class Hidden:
        def can_activate(self, context: ExecutionContext) -> bool:
            return True

    @Module(providers=[Hidden])
    class Owner:
        pass

    @Controller("x")
    @UseGuards(Hidden)
    class Guarded:
        @Get("/")
        def index(self) -> str:
            return "x"

    @Module(imports=[Owner], controllers=[Guarded])
    class User:
        pass

    with pytest.raises(EnhancerResolutionError, match=r"Guard Hidden of Guarded\.index") as info:
        PyNestFactory.create(User)
    assert "Export it from Owner" in str(info.value)


async def test_a_global_guard_class_gets_its_dependencies_from_the_root_module() -> None:
    app = PyNestFactory.create(GuardedByProviderModule).use_global_guards(SwitchGuard)
    async with create_test_client(app) as client:
        assert (await client.get("/open")).status_code == 403
        app.get(Switch).on = True
        assert (await client.get("/open")).status_code == 200
