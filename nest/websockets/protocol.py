"""The frame protocol: JSON text frames ``{"event": ..., "data": ..., "id": ...}``.

* A client sends ``{"event": "chat", "data": {...}}``; ``"data"`` may be left out (``null``)
  and an ``"id"`` (a string or an integer) may be added to match the answer to the message.
* The handler's return value, unless ``None``, comes back as the acknowledgement
  ``{"event": "chat", "data": <return value>, "id": <the message's id>}`` (``"id"`` only when
  the message had one). Returning :class:`WsResponse` answers with another event instead.
* An error comes back as ``{"event": "error", "data": {"status": 400, "message": ...,
  "event": "chat"}, "id": ...}`` and the connection stays open.
* The server's ``emit(event, data)`` sends ``{"event": event, "data": data}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic_core import PydanticSerializationError, to_json

__all__ = [
    "ERROR_EVENT",
    "NO_ID",
    "Frame",
    "FrameError",
    "WsResponse",
    "encode",
    "error_data",
    "parse_frame",
]

#: The event of error frames.
ERROR_EVENT = "error"
#: The message had no ``"id"``.
NO_ID: Any = object()


@dataclass(frozen=True)
class WsResponse:
    """Return this from a handler to answer with ``event`` rather than the message's own event."""

    event: str
    data: Any = None


@dataclass(frozen=True)
class Frame:
    """One message from a client."""

    event: str
    data: Any = None
    id: Any = NO_ID


class FrameError(Exception):
    """A frame that does not follow the protocol (answered with an error event, status 400)."""

    status = 400

    def __init__(self, message: str, *, frame_id: Any = NO_ID, event: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.frame_id = frame_id
        self.event = event


_SHAPE = 'a frame is a JSON object {"event": "<name>", "data": <any JSON>, "id": <optional>}'


def parse_frame(text: str) -> Frame:
    """Read one text frame; raise :class:`FrameError` saying what is wrong with it."""
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise FrameError(f"The frame is not valid JSON ({exc}); {_SHAPE}") from None
    if not isinstance(raw, dict):
        raise FrameError(f"The frame is a JSON {type(raw).__name__}; {_SHAPE}")
    frame_id = raw.get("id", NO_ID)
    if frame_id is not NO_ID and (
        isinstance(frame_id, bool) or not isinstance(frame_id, (str, int))
    ):
        raise FrameError(f'The frame\'s "id" must be a string or an integer, not {frame_id!r}')
    event = raw.get("event")
    if not isinstance(event, str) or not event:
        raise FrameError(f'The frame has no "event" name; {_SHAPE}', frame_id=frame_id)
    return Frame(event, raw.get("data"), frame_id)


def encode(event: str, data: Any, frame_id: Any = NO_ID) -> str:
    """The text of a frame; Pydantic models, dataclasses, dates, UUIDs and enums are converted.

    Raises:
        TypeError: ``data`` holds a value with no JSON form.
    """
    frame: dict[str, Any] = {"event": event, "data": data}
    if frame_id is not NO_ID:
        frame["id"] = frame_id
    try:
        return to_json(frame).decode()
    except PydanticSerializationError as exc:
        raise TypeError(f"The data of event {event!r} cannot be sent as JSON: {exc}") from None


def error_data(status: int, message: Any, event: str | None) -> dict[str, Any]:
    """The ``data`` of an error frame."""
    found: dict[str, Any] = {"status": status, "message": message}
    if event is not None:
        found["event"] = event
    return found
