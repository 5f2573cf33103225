"""One message handler compiled for its gateway: arguments, pipes and the enhancers around it.

Everything is decided when the gateway starts. A handler with no guard, interceptor or filter
makes no execution context and runs no pipeline code per message: its arguments are read from
the message and the bound method is called. Otherwise, per message: guards, interceptors
(before), pipes, the handler, interceptors (after), with exception filters around all of it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any

from starlette.concurrency import run_in_threadpool

from nest.http.exceptions import BadRequestException
from nest.pipeline.context import ExecutionContext
from nest.pipeline.filters import UNHANDLED, caught_types, run_filters
from nest.pipeline.guards import run_guards
from nest.pipeline.interceptors import run_interceptors
from nest.pipeline.pipes import ArgumentMetadata, ValidationPipe, apply_pipes, pipe_call
from nest.websockets.params import MISSING, HandlerParam
from nest.websockets.planning import MessageHandlerPlan

__all__ = ["CompiledHandler", "FilterAnswer", "FilterLevel", "GuardRefusal", "filter_level"]

FilterLevel = list[tuple[Any, tuple[type[BaseException], ...]]]


def filter_level(filters: Sequence[Any]) -> FilterLevel:
    """A level of filters as :func:`~nest.pipeline.filters.select_filter` takes it."""
    return [(f, caught_types(f)) for f in filters]


class GuardRefusal(Exception):
    """A guard answered false: the gateway closes the connection with 1008."""

    def __init__(self, guard: Any) -> None:
        self.guard = guard
        super().__init__(getattr(guard, "denied_detail", "Forbidden resource"))


class FilterAnswer(Exception):
    """An exception filter answered an exception with ``answer`` (sent instead of the default)."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        super().__init__(repr(answer))


class _Argument:
    """How one handler argument is read from a message."""

    __slots__ = ("default", "key", "metadata", "name", "pipes", "socket")

    def __init__(self, param: HandlerParam, enhancer_pipes: tuple[Any, ...]) -> None:
        spec = param.spec
        self.name = param.name
        self.socket = spec.source == "socket"
        self.key = spec.key
        self.default = spec.default
        self.metadata = ArgumentMetadata("body", param.metatype, spec.key, param.name)
        if self.socket:
            self.pipes: tuple[Any, ...] = ()
        elif spec.pipes:  # the parameter's own pipes parse the raw value
            self.pipes = (*enhancer_pipes, *(pipe_call(p) for p in spec.pipes))
        elif param.metatype is not None:
            self.pipes = (ValidationPipe(), *enhancer_pipes)
        else:
            self.pipes = enhancer_pipes

    def read(self, data: Any) -> Any:
        key = self.key
        if key is None:
            return self.default if data is None and self.default is not MISSING else data
        if isinstance(data, dict) and key in data:
            return data[key]
        if self.default is not MISSING:
            return self.default
        if not isinstance(data, dict):
            raise BadRequestException(
                f"Missing body field {key!r}: the message's data must be a JSON object with it"
            )
        raise BadRequestException(f"Missing body field {key!r}: the message's data has no such key")


class CompiledHandler:
    """The handler of one event of one running gateway."""

    __slots__ = (
        "arguments",
        "cls",
        "event",
        "filters",
        "func",
        "guards",
        "interceptors",
        "is_async",
        "method",
        "plain",
    )

    def __init__(
        self,
        plan: MessageHandlerPlan,
        *,
        cls: type,
        method: Callable[..., Any],
        guards: Sequence[Any],
        interceptors: Sequence[Any],
        pipes: Sequence[Any],
        filters: Sequence[FilterLevel],
    ) -> None:
        self.event = plan.event
        self.cls = cls
        self.func = plan.func
        self.method = method
        self.is_async = inspect.iscoroutinefunction(plan.func)
        enhancer_pipes = tuple(pipe_call(p) for p in pipes)
        self.arguments = tuple(_Argument(param, enhancer_pipes) for param in plan.params)
        self.guards = tuple(guards)
        self.interceptors = tuple(interceptors)
        self.filters = [level for level in filters]
        self.plain = not (self.guards or self.interceptors or any(self.filters))

    async def call(self, client: Any, data: Any) -> Any:
        """Read the arguments, run them through their pipes and call the handler."""
        kwargs: dict[str, Any] = {}
        for argument in self.arguments:
            if argument.socket:
                kwargs[argument.name] = client
                continue
            value = argument.read(data)
            if argument.pipes:
                value = await apply_pipes(argument.pipes, value, argument.metadata)
            kwargs[argument.name] = value
        if self.is_async:
            return await self.method(**kwargs)
        return await run_in_threadpool(self.method, **kwargs)

    async def run(self, client: Any, data: Any, event: str) -> Any:
        """The handler's result for one message, through its guards, interceptors and filters.

        Raises:
            GuardRefusal: A guard answered false.
            FilterAnswer: An exception filter answered the handler's exception.
        """
        if self.plain:
            return await self.call(client, data)
        context = ExecutionContext("ws", (client, data, event), self.cls, self.func)
        try:
            if self.guards:
                refused = await run_guards(self.guards, context)
                if refused is not None:
                    raise GuardRefusal(refused)
            if self.interceptors:
                return await run_interceptors(
                    self.interceptors, context, lambda: self.call(client, data)
                )
            return await self.call(client, data)
        except GuardRefusal:
            raise
        except Exception as exc:
            answer = await run_filters(self.filters, exc, context)
            if answer is UNHANDLED:
                raise
            raise FilterAnswer(answer) from exc

    def __repr__(self) -> str:
        return f"<CompiledHandler {self.cls.__name__}.{self.func.__name__} event={self.event!r}>"
