"""Running the request pipeline for HTTP routes.

For each route, at mount time, :func:`compile_route` looks at what applies to it (global,
controller and handler guards, interceptors, pipes and filters, and parameter decorators) and
returns:

* the endpoint FastAPI gets: the compiled handler itself when no interceptor, pipe or derived
  parameter applies (no wrapper, no per-request cost), else a wrapper that runs interceptors
  around pipes and the handler;
* a :class:`RoutePipeline` for the route class when guards or filters apply: guards run before
  FastAPI reads the request (so an unauthorised client never learns whether its body was
  valid), and filters see every exception raised from there on, FastAPI's validation errors
  included.

Order: middleware (ASGI) -> guards -> interceptors (before) -> pipes -> handler ->
interceptors (after); exception filters around guards, validation, interceptors, pipes and the
handler.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field, replace
from typing import Annotated, Any, get_args, get_origin

from fastapi import BackgroundTasks, Request, Response
from fastapi import params as fastapi_params
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response as StarletteResponse
from starlette.websockets import WebSocket

from nest.http.arguments import MISSING, ArgumentSpec
from nest.http.exceptions import ForbiddenException, as_http_exception
from nest.http.params import resolved_signature
from nest.pipeline.context import ExecutionContext
from nest.pipeline.filters import UNHANDLED, caught_types, run_filters
from nest.pipeline.guards import run_guards
from nest.pipeline.interceptors import run_interceptors
from nest.pipeline.pipes import ArgumentMetadata, ParamType, apply_pipes, pipe_call

__all__ = [
    "CONTEXT_KEY",
    "RouteEnhancers",
    "RoutePipeline",
    "compile_route",
    "install_global_filter_handler",
]

#: Where the route's execution context is kept in the ASGI scope, for the endpoint wrapper.
CONTEXT_KEY = "nest.context"
_REQUEST = "nest_request__"
_RESPONSE = "nest_response__"
_EMPTY = inspect.Parameter.empty
_FRAMEWORK_TYPES = (Request, Response, StarletteResponse, WebSocket, BackgroundTasks)


@dataclass
class RouteEnhancers:
    """The enhancer instances that apply to one route, in running order."""

    guards: list[Any] = field(default_factory=list)
    interceptors: list[Any] = field(default_factory=list)
    pipes: list[Any] = field(default_factory=list)
    #: handler, controller, global; each ``(filter, caught types)``.
    filters: list[list[tuple[Any, tuple[type[BaseException], ...]]]] = field(default_factory=list)

    @staticmethod
    def filter_level(filters: Sequence[Any]) -> list[tuple[Any, tuple[type[BaseException], ...]]]:
        return [(f, caught_types(f)) for f in filters]


@dataclass
class RoutePipeline:
    """What the route class runs around FastAPI's request handler."""

    cls: type
    handler: Callable[..., Any]
    guards: list[Any]
    filters: list[list[tuple[Any, tuple[type[BaseException], ...]]]]
    host: Any = None

    def wrap(
        self, inner: Callable[[Request], Coroutine[Any, Any, StarletteResponse]]
    ) -> Callable[[Request], Coroutine[Any, Any, StarletteResponse]]:
        cls, handler, guards, filters = self.cls, self.handler, self.guards, self.filters
        has_filters = any(filters)

        async def run(request: Request) -> StarletteResponse:
            context = ExecutionContext("http", (request,), cls, handler)
            request.scope[CONTEXT_KEY] = context
            if not has_filters:
                await _check_guards(guards, context)
                return await inner(request)
            try:
                await _check_guards(guards, context)
                return await inner(request)
            except Exception as exc:
                seen = as_http_exception(exc)
                answer = await run_filters(filters, seen, context)
                if answer is UNHANDLED:
                    raise
                return _to_response(answer, seen)

        return run


