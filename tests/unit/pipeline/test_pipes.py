"""Built-in pipes: conversions and the messages of their failures."""

import enum
import uuid
from typing import Any

import pytest
from pydantic import BaseModel

from nest.http import BadRequestException, HttpException
from nest.pipeline import (
    ArgumentMetadata,
    DefaultValuePipe,
    ParseBoolPipe,
    ParseEnumPipe,
    ParseFloatPipe,
    ParseIntPipe,
    ParseUUIDPipe,
    ValidationPipe,
)
from nest.pipeline.pipes import apply_pipes, describe_argument, pipe_call

ID = ArgumentMetadata("param", int, "id", "id")
LIMIT = ArgumentMetadata("query", None, "limit", "limit")


class Size(enum.IntEnum):
    S = 1
    L = 3


def test_parse_int() -> None:
    assert ParseIntPipe().transform("42", ID) == 42
    assert ParseIntPipe().transform("-7", ID) == -7
    assert ParseIntPipe(optional=True).transform(None, ID) is None
    for bad in ("4.2", "x", "", True, None):
        with pytest.raises(BadRequestException) as info:
            ParseIntPipe().transform(bad, ID)
        assert info.value.status_code == 400
        assert info.value.detail == (
            "Validation failed for path parameter 'id': an integer (numeric string) is expected"
        )


def test_parse_float_bool_uuid_enum() -> None:
    assert ParseFloatPipe().transform("2.5", LIMIT) == 2.5
    with pytest.raises(BadRequestException, match="query parameter 'limit': a number"):
        ParseFloatPipe().transform("nan", LIMIT)
    assert ParseBoolPipe().transform("TRUE", LIMIT) is True
    assert ParseBoolPipe().transform("0", LIMIT) is False
    with pytest.raises(BadRequestException, match="a boolean"):
        ParseBoolPipe().transform("yes please", LIMIT)
    key = uuid.uuid4()
    assert ParseUUIDPipe(version=4).transform(str(key), ID) == key
    with pytest.raises(BadRequestException, match=r"a UUID \(version 4\)"):
        ParseUUIDPipe(version=4).transform(str(uuid.uuid1()), ID)
    assert ParseEnumPipe(Size).transform("3", LIMIT) is Size.L
    assert ParseEnumPipe(Size).transform("S", LIMIT) is Size.S
    with pytest.raises(BadRequestException, match="one of 1, 3 is expected"):
        ParseEnumPipe(Size).transform("2", LIMIT)
    with pytest.raises(TypeError, match="Enum class"):
        ParseEnumPipe(int)  # type: ignore[arg-type]


def test_error_status_can_be_changed() -> None:
    with pytest.raises(HttpException) as info:
        ParseIntPipe(error_status=422).transform("x", ID)
    assert info.value.status_code == 422


def test_default_value_pipe() -> None:
    assert DefaultValuePipe(10).transform(None, LIMIT) == 10
    assert DefaultValuePipe(10).transform(float("nan"), LIMIT) == 10
    assert DefaultValuePipe(10).transform("3", LIMIT) == "3"


class Item(BaseModel):
    name: str
    qty: int


def test_validation_pipe_uses_the_declared_type() -> None:
    meta = ArgumentMetadata("body", Item, None, "item")
    assert ValidationPipe().transform({"name": "a", "qty": "2"}, meta) == Item(name="a", qty=2)
    with pytest.raises(BadRequestException) as info:
        ValidationPipe(strict=True).transform({"name": "a", "qty": "2"}, meta)
    assert info.value.detail[0]["loc"] == ["body", "item", "qty"]
    untyped = ArgumentMetadata("query", None, "q", "q")
    assert ValidationPipe().transform("anything", untyped) == "anything"


def test_describe_argument() -> None:
    assert describe_argument(ID) == "path parameter 'id'"
    assert describe_argument(ArgumentMetadata("body", None, None, None)) == "body"
    assert describe_argument(ArgumentMetadata("body", None, "title", "t")) == "body field 'title'"
    assert describe_argument(ArgumentMetadata("headers", None, "x-key", "key")) == "header 'x-key'"


async def test_pipe_call_accepts_nest_pynest_and_function_pipes() -> None:
    class TwoArgs:
        def transform(self, value: Any, metadata: ArgumentMetadata) -> Any:
            return f"{value}:{metadata.data}"

    class OneArg:
        def transform(self, value: Any) -> Any:
            return value * 2

    async def async_function(value: Any) -> Any:
        return value + 1

    pipes = [pipe_call(TwoArgs), pipe_call(OneArg()), pipe_call(str.upper)]
    assert await apply_pipes(pipes, "a", ID) == "A:IDA:ID"
    assert await apply_pipes([pipe_call(async_function)], 1, ID) == 2
    with pytest.raises(TypeError, match="transform"):
        pipe_call(42)
