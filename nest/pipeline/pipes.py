"""Pipes: transform or validate a handler's argument before the handler runs.

A pipe is any object with ``transform(value, metadata)`` (plain or ``async``) returning the
value to pass on. Built-in pipes raise ``BadRequestException`` (400) naming the parameter when
the value is not what they expect. Pipes given to a parameter decorator
(``Param("id", ParseIntPipe)``) apply to that parameter; ``@UsePipes`` and global pipes apply
to every request-borne argument of a handler (body, path and query parameters, headers and
custom parameter decorators).
"""

from __future__ import annotations

import enum
import inspect
import math
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

__all__ = [
    "ArgumentMetadata",
    "DefaultValuePipe",
    "ParamType",
    "ParseBoolPipe",
    "ParseEnumPipe",
    "ParseFloatPipe",
    "ParseIntPipe",
    "ParseUUIDPipe",
    "PipeTransform",
    "ValidationPipe",
    "apply_pipes",
    "describe_argument",
    "pipe_call",
]

ParamType = Literal["body", "query", "param", "headers", "custom"]


@dataclass(frozen=True)
class ArgumentMetadata:
    """What a pipe knows about the argument it transforms.

    Attributes:
        type: Where the value comes from: ``"body"``, ``"query"``, ``"param"`` (path),
            ``"headers"`` or ``"custom"`` (a custom parameter decorator).
        metatype: The parameter's declared type (``None`` when it has none).
        data: The name given to the decorator (``Param("id")`` -> ``"id"``), else ``None``.
        name: The handler's parameter name.
    """

    type: ParamType
    metatype: Any = None
    data: Any = None
    name: str | None = None


_PLACES = {
    "body": "body field",
    "query": "query parameter",
    "param": "path parameter",
    "headers": "header",
    "custom": "parameter",
}


def describe_argument(metadata: ArgumentMetadata) -> str:
    """``path parameter 'id'``, ``query parameter 'limit'``, ``body``, ..."""
    label = metadata.data if isinstance(metadata.data, str) else metadata.name
    if metadata.type == "body" and not isinstance(metadata.data, str):
        return "body" if metadata.name is None else f"body ('{metadata.name}')"
    return f"{_PLACES[metadata.type]} '{label}'" if label else _PLACES[metadata.type]


def _http_error(status: int, detail: Any) -> Exception:
    # Imported here: nest.http imports this package while it initialises.
    from nest.http.exceptions import BadRequestException, HttpException

    return BadRequestException(detail) if status == 400 else HttpException(status, detail)


class PipeTransform:
    """Optional base class of pipes: override :meth:`transform`."""

    def transform(self, value: Any, metadata: ArgumentMetadata) -> Any:
        return value


PipeCall = Callable[[Any, ArgumentMetadata], Any]