def install_global_filter_handler(
    server: Any, global_filters: Callable[[], list[tuple[Any, tuple[type[BaseException], ...]]]]
) -> None:
    """Let global filters answer HTTP errors raised outside controller routes (an unknown
    path's 404, a 405), as NestJS's global filters do; routes run their filters themselves."""
    from starlette.exceptions import HTTPException as StarletteHTTPException

    previous = server.exception_handlers.get(StarletteHTTPException)
    if previous is None or getattr(previous, "nest_global_filters", False):
        return

    async def handle(request: Request, exc: Exception) -> Any:
        if CONTEXT_KEY not in request.scope:  # not a controller route: filters have not run
            context = ExecutionContext("http", (request,), None, None)
            seen = as_http_exception(exc)
            answer = await run_filters([global_filters()], seen, context)
            if answer is not UNHANDLED:
                return _to_response(answer, seen)
        result = previous(request, exc)
        return await result if inspect.isawaitable(result) else result

    handle.nest_global_filters = True  # type: ignore[attr-defined]
    server.add_exception_handler(StarletteHTTPException, handle)


async def _check_guards(guards: Sequence[Any], context: ExecutionContext) -> None:
    if guards:
        refused = await run_guards(guards, context)
        if refused is not None:
            raise ForbiddenException(getattr(refused, "denied_detail", "Forbidden resource"))


def _to_response(answer: Any, exc: BaseException) -> StarletteResponse:
    if isinstance(answer, StarletteResponse):
        return answer
    status = getattr(exc, "status_code", 500)
    headers = getattr(exc, "headers", None)
    return JSONResponse(jsonable_encoder(answer), status_code=status, headers=headers)


# -- parameters -----------------------------------------------------------------------------


@dataclass
class _Derived:
    """A parameter computed by the wrapper from the request (not by FastAPI)."""

    name: str
    spec: ArgumentSpec
    metadata: ArgumentMetadata
    pipes: tuple[Any, ...]


@dataclass
class _Piped:
    """A parameter FastAPI reads, whose value then goes through pipes."""

    name: str
    metadata: ArgumentMetadata
    pipes: tuple[Any, ...]


def _spec_of(param: inspect.Parameter, hint: Any) -> tuple[ArgumentSpec | None, Any]:
    """The parameter's decorator spec, and its declared type without the spec."""
    if isinstance(param.default, ArgumentSpec):
        return param.default, hint
    if get_origin(hint) is Annotated:
        base, *extras = get_args(hint)
        spec = next((m for m in extras if isinstance(m, ArgumentSpec)), None)
        if spec is not None:
            rest = [m for m in extras if m is not spec]
            return spec, Annotated[tuple([base, *rest])] if rest else base
    return None, hint


def _declared(hint: Any) -> Any:
    return None if hint is _EMPTY else hint


def _plain_type(hint: Any) -> Any:
    if get_origin(hint) is Annotated:
        return get_args(hint)[0]
    return hint


def _fastapi_marker(hint: Any, default: Any) -> Any:
    for candidate in (default, *(get_args(hint)[1:] if get_origin(hint) is Annotated else ())):
        if isinstance(
            candidate, fastapi_params.Param | fastapi_params.Body | fastapi_params.Depends
        ):
            return candidate
    return None


def _classify_plain(param: inspect.Parameter, hint: Any, path_params: set[str]) -> ParamType | None:
    """Where FastAPI takes a plain parameter from (``None``: not from the request's data)."""
    marker = _fastapi_marker(hint, param.default)
    if isinstance(marker, fastapi_params.Depends):
        return None
    if isinstance(marker, fastapi_params.Body):
        return "body"
    if isinstance(marker, fastapi_params.Path):
        return "param"
    if isinstance(marker, fastapi_params.Header):
        return "headers"
    if isinstance(marker, fastapi_params.Query):
        return "query"
    if isinstance(marker, fastapi_params.Cookie):
        return "custom"
    base = _plain_type(hint)
    if isinstance(base, type) and issubclass(base, _FRAMEWORK_TYPES):
        return None
    if param.kind in (param.VAR_KEYWORD, param.VAR_POSITIONAL):
        return None
    if param.name in path_params:
        return "param"
    if isinstance(base, type) and issubclass(base, BaseModel):
        return "body"
    return "query"


def _fastapi_default(spec: ArgumentSpec, raw: bool, hint: Any) -> tuple[Any, Any]:
    """The annotation and default FastAPI gets for a named Body/Param/Query/Headers parameter."""
    annotation = str if raw and spec.source != "body" else (Any if hint is _EMPTY else hint)
    default = ... if spec.required else spec.default
    if raw and spec.required and spec.source in ("query", "headers"):
        default = None  # as in NestJS: a missing value reaches the pipes as None
    if spec.source == "body":
        marker: Any = (
            fastapi_params.Body(default, embed=True, alias=spec.data)
            if spec.data
            else fastapi_params.Body(default)
        )
    elif spec.source == "param":
        marker = fastapi_params.Path(..., alias=spec.data)
    elif spec.source == "query":
        marker = fastapi_params.Query(default, alias=spec.data)
    else:
        marker = fastapi_params.Header(default, alias=spec.data)
    if raw and spec.source != "body" and default is None:
        annotation = str | None
    return annotation, marker


