"""Gateways declared wrongly fail at create(), with the other start-up errors, saying how to fix them."""

from typing import Any

import pytest
from fastapi import Request

from nest.di import Injectable, Module, Scope, StartupValidationError, UnknownDependencyError
from nest.http import BaseGuard, PyNestFactory
from nest.pipeline import CanActivate, ExecutionContext, UseGuards
from nest.websockets import (
    GatewayDefinitionError,
    MessageBody,
    SubscribeMessage,
    WebSocketGateway,
)
from nest.websockets.planning import message_methods


@WebSocketGateway("/ws")
class Fine:
    @SubscribeMessage("a")
    def a(self) -> None: ...


def _create(**module: Any) -> None:
    @Module(**module)
    class AppModule:
        pass

    PyNestFactory.create(AppModule)


def test_a_gateway_listed_as_a_controller() -> None:
    with pytest.raises(GatewayDefinitionError, match="list it in providers"):
        _create(controllers=[Fine])


def test_two_handlers_for_one_event() -> None:
    @WebSocketGateway
    class Twice:
        @SubscribeMessage("a")
        def first(self) -> None: ...

        @SubscribeMessage("a")
        def second(self) -> None: ...

    with pytest.raises(
        GatewayDefinitionError, match=r"event 'a' with both first\(\) and second\(\)"
    ):
        _create(providers=[Twice])


def test_an_unmarked_parameter_without_default() -> None:
    @WebSocketGateway
    class Unmarked:
        @SubscribeMessage("a")
        def a(self, text: str, limit: int = 3) -> None: ...

    with pytest.raises(GatewayDefinitionError) as caught:
        _create(providers=[Unmarked])
    message = str(caught.value)
    assert "Unmarked.a (module AppModule): parameter 'text'" in message
    assert "MessageBody('text')" in message and "limit" not in message


def test_a_positional_only_parameter() -> None:
    @WebSocketGateway
    class Positional:
        @SubscribeMessage("a")
        def a(self, text: str = MessageBody(), /) -> None: ...

    with pytest.raises(GatewayDefinitionError, match="positional-only"):
        _create(providers=[Positional])


def test_a_request_scoped_gateway() -> None:
    @WebSocketGateway
    @Injectable(scope=Scope.REQUEST)
    class PerRequest:
        pass

    with pytest.raises(GatewayDefinitionError, match=r"request-scoped.*gateways are singletons"):
        _create(providers=[PerRequest])


def test_two_gateways_on_one_path() -> None:
    @WebSocketGateway(namespace="ws")
    class Other:
        pass

    with pytest.raises(GatewayDefinitionError, match="both served at '/ws'"):
        _create(providers=[Fine, Other])


class HttpGuard(BaseGuard):
    def can_activate(self, request: Request, credentials: Any = None) -> bool:
        return True


def test_a_pynest_http_guard_on_a_gateway() -> None:
    @WebSocketGateway
    class Guarded:
        @SubscribeMessage("a")
        @UseGuards(HttpGuard)
        def a(self) -> None: ...

    with pytest.raises(GatewayDefinitionError, match=r"HttpGuard.*can_activate\(context\)"):
        _create(providers=[Guarded])


class NeedsMissing(CanActivate):
    def __init__(self, missing: "Missing") -> None:
        self.missing = missing

    def can_activate(self, context: ExecutionContext) -> bool:
        return True


class Missing:
    pass


def test_a_guard_class_is_validated_like_any_provider() -> None:
    @WebSocketGateway
    @UseGuards(NeedsMissing)
    class Guarded:
        pass

    with pytest.raises(UnknownDependencyError, match="NeedsMissing"):
        _create(providers=[Guarded])


def test_every_problem_is_reported_at_once() -> None:
    @WebSocketGateway
    class Broken:
        @SubscribeMessage("a")
        def a(self, text: str) -> None: ...

    class Service:
        def __init__(self, missing: Missing) -> None: ...

    with pytest.raises(StartupValidationError) as caught:
        _create(providers=[Broken, Service], controllers=[Fine])
    kinds = sorted(type(e).__name__ for e in caught.value.errors)
    assert kinds == ["GatewayDefinitionError", "GatewayDefinitionError", "UnknownDependencyError"]


def test_overridden_handlers_replace_the_base_class_ones() -> None:
    class Base:
        @SubscribeMessage("a")
        def a(self) -> str:
            return "base"

        @SubscribeMessage("b")
        def b(self) -> str:
            return "base"

    class Child(Base):
        def a(self) -> str:  # no longer a handler
            return "child"

        @SubscribeMessage("c")
        def b(self) -> str:
            return "child"

    assert [name for name, _ in message_methods(Child)] == ["b"]
    assert [name for name, _ in message_methods(Base)] == ["a", "b"]
