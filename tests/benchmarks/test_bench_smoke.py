"""The benchmark's two applications answer every request identically (no load, no timing)."""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute

from benchmarks.apps import fastapi_app, nest_app
from benchmarks.apps.nest_variants import STYLES
from benchmarks.endpoints import CHECKS, ENDPOINTS
from benchmarks.experiments import fast_route
from benchmarks.identity import differences, fetch_inprocess
from benchmarks.load import lua_script, parse_wrk
from benchmarks.stats import Sample, compare


def test_both_apps_answer_identically() -> None:
    answers = {
        "fastapi": fetch_inprocess(fastapi_app.create_app(), CHECKS),
        "nest": fetch_inprocess(nest_app.create_app(), CHECKS),
    }
    assert differences(CHECKS, answers) == []
    statuses = [answer.status for answer in answers["nest"]]
    assert statuses == [200, 200, 201, 404, 422, 422, 422, 404]


def test_module_level_apps_serve_the_endpoints() -> None:
    answers = {
        "fastapi": fetch_inprocess(fastapi_app.app, ENDPOINTS),
        "nest": fetch_inprocess(nest_app.app, ENDPOINTS),
    }
    assert differences(ENDPOINTS, answers) == []


@pytest.mark.parametrize("style", sorted(STYLES))
def test_every_injection_variant_answers_like_fastapi(style: str) -> None:
    answers = {
        "fastapi": fetch_inprocess(fastapi_app.create_app(), CHECKS),
        style: fetch_inprocess(STYLES[style](), CHECKS),
    }
    assert differences(CHECKS, answers) == []


def test_fast_route_prototype_answers_like_fastapi() -> None:
    app = fast_route.create_app()
    routes = [r for r in app.routes if isinstance(r, fast_route.FastRoute)]
    assert routes
    assert all(route.fast for route in routes)
    answers = {
        "fastapi": fetch_inprocess(fastapi_app.create_app(), CHECKS),
        "fast-route": fetch_inprocess(app, CHECKS),
    }
    assert differences(CHECKS, answers) == []


def test_nest_routes_are_the_bound_methods() -> None:
    # No per-request wrapper: the controller's handlers reach FastAPI as plain bound methods.
    app = nest_app.create_app()
    endpoints = {route.path: route.endpoint for route in app.routes if isinstance(route, APIRoute)}
    handler = endpoints["/items/{item_id}"]
    assert getattr(handler, "__func__", None) is nest_app.ItemController.get_item
    assert isinstance(getattr(handler, "__self__", None), nest_app.ItemController)


def test_lua_script_carries_the_post_body() -> None:
    post = next(e for e in ENDPOINTS if e.method == "POST")
    script = lua_script(post)
    assert 'wrk.method = "POST"' in script
    assert 'wrk.headers["content-type"] = "application/json"' in script
    assert '\\"name\\": \\"widget\\"' in script


def test_parse_wrk_reads_rate_and_errors() -> None:
    output = (
        "  1 threads and 64 connections\n"
        "  40321 requests in 2.00s, 5.81MB read\n"
        "  Socket errors: connect 0, read 2, write 0, timeout 1\n"
        "  Non-2xx or 3xx responses: 4\n"
        "Requests/sec:  20150.42\n"
    )
    result = parse_wrk(output)
    assert result.requests == 40321
    assert result.requests_per_second == pytest.approx(20150.42)
    assert result.errors == 7


def test_ratio_is_the_median_of_paired_rounds() -> None:
    samples = [
        Sample("GET /hello", "fastapi", [100.0, 200.0, 100.0]),
        Sample("GET /hello", "nest", [110.0, 180.0, 100.0]),
    ]
    (row,) = compare(samples, baseline="fastapi", candidate="nest")
    assert row.ratio == pytest.approx(1.0)
    assert row.low == pytest.approx(0.9)
    assert row.high == pytest.approx(1.1)