def _host_values(pattern: Any, request: Request) -> dict[str, str]:
    if pattern is None:
        return {}
    match = pattern.fullmatch(request.url.hostname or "")
    return match.groupdict() if match else {}


def _derive(spec: ArgumentSpec, request: Request, host: Any) -> Any:
    """A value the wrapper reads from the request itself (custom decorators use the context)."""
    source, data = spec.source, spec.data
    if source == "param":
        return dict(request.path_params)
    if source == "query":
        return dict(request.query_params)
    if source == "headers":
        return dict(request.headers)
    if source == "ip":
        return request.client.host if request.client else None
    if source == "host":
        if data is None:
            return request.url.hostname
        return _host_values(host, request).get(data)
    raise AssertionError(source)  # custom values are computed with the context


def compile_route(
    endpoint: Callable[..., Any],
    *,
    cls: type,
    handler: Callable[..., Any],
    enhancers: RouteEnhancers,
    path_params: set[str],
    host_pattern: Any = None,
    where: str,
) -> tuple[Callable[..., Any], RoutePipeline | None]:
    """The endpoint for FastAPI and the route-level pipeline (``None`` if nothing applies)."""
    pipeline = None
    if enhancers.guards or any(enhancers.filters):
        pipeline = RoutePipeline(cls, handler, enhancers.guards, enhancers.filters, host_pattern)

    try:
        hints = typing.get_type_hints(handler, include_extras=True)
    except Exception:
        hints = {}
    signature = resolved_signature(inspect.signature(endpoint), hints)
    params: list[inspect.Parameter] = []
    derived: list[_Derived] = []
    piped: list[_Piped] = []
    rewritten = False
    global_pipes = tuple(pipe_call(p) for p in enhancers.pipes)
    for param in signature.parameters.values():
        hint = hints.get(param.name, param.annotation)
        spec, declared = _spec_of(param, hint)
        if spec is None:
            kind = _classify_plain(param, hint, path_params) if global_pipes else None
            if kind is not None:
                metadata = ArgumentMetadata(kind, _declared(_plain_type(hint)), None, param.name)
                piped.append(_Piped(param.name, metadata, global_pipes))
            params.append(param)
            continue
        rewritten = True
        if spec.source == "host" and spec.data is not None and host_pattern is None:
            if spec.data not in path_params:
                raise TypeError(
                    f"{where}: parameter '{param.name}' uses HostParam({spec.data!r}), but the "
                    "controller declares no host pattern and the route has no such path parameter. "
                    f"Use @Controller(..., host=':{spec.data}.example.com'), or HostParam() for the host name."
                )
            spec = replace(spec, source="param")  # PyNest reads a path parameter here
        own_pipes = tuple(pipe_call(p) for p in spec.pipes)
        pipes = (*global_pipes, *own_pipes) if spec.source not in ("request", "response") else ()
        param_type: ParamType = (
            "custom" if spec.source in ("custom", "host", "ip") else spec.source  # type: ignore[assignment]
        )
        metadata = ArgumentMetadata(
            param_type, _declared(_plain_type(declared)), spec.data, param.name
        )
        if spec.source == "request":
            params.append(param.replace(annotation=Request, default=_EMPTY))
        elif spec.source == "response":
            params.append(param.replace(annotation=Response, default=_EMPTY))
        elif spec.source == "body" or (
            spec.source in ("param", "query", "headers") and spec.data is not None
        ):
            annotation, marker = _fastapi_default(spec, bool(spec.pipes), declared)
            params.append(param.replace(annotation=annotation, default=marker))
            if pipes:
                piped.append(_Piped(param.name, metadata, pipes))
        else:
            derived.append(_Derived(param.name, spec, metadata, pipes))

    interceptors = tuple(enhancers.interceptors)
    if not (rewritten or piped or interceptors):
        return endpoint, pipeline

    needs_request = bool(derived or interceptors)
    needs_response = bool(interceptors or any(d.spec.source == "custom" for d in derived))
    # FastAPI hands the request (and the response) to one parameter only: reuse the handler's own.
    request_key = _framework_param(params, hints, Request) or _REQUEST
    response_key = _framework_param(params, hints, Response) or _RESPONSE
    extra: list[inspect.Parameter] = []
    if needs_request and request_key == _REQUEST:
        extra.append(
            inspect.Parameter(_REQUEST, inspect.Parameter.KEYWORD_ONLY, annotation=Request)
        )
    if needs_response and response_key == _RESPONSE:
        extra.append(
            inspect.Parameter(_RESPONSE, inspect.Parameter.KEYWORD_ONLY, annotation=Response)
        )
    is_async = inspect.iscoroutinefunction(endpoint) or inspect.iscoroutinefunction(
        getattr(endpoint, "__call__", None)  # noqa: B004 - a callable object's own __call__
    )
    wrapper = _make_wrapper(
        endpoint,
        is_async=is_async,
        cls=cls,
        handler=handler,
        derived=derived,
        piped=piped,
        interceptors=interceptors,
        request_key=request_key if needs_request else None,
        response_key=response_key if needs_response else None,
        host_pattern=host_pattern,
    )
    # FastAPI passes every argument by keyword: keyword-only parameters keep any order valid.
    ordinary = [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
        for p in params
        if p.kind is not p.VAR_KEYWORD
    ]
    var_keyword = [p for p in params if p.kind is p.VAR_KEYWORD]
    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*ordinary, *extra, *var_keyword]
    )
    wrapper.__name__ = getattr(handler, "__name__", "endpoint")
    wrapper.__qualname__ = getattr(handler, "__qualname__", wrapper.__name__)
    wrapper.__doc__ = getattr(handler, "__doc__", None)
    wrapper.__module__ = getattr(handler, "__module__", __name__)
    return wrapper, pipeline


