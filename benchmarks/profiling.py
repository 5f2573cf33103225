"""Where each application spends its time per request: cProfile over the in-process loop.

Usage::

    python -m benchmarks.profiling                     # every endpoint, 2000 requests each
    python -m benchmarks.profiling --endpoint "POST /items" --top 25
    python -m benchmarks.profiling --injection         # each way of injecting the service

For each endpoint it prints the function calls per request of each application (a count, so
free of timing noise), the functions whose call counts differ between the two, and the
functions with the most own time per request. ``--injection`` does the same for each variant of
:mod:`benchmarks.apps.nest_variants` against bare FastAPI, and adds the in-process ratio.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.apps import fastapi_app, nest_app
from benchmarks.apps.nest_variants import STYLES
from benchmarks.asgi import ASGIApp, Lifespan, request_caller
from benchmarks.endpoints import ENDPOINTS, Endpoint
from benchmarks.inprocess import measure_inprocess, run_loop
from benchmarks.stats import compare

__all__ = ["Profile", "main", "profile_endpoint"]

# pstats keys: (file, line, function) -> (primitive calls, calls, own time, cumulative time, callers)
_Key = tuple[str, int, str]


@dataclass
class Profile:
    """Per-request figures of one application on one endpoint."""

    requests: int
    stats: dict[_Key, tuple[int, int, float, float]]

    @property
    def calls(self) -> float:
        return sum(v[1] for v in self.stats.values()) / self.requests

    @property
    def seconds(self) -> float:
        return sum(v[2] for v in self.stats.values()) / self.requests


def _name(key: _Key) -> str:
    file, line, function = key
    for marker in ("site-packages/", "/work/main/", "lib/python3"):
        if marker in file:
            file = file.split(marker, 1)[1]
            break
    return f"{function} ({file}:{line})" if line else function


async def _profile(app: ASGIApp, endpoint: Endpoint, requests: int) -> Profile:
    async with Lifespan(app) as life:
        once = request_caller(app, endpoint, life.state)
        for _ in range(200):
            await once()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            await once()
        profiler.disable()
    raw = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    stats = {key: (cc, nc, tt, ct) for key, (cc, nc, tt, ct, _) in raw.items()}
    return Profile(requests, stats)


def profile_endpoint(app: ASGIApp, endpoint: Endpoint, requests: int) -> Profile:
    """Profile ``requests`` calls of ``endpoint`` on ``app`` (after a short warm-up)."""
    return run_loop(_profile(app, endpoint, requests))


def _differences(base: Profile, cand: Profile, top: int) -> list[str]:
    """Functions called a different number of times per request, largest difference first.

    The handlers themselves (same name, different module) are left out.
    """
    keys = set(base.stats) | set(cand.stats)
    diff = []
    for key in keys:
        a = base.stats.get(key, (0, 0, 0.0, 0.0))[1] / base.requests
        b = cand.stats.get(key, (0, 0, 0.0, 0.0))[1] / cand.requests
        if abs(a - b) >= 0.5 and "benchmarks/apps/" not in key[0]:
            diff.append((b - a, a, b, key))
    ranked = sorted(diff, key=lambda d: (-abs(d[0]), _name(d[3])))[:top]
    return [f"    {a:6.1f} -> {b:6.1f}  {_name(key)}" for _, a, b, key in ranked]


def _report(endpoint: Endpoint, profiles: dict[str, Profile], top: int) -> str:
    lines = [f"== {endpoint.name}"]
    for name, profile in profiles.items():
        lines.append(
            f"  {name:8} {profile.calls:7.1f} calls/request, "
            f"{profile.seconds * 1e6:7.1f} us/request under the profiler"
        )
    (first, base), (second, cand) = profiles.items()
    diff = _differences(base, cand, top)
    if diff:
        lines.append(f"  calls/request that differ ({first} -> {second}), handlers aside:")
        lines.extend(diff)
    else:
        lines.append("  the same functions are called the same number of times per request")
    for name, profile in profiles.items():
        lines.append(f"  {name}: most own time per request")
        ranked = sorted(profile.stats.items(), key=lambda kv: -kv[1][2])[:top]
        for key, (_, calls, own, cumulative) in ranked:
            lines.append(
                f"    {own / profile.requests * 1e6:6.2f} us own "
                f"{cumulative / profile.requests * 1e6:7.2f} us cum "
                f"{calls / profile.requests:5.1f}x  {_name(key)}"
            )
    return "\n".join(lines)


def _injection(endpoints: Sequence[Endpoint], requests: int, rounds: int, top: int) -> str:
    """Per-request calls and in-process ratio of every nest variant against bare FastAPI."""
    baseline = fastapi_app.create_app()
    lines = []
    for endpoint in endpoints:
        base = profile_endpoint(baseline, endpoint, requests)
        lines.append(f"== {endpoint.name}: FastAPI makes {base.calls:.1f} calls/request")
        lines.append(f"  {'variant':22} {'calls/request':>13} {'extra':>6} {'nest/FastAPI':>13}")
        details = []
        for style, create_app in STYLES.items():
            app = create_app()
            profile = profile_endpoint(app, endpoint, requests)
            samples = measure_inprocess(
                {"fastapi": baseline, "nest": app},
                [endpoint],
                rounds=rounds,
                requests=requests,
                expected={endpoint.name: 201 if endpoint.method == "POST" else 200},
            )
            (row,) = compare(samples, baseline="fastapi", candidate="nest")
            extra = profile.calls - base.calls
            lines.append(f"  {style:22} {profile.calls:13.1f} {extra:+6.1f} {row.ratio:12.3f}x")
            if diff := _differences(base, profile, top):
                details += [f"  {style}: calls/request that differ (FastAPI -> nest)", *diff]
        lines += [*details, ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Profile the selected endpoints on both applications and print the comparison."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profiling")
    parser.add_argument("--endpoint", choices=[e.name for e in ENDPOINTS], action="append")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument(
        "--injection", action="store_true", help="compare the ways of injecting the service"
    )
    parser.add_argument("--rounds", type=int, default=6, help="in-process rounds (--injection)")
    args = parser.parse_args(argv)
    selected = [e for e in ENDPOINTS if not args.endpoint or e.name in args.endpoint]
    if args.injection:
        chosen = [e for e in selected if e.path.startswith("/items")]
        print(_injection(chosen, args.requests, args.rounds, args.top))
        return 0
    apps = {"fastapi": fastapi_app.create_app(), "nest": nest_app.create_app()}
    for endpoint in selected:
        profiles = {
            name: profile_endpoint(app, endpoint, args.requests) for name, app in apps.items()
        }
        print(_report(endpoint, profiles, args.top) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
