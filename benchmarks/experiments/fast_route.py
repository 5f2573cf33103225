"""Prototype of a compiled fast path for simple routes, falling back to FastAPI's own handler.

Not part of nest: this is the measured starting point for the proposal in
``docs/benchmarks-core.md``. ``FastRoute`` is a ``NestRoute`` that, for a route FastAPI would
handle with no dependencies (only path parameters and at most one JSON body, a response model,
the default response class), serves the request itself:

* path parameters and the body are validated with the route's own ``ModelField`` objects, as
  FastAPI does, without building query, header and cookie objects or a sub-response;
* the content type is checked on the raw header bytes (exactly ``application/json``);
* the response is validated and serialized with the response field (``serialize_json``), as
  FastAPI's own fast path does.

Anything else (a validation error, another content type, an empty or malformed body, dependency
overrides, active telemetry) hands the request to FastAPI's handler, with the body replayed, so
errors keep FastAPI's exact answers. The endpoint never runs twice: once it has been called, a
response validation error is raised here just as FastAPI raises it.

Run ``python -m benchmarks.experiments.fast_route`` to check answers and measure in-process, or
``python -m benchmarks.run --candidate fast-route`` to measure it over HTTP too.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI
from fastapi import params as fastapi_params
from fastapi._body_limit import wrap_app_with_body_limit
from fastapi.datastructures import DefaultPlaceholder
from fastapi.exceptions import ResponseValidationError
from fastapi.routing import _extract_endpoint_context
from fastapi.telemetry._api import _get_request_telemetry
from fastapi.utils import is_body_allowed_for_status_code
from starlette._exception_handler import wrap_app_handling_exceptions
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import nest.http.application as nest_application
from nest.http.factory import build_container, create_application
from nest.http.routing import NestRoute

__all__ = ["FastRoute", "app", "create_app", "is_eligible"]

_JSON = b"application/json"
_SPECIAL_PARAMS = (
    "request_param_name",
    "websocket_param_name",
    "http_connection_param_name",
    "response_param_name",
    "background_tasks_param_name",
    "security_scopes_param_name",
)


def is_eligible(route: Any) -> bool:
    """Whether FastAPI would do nothing for ``route`` that the fast path does not do too."""
    dependant = route.dependant
    if dependant.dependencies or dependant.query_params or dependant.header_params:
        return False
    if dependant.cookie_params or any(getattr(dependant, name) for name in _SPECIAL_PARAMS):
        return False
    if len(dependant.body_params) > 1 or route._embed_body_fields:
        return False
    body_field = route.body_field
    if body_field is not None and isinstance(body_field.field_info, fastapi_params.Form):
        return False
    if not isinstance(route.response_class, DefaultPlaceholder) or route.response_field is None:
        return False
    if (
        route.response_model_include
        or route.response_model_exclude
        or route.response_model_exclude_unset
        or route.response_model_exclude_defaults
        or route.response_model_exclude_none
        or not route.response_model_by_alias
    ):
        return False
    if getattr(route, "is_json_stream", False) or getattr(route, "stream_item_field", None):
        return False
    return inspect.iscoroutinefunction(dependant.call)


class FastRoute(NestRoute):
    """A ``NestRoute`` that serves eligible routes through a compiled handler."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        self.fast = is_eligible(self)
        if self.fast:
            # self.app is FastAPI's full handler (with its body limit): the fallback.
            max_body_size = kwargs.get("max_body_size")
            self.app = wrap_app_with_body_limit(self._compile(self.app), max_body_size)

    def _compile(self, slow: ASGIApp) -> ASGIApp:
        dependant = self.dependant
        call = dependant.call
        assert call is not None and self.response_field is not None
        path_fields = [(f.name, f.alias, f) for f in dependant.path_params]
        body_field = self.body_field
        response_field = self.response_field
        status_code = self.status_code or 200
        empty_body = not is_body_allowed_for_status_code(status_code)
        overrides = self.dependency_overrides_provider
        context = dict(_extract_endpoint_context(call))
        route_path = dependant.path

        async def handle(request: Request) -> Response | None:
            """The response, or ``None`` to let FastAPI's handler answer (before the call)."""
            values: dict[str, Any] = {}
            path_params = request.scope["path_params"]
            for name, alias, field in path_fields:
                value, errors = field.validate(path_params.get(alias), values, loc=("path", alias))
                if errors:
                    return None
                values[name] = value
            if body_field is not None:
                content_type = next(
                    (v for k, v in request.scope["headers"] if k == b"content-type"), None
                )
                if content_type != _JSON:
                    return None
                body = await request.body()
                if not body:
                    return None
                try:
                    received = json.loads(body)
                except ValueError:
                    return None
                value, errors = body_field.validate(received, values, loc=("body",))
                if errors:
                    return None
                values[body_field.name] = value
            raw = await call(**values)
            if isinstance(raw, Response):
                return raw
            value, errors = response_field.validate(raw, {}, loc=("response",))
            if errors:
                mount = request.scope.get("root_path", "").rstrip("/")
                ctx: Any = {**context, "path": f"{request.method} {mount}{route_path}"}
                raise ResponseValidationError(errors=errors, body=raw, endpoint_ctx=ctx)
            content = b"" if empty_body else response_field.serialize_json(value, by_alias=True)
            return Response(content, status_code=status_code, media_type="application/json")

        async def fast(scope: Scope, receive: Receive, send: Send) -> None:
            busy = overrides is not None and overrides.dependency_overrides
            if busy or _get_request_telemetry() is not None:  # FastAPI records telemetry
                await slow(scope, receive, send)
                return
            request = Request(scope, receive, send)
            declined: list[bool] = []  # set only when handle() returns before the call

            async def inner(scope: Scope, receive: Receive, send: Send) -> None:
                response = await handle(request)
                if response is None:
                    declined.append(True)
                else:
                    await response(scope, receive, send)

            await wrap_app_handling_exceptions(inner, request)(scope, receive, send)
            if not declined:
                return
            # Before the call, something needs FastAPI's full handling: replay the body, if read.
            body: bytes | None = getattr(request, "_body", None)
            await slow(scope, receive if body is None else _replaying(body, receive), send)

        return fast