def _framework_param(
    params: list[inspect.Parameter], hints: dict[str, Any], kind: type
) -> str | None:
    """The name of the parameter FastAPI gives the request (or response) to, if the handler has one."""
    for param in params:
        annotation = param.annotation
        if annotation is _EMPTY or isinstance(annotation, str):
            annotation = hints.get(param.name, annotation)
        base = _plain_type(annotation)
        if isinstance(base, type) and issubclass(base, kind):
            return param.name
    return None


def _make_wrapper(
    endpoint: Callable[..., Any],
    *,
    is_async: bool,
    cls: type,
    handler: Callable[..., Any],
    derived: list[_Derived],
    piped: list[_Piped],
    interceptors: tuple[Any, ...],
    request_key: str | None,
    response_key: str | None,
    host_pattern: Any,
) -> Callable[..., Awaitable[Any]]:
    async def wrapper(**kwargs: Any) -> Any:
        request: Request | None = None
        response: Response | None = None
        if request_key is not None:
            request = kwargs.pop(request_key) if request_key == _REQUEST else kwargs[request_key]
        if response_key is not None:
            response = (
                kwargs.pop(response_key) if response_key == _RESPONSE else kwargs[response_key]
            )
        context: ExecutionContext | None = None
        if request is not None and (interceptors or derived):
            context = request.scope.get(CONTEXT_KEY)
            if context is None:
                context = ExecutionContext("http", (request, response), cls, handler)
                request.scope[CONTEXT_KEY] = context
            else:
                context.args = (request, response)

        async def call() -> Any:
            for item in derived:
                spec = item.spec
                if spec.source == "custom":
                    assert spec.factory is not None
                    value = spec.factory(spec.data, context)  # type: ignore[arg-type]
                    if inspect.isawaitable(value):
                        value = await value
                else:
                    assert request is not None
                    value = _derive(spec, request, host_pattern)
                if value is None and spec.default is not MISSING:
                    value = spec.default
                if item.pipes:
                    value = await apply_pipes(item.pipes, value, item.metadata)
                kwargs[item.name] = value
            for entry in piped:
                kwargs[entry.name] = await apply_pipes(
                    entry.pipes, kwargs[entry.name], entry.metadata
                )
            if is_async:
                return await endpoint(**kwargs)
            return await run_in_threadpool(endpoint, **kwargs)

        if interceptors:
            assert context is not None
            return await run_interceptors(interceptors, context, call)
        return await call()

    return wrapper
