"""MessageBody and ConnectedSocket, and reading a handler's parameters."""

from typing import Annotated, Any

import pytest

from nest.pipeline import ParseIntPipe
from nest.websockets import ConnectedSocket, MessageBody, WsClient
from nest.websockets.params import MISSING, WsArgumentSpec, plan_parameters


def test_message_body_forms() -> None:
    whole = MessageBody()
    keyed = MessageBody("n", ParseIntPipe, default=1)
    piped = MessageBody(ParseIntPipe)
    assert (whole.source, whole.key, whole.pipes, whole.default) == ("body", None, (), MISSING)
    assert keyed.key == "n" and keyed.default == 1
    assert isinstance(keyed.pipes[0], ParseIntPipe)  # classes are instantiated
    assert piped.key is None and isinstance(piped.pipes[0], ParseIntPipe)
    assert isinstance(ConnectedSocket(), WsArgumentSpec) and ConnectedSocket().source == "socket"


def test_message_body_rejects_what_is_not_a_pipe() -> None:
    with pytest.raises(TypeError, match="takes pipes"):
        MessageBody("n", object())
    assert MessageBody("n", str.strip).pipes == (str.strip,)  # a function of the value


def test_plan_parameters_reads_defaults_and_annotated_forms() -> None:
    def handler(
        self: Any,
        a: int = MessageBody("a"),
        b: Annotated[list[int], MessageBody()] = [],  # noqa: B006
        c: Annotated[WsClient, ConnectedSocket()] = None,  # type: ignore[assignment]
        d: Any = MessageBody(),
        e=MessageBody(),
        f: str = "left alone",
        *args: Any,
        **kwargs: Any,
    ) -> None: ...

    params, problems = plan_parameters(handler)
    assert problems == []
    assert [(p.name, p.spec.source, p.metatype) for p in params] == [
        ("a", "body", int),
        ("b", "body", list[int]),
        ("c", "socket", None),
        ("d", "body", None),
        ("e", "body", None),
    ]


def test_plan_parameters_survives_annotations_that_do_not_evaluate() -> None:
    def handler(self: Any, a: "Undefined" = MessageBody()) -> None: ...  # type: ignore[name-defined]  # noqa: F821

    params, problems = plan_parameters(handler)
    assert problems == [] and params[0].metatype is None
