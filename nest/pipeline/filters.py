"""Exception filters: turn an exception into a response.

``@Catch(NotFoundError, KeyError)`` names the exception classes a filter handles (no argument:
every exception). ``catch(exception, host)`` gets the exception and the execution context
(``host.switch_to_http().get_request()``). What it returns is the answer:

* a response object (``JSONResponse(...)``, any Starlette ``Response``) is sent as it is;
* any other value is sent as JSON, with the exception's status code (500 if it has none);
* ``None`` hands the exception on, unchanged, to the next handler (useful for logging).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from nest.pipeline.context import ExecutionContext

__all__ = [
    "CATCH_ATTRIBUTE",
    "UNHANDLED",
    "Catch",
    "ExceptionFilter",
    "caught_types",
    "run_filters",
    "select_filter",
]

#: What :func:`run_filters` returns when no filter answers: re-raise the exception.
UNHANDLED: Any = object()

CATCH_ATTRIBUTE = "__nest_catch__"
T = TypeVar("T")


def Catch(*exception_types: type[BaseException]) -> Callable[[T], T]:
    """Declare the exception classes the decorated filter handles (none: every exception)."""
    for kind in exception_types:
        if not (isinstance(kind, type) and issubclass(kind, BaseException)):
            raise TypeError(f"@Catch takes exception classes, not {kind!r}")

    def decorate(cls: T) -> T:
        setattr(cls, CATCH_ATTRIBUTE, tuple(exception_types))
        return cls

    return decorate


class ExceptionFilter:
    """Optional base class of exception filters: override :meth:`catch`."""

    def catch(self, exception: Exception, host: ExecutionContext) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define catch(exception, host)")


def caught_types(entry: Any) -> tuple[type[BaseException], ...]:
    """The classes a filter (class or instance) catches; empty means every exception."""
    cls = entry if isinstance(entry, type) else type(entry)
    for klass in cls.__mro__:
        found = vars(klass).get(CATCH_ATTRIBUTE)
        if found is not None:
            return tuple(found)
    # PyNest's @Catch records the same thing under another name.
    return tuple(getattr(cls, "__caught_exceptions__", ()))


def _distance(exc_type: type[BaseException], caught: tuple[type[BaseException], ...]) -> int | None:
    """How far up ``exc_type``'s MRO the closest caught class is (``None``: not caught)."""
    if not caught:
        return len(exc_type.__mro__)  # a catch-all is the least specific match
    best: int | None = None
    for kind in caught:
        if issubclass(exc_type, kind):
            distance = exc_type.__mro__.index(kind)
            best = distance if best is None else min(best, distance)
    return best


def select_filter(
    levels: Sequence[Sequence[tuple[Any, tuple[type[BaseException], ...]]]],
    exception: BaseException,
) -> Any:
    """The filter for ``exception``: the first level with a match, its most specific filter.

    ``levels`` is handler, class, global: each a sequence of ``(filter, caught types)``.
    """
    exc_type = type(exception)
    for level in levels:
        chosen: Any = None
        chosen_distance = 0
        for instance, caught in level:
            distance = _distance(exc_type, caught)
            if distance is not None and (chosen is None or distance < chosen_distance):
                chosen, chosen_distance = instance, distance
        if chosen is not None:
            return chosen
    return None


async def run_filters(
    levels: Sequence[Sequence[tuple[Any, tuple[type[BaseException], ...]]]],
    exception: BaseException,
    host: ExecutionContext,
) -> Any:
    """The chosen filter's answer to ``exception``, or :data:`UNHANDLED` (none, or it answered ``None``)."""
    chosen = select_filter(levels, exception)
    if chosen is None:
        return UNHANDLED
    answer = chosen.catch(exception, host)
    if inspect.isawaitable(answer):
        answer = await answer
    return UNHANDLED if answer is None else answer
