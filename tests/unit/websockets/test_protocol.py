"""Frames in and out."""

import datetime
import uuid
from dataclasses import dataclass

import pytest
from pydantic import BaseModel

from nest.websockets.protocol import NO_ID, Frame, FrameError, encode, error_data, parse_frame


def test_parse_frame() -> None:
    assert parse_frame('{"event": "a"}') == Frame("a", None, NO_ID)
    assert parse_frame('{"event": "a", "data": {"x": 1}, "id": 3}') == Frame("a", {"x": 1}, 3)
    assert parse_frame('{"event": "a", "id": "x", "extra": 1}').id == "x"


def test_a_frame_error_keeps_the_id_when_it_was_readable() -> None:
    with pytest.raises(FrameError) as caught:
        parse_frame('{"id": 5}')
    assert caught.value.frame_id == 5 and caught.value.status == 400


class Model(BaseModel):
    when: datetime.date


@dataclass
class Data:
    key: uuid.UUID


def test_encode_converts_models_and_keeps_unicode() -> None:
    text = encode(
        "e", {"m": Model(when=datetime.date(2024, 1, 2)), "d": Data(uuid.UUID(int=1)), "s": "é"}, 1
    )
    assert text == (
        '{"event":"e","data":{"m":{"when":"2024-01-02"},'
        '"d":{"key":"00000000-0000-0000-0000-000000000001"},"s":"é"},"id":1}'
    )
    assert encode("e", None) == '{"event":"e","data":null}'


def test_encode_says_which_event_cannot_be_sent() -> None:
    with pytest.raises(TypeError, match="event 'e' cannot be sent as JSON"):
        encode("e", object())


def test_error_data() -> None:
    assert error_data(404, "gone", "a") == {"status": 404, "message": "gone", "event": "a"}
    assert error_data(400, "bad", None) == {"status": 400, "message": "bad"}