def pipe_call(pipe: Any) -> PipeCall:
    """How to call one pipe: ``transform(value, metadata)``, PyNest's ``transform(value)``, or
    a plain function of the value. Classes are instantiated (with no arguments)."""
    if isinstance(pipe, type):
        pipe = pipe()
    transform = getattr(pipe, "transform", None)
    target = transform if callable(transform) else pipe
    if not callable(target):
        raise TypeError(f"A pipe needs a transform(value, metadata) method, not {pipe!r}")
    try:
        params = [
            p
            for p in inspect.signature(target).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        takes_metadata = len(params) >= 2 or any(
            p.kind is p.VAR_POSITIONAL for p in inspect.signature(target).parameters.values()
        )
    except (TypeError, ValueError):
        takes_metadata = True
    if takes_metadata:
        return target  # type: ignore[no-any-return]
    return lambda value, metadata: target(value)


async def apply_pipes(pipes: Sequence[Any], value: Any, metadata: ArgumentMetadata) -> Any:
    """Run ``value`` through ``pipes`` (pipe objects, or calls made by :func:`pipe_call`) in order."""
    for pipe in pipes:
        value = (
            pipe(value, metadata)
            if not hasattr(pipe, "transform")
            else pipe.transform(value, metadata)
        )
        if inspect.isawaitable(value):
            value = await value
    return value


class _ParsePipe(PipeTransform):
    expected = "a value"

    def __init__(self, *, optional: bool = False, error_status: int = 400) -> None:
        self.optional = optional
        self.error_status = error_status

    def fail(self, metadata: ArgumentMetadata, expected: str | None = None) -> Exception:
        detail = f"Validation failed for {describe_argument(metadata)}: {expected or self.expected} is expected"
        return _http_error(self.error_status, detail)

    def transform(self, value: Any, metadata: ArgumentMetadata) -> Any:
        if value is None and self.optional:
            return None
        return self.parse(value, metadata)

    def parse(self, value: Any, metadata: ArgumentMetadata) -> Any:
        raise NotImplementedError


class ParseIntPipe(_ParsePipe):
    """``"42"`` -> ``42``; anything else answers 400."""

    expected = "an integer (numeric string)"

    def parse(self, value: Any, metadata: ArgumentMetadata) -> int:
        if isinstance(value, bool):
            raise self.fail(metadata)
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
            return int(value)
        raise self.fail(metadata)


class ParseFloatPipe(_ParsePipe):
    """``"2.5"`` -> ``2.5``; anything else (including ``nan`` and ``inf``) answers 400."""

    expected = "a number (numeric string)"

    def parse(self, value: Any, metadata: ArgumentMetadata) -> float:
        if isinstance(value, bool):
            raise self.fail(metadata)
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise self.fail(metadata) from None
        if not math.isfinite(number):
            raise self.fail(metadata)
        return number


class ParseBoolPipe(_ParsePipe):
    """``"true"``/``"1"`` -> ``True``, ``"false"``/``"0"`` -> ``False``; anything else answers 400."""

    expected = "a boolean ('true' or 'false')"
    _TRUE = frozenset({"true", "1"})
    _FALSE = frozenset({"false", "0"})

    def parse(self, value: Any, metadata: ArgumentMetadata) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self._TRUE:
            return True
        if text in self._FALSE:
            return False
        raise self.fail(metadata)


class ParseUUIDPipe(_ParsePipe):
    """A UUID string -> ``uuid.UUID`` (of ``version`` when given); anything else answers 400."""

    def __init__(
        self, *, version: int | None = None, optional: bool = False, error_status: int = 400
    ) -> None:
        super().__init__(optional=optional, error_status=error_status)
        self.version = version
        self.expected = f"a UUID (version {version})" if version else "a UUID"

    def parse(self, value: Any, metadata: ArgumentMetadata) -> uuid.UUID:
        if isinstance(value, uuid.UUID):
            parsed = value
        else:
            try:
                parsed = uuid.UUID(str(value))
            except ValueError:
                raise self.fail(metadata) from None
        if self.version is not None and parsed.version != self.version:
            raise self.fail(metadata)
        return parsed


class ParseEnumPipe(_ParsePipe):
    """A value of ``enum_type`` (by value, else by name) -> the member; else 400 listing the choices."""

    def __init__(
        self, enum_type: type[enum.Enum], *, optional: bool = False, error_status: int = 400
    ) -> None:
        if not (isinstance(enum_type, type) and issubclass(enum_type, enum.Enum)):
            raise TypeError(f"ParseEnumPipe takes an Enum class, not {enum_type!r}")
        super().__init__(optional=optional, error_status=error_status)
        self.enum_type = enum_type
        choices = ", ".join(repr(m.value) for m in enum_type)
        self.expected = f"one of {choices}"

    def parse(self, value: Any, metadata: ArgumentMetadata) -> enum.Enum:
        if isinstance(value, self.enum_type):
            return value
        for member in self.enum_type:
            if value == member.value or str(value) == str(member.value):
                return member
        if isinstance(value, str) and value in self.enum_type.__members__:
            return self.enum_type[value]
        raise self.fail(metadata)


class DefaultValuePipe(PipeTransform):
    """Replace a missing value (``None``, NaN) by ``default``; put it before parsing pipes."""

    def __init__(self, default: Any) -> None:
        self.default = default

    def transform(self, value: Any, metadata: ArgumentMetadata) -> Any:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return self.default
        return value


class ValidationPipe(PipeTransform):
    """Validate (and convert) a value against its parameter's declared type with Pydantic.

    Answers 400 with ``{"detail": [{"loc": [...], "msg": ..., "type": ...}, ...]}`` listing
    every problem. Values whose parameter declares no type pass through.

    Args:
        strict: Pydantic strict mode (no ``"1"`` -> ``1`` coercion).
        metatype: Validate against this type instead of the declared one.
    """

    def __init__(self, *, strict: bool = False, metatype: Any = None) -> None:
        self.strict = strict
        self.metatype = metatype
        self._adapters: dict[int, TypeAdapter[Any]] = {}

    def _adapter(self, metatype: Any) -> TypeAdapter[Any]:
        key = id(metatype)
        adapter = self._adapters.get(key)
        if adapter is None:
            adapter = self._adapters[key] = TypeAdapter(metatype)
        return adapter

    def transform(self, value: Any, metadata: ArgumentMetadata) -> Any:
        metatype = self.metatype if self.metatype is not None else metadata.metatype
        if metatype is None or metatype is Any or metatype is inspect.Parameter.empty:
            return value
        if isinstance(metatype, type) and isinstance(value, metatype):
            return value
        try:
            return self._adapter(metatype).validate_python(value, strict=self.strict)
        except ValidationError as exc:
            where: list[Any] = [metadata.type]
            if metadata.data or metadata.name:
                where.append(metadata.data if isinstance(metadata.data, str) else metadata.name)
            raise _http_error(
                400,
                [
                    {
                        "loc": [*where, *error["loc"]],
                        "msg": error["msg"],
                        "type": error["type"],
                    }
                    for error in exc.errors(include_url=False, include_input=False)
                ],
            ) from None
