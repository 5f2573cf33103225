"""The decorators record metadata and change nothing else."""

import pytest

from nest.websockets import GatewayMetadata, SubscribeMessage, WebSocketGateway
from nest.websockets.decorators import gateway_path, get_gateway_metadata, get_message_events


def test_gateway_metadata_and_path() -> None:
    @WebSocketGateway(namespace="/ws")
    class A:
        pass

    @WebSocketGateway("socket/", namespace="chat")
    class B:
        pass

    @WebSocketGateway
    class C:
        pass

    assert get_gateway_metadata(A) == GatewayMetadata(path="", namespace="/ws")
    assert [gateway_path(get_gateway_metadata(c)) for c in (A, B, C)] == [  # type: ignore[arg-type]
        "/ws",
        "/socket/chat",
        "/",
    ]
    assert vars(A).keys() - vars(type("Plain", (), {})).keys() == {"__nest_gateway__"}


def test_gateway_metadata_is_not_inherited() -> None:
    @WebSocketGateway("/a")
    class Base:
        pass

    class Child(Base):
        pass

    assert get_gateway_metadata(Child) is None
    assert get_gateway_metadata("not a class") is None


def test_subscribe_message_records_events_and_returns_the_function() -> None:
    def handler(self: object) -> None: ...

    decorated = SubscribeMessage("b")(SubscribeMessage("a")(handler))
    assert decorated is handler
    assert get_message_events(handler) == ("a", "b")
    assert get_message_events(lambda: None) == ()


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: WebSocketGateway(5), TypeError, "takes a string"),  # type: ignore[call-overload]
        (lambda: WebSocketGateway(namespace=5), TypeError, "namespace"),  # type: ignore[arg-type]
        (lambda: WebSocketGateway("/x")(len), TypeError, "decorates classes"),  # type: ignore[type-var]
        (lambda: SubscribeMessage(""), TypeError, "non-empty string"),
        (lambda: SubscribeMessage("error"), ValueError, "reserved for error frames"),
        (lambda: SubscribeMessage("a")(5), TypeError, "decorates methods"),  # type: ignore[type-var]
    ],
)
def test_misuse_fails_at_decoration(call: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call()  # type: ignore[operator]