def _replaying(body: bytes, receive: Receive) -> Callable[[], Awaitable[Message]]:
    pending: list[MutableMapping[str, Any]] = [
        {"type": "http.request", "body": body, "more_body": False}
    ]

    async def replay() -> Message:
        return pending.pop() if pending else await receive()

    return replay


def _add_route(
    server: FastAPI,
    path: str,
    endpoint: Callable[..., Any],
    method: str,
    options: dict[str, Any],
    **_route_class: Any,  # nest's own route class is replaced by FastRoute here
) -> Any:
    server.router.add_api_route(
        path, endpoint, methods=[method], route_class_override=FastRoute, **options
    )
    return server.router.routes[-1]


def create_app() -> FastAPI:
    """The benchmark's nest application, with its routes mounted as ``FastRoute``."""
    from benchmarks.apps.nest_app import AppModule

    original = nest_application.add_route  # type: ignore[attr-defined]
    nest_application.add_route = _add_route  # type: ignore[attr-defined]  # the only hook
    try:
        container, plans = build_container(AppModule)
        return create_application(container, plans, title="bench-nest").get_server()
    finally:
        nest_application.add_route = original  # type: ignore[attr-defined]


app = create_app()


def main() -> int:
    """Check the prototype answers like FastAPI, then compare calls and speed in-process."""
    from benchmarks.apps import fastapi_app
    from benchmarks.endpoints import CHECKS, ENDPOINTS
    from benchmarks.identity import differences, fetch_inprocess
    from benchmarks.inprocess import measure_inprocess
    from benchmarks.profiling import profile_endpoint
    from benchmarks.report import format_table
    from benchmarks.stats import compare

    answers = {
        "fastapi": fetch_inprocess(fastapi_app.create_app(), CHECKS),
        "fast-route": fetch_inprocess(create_app(), CHECKS),
    }
    problems = differences(CHECKS, answers)
    if problems:
        raise SystemExit("The prototype answers differently:\n" + "\n".join(problems))
    print(f"Answers identical to FastAPI on {len(CHECKS)} requests (successes and errors).")
    baseline, candidate = fastapi_app.create_app(), create_app()
    fast = [r.path for r in candidate.routes if isinstance(r, FastRoute) and r.fast]
    print(f"Routes on the fast path: {', '.join(fast)}")
    for endpoint in ENDPOINTS:
        before = profile_endpoint(baseline, endpoint, 1000).calls
        after = profile_endpoint(candidate, endpoint, 1000).calls
        print(f"  {endpoint.name}: {before:.0f} -> {after:.0f} calls/request")
    samples = measure_inprocess(
        {"fastapi": baseline, "fast-route": candidate},
        ENDPOINTS,
        rounds=10,
        requests=2000,
        expected={"GET /hello": 200, "GET /items/{id}": 200, "POST /items": 201},
    )
    rows = compare(samples, baseline="fastapi", candidate="fast-route")
    print(format_table("In-process (CPU clock)", rows, names=("FastAPI", "fast-route")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
