"""``make bench``: nest against bare FastAPI, over HTTP under uvicorn and in-process.

Usage::

    python -m benchmarks.run                 # about 2-3 minutes
    python -m benchmarks.run --quick         # about 20 seconds
    python -m benchmarks.run --only inprocess --json benchmarks/results/latest.json

Only 127.0.0.1 is used; every step is bounded in time and the servers are stopped by PID at
the end, on error and on Ctrl-C.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

from benchmarks.asgi import ASGIApp
from benchmarks.endpoints import CHECKS, ENDPOINTS
from benchmarks.httpbench import LoadSettings, load_function, measure_http, warm_up
from benchmarks.identity import differences, fetch_http, fetch_inprocess
from benchmarks.inprocess import measure_inprocess
from benchmarks.load import wrk_path
from benchmarks.pyclient import default_processes
from benchmarks.report import format_table, machine, save_json
from benchmarks.servers import serving
from benchmarks.stats import Comparison, Sample, compare

__all__ = ["main", "parse_args"]

BASELINE = "fastapi"
BASELINE_MODULE = "benchmarks.apps.fastapi_app"
# --candidate: the application compared with bare FastAPI, by name: (label, module).
CANDIDATES = {
    "nest": ("nest", "benchmarks.apps.nest_app"),
    "fast-route": ("fast-route", "benchmarks.experiments.fast_route"),
    "control": ("FastAPI#2", BASELINE_MODULE),  # A/A: the harness's own noise
}
EXPECTED_STATUS = {"GET /hello": 200, "GET /items/{id}": 200, "POST /items": 201}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line; ``--quick`` lowers the defaults of the options not given."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument("--duration", type=float, help="seconds per load run (default 2; quick 1)")
    parser.add_argument("--rounds", type=int, help="interleaved HTTP rounds (default 10; quick 2)")
    parser.add_argument("--connections", type=int, default=64, help="open connections (default 64)")
    parser.add_argument("--only", choices=("inprocess", "http"), help="run one of the two parts")
    parser.add_argument("--json", type=Path, metavar="PATH", help="save the results as JSON")
    parser.add_argument(
        "--quick", action="store_true", help="a ~20 s run with fewer, shorter rounds"
    )
    parser.add_argument(
        "--requests", type=int, help="in-process requests per batch (default 2000; quick 1000)"
    )
    parser.add_argument(
        "--inprocess-rounds", type=int, help="in-process interleaved rounds (default 15; quick 5)"
    )
    parser.add_argument(
        "--client",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="load generator: wrk when installed (auto), or the multi-process Python client",
    )
    parser.add_argument(
        "--processes", type=int, default=default_processes(), help="Python client processes"
    )
    parser.add_argument(
        "--candidate",
        choices=sorted(CANDIDATES),
        default="nest",
        help="what to compare with bare FastAPI: nest (default), the fast-route prototype, "
        "or bare FastAPI itself (control, an A/A run showing the harness's noise)",
    )
    args = parser.parse_args(argv)
    defaults = (
        {"duration": 1.0, "rounds": 2, "requests": 1000, "inprocess_rounds": 5}
        if args.quick
        else {"duration": 2.0, "rounds": 10, "requests": 2000, "inprocess_rounds": 15}
    )
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.duration <= 0 or args.rounds < 1 or args.requests < 1 or args.inprocess_rounds < 1:
        parser.error("--duration, --rounds, --requests and --inprocess-rounds must be positive")
    return args


def _new_apps(args: argparse.Namespace) -> dict[str, ASGIApp]:
    """Fresh instances of the baseline and the candidate application."""
    label, module = CANDIDATES[args.candidate]
    modules = {BASELINE: BASELINE_MODULE, label: module}
    return {name: importlib.import_module(module).create_app() for name, module in modules.items()}


def _check_identical_inprocess(args: argparse.Namespace) -> None:
    answers = {name: fetch_inprocess(app, CHECKS) for name, app in _new_apps(args).items()}
    problems = differences(CHECKS, answers)
    if problems:
        raise SystemExit("The applications answer differently:\n" + "\n".join(problems))
    print(f"Responses identical in-process ({len(CHECKS)} requests, successes and errors).")


def _run_http(
    args: argparse.Namespace, settings: LoadSettings
) -> tuple[list[Sample], list[Sample]]:
    print(f"\nHTTP: uvicorn, 1 worker each; load with {settings.generator}; {args.rounds} rounds")
    targets = {
        BASELINE: f"{BASELINE_MODULE}:app",
        CANDIDATES[args.candidate][0]: f"{CANDIDATES[args.candidate][1]}:app",
    }
    with serving(targets) as servers:
        answers = {name: fetch_http(server.url, CHECKS) for name, server in servers.items()}
        problems = differences(CHECKS, answers)
        if problems:
            raise SystemExit("The servers answer differently:\n" + "\n".join(problems))
        print(f"  responses identical over HTTP ({len(CHECKS)} requests)")
        warm_up(servers, ENDPOINTS, 200)
        return measure_http(
            servers,
            ENDPOINTS,
            load=load_function(settings),
            duration=args.duration,
            rounds=args.rounds,
            warm_up_duration=0 if args.quick else 1.0,
        )


def _run_inprocess(args: argparse.Namespace) -> list[Sample]:
    print(
        f"\nIn-process: ASGI callables called directly, {args.inprocess_rounds} rounds "
        f"of {args.requests} requests per application and endpoint"
    )
    return measure_inprocess(
        _new_apps(args),
        ENDPOINTS,
        rounds=args.inprocess_rounds,
        requests=args.requests,
        expected=EXPECTED_STATUS,
    )


def _stop_on_sigterm() -> None:
    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt  # unwinds through the finally blocks that stop the servers

    signal.signal(signal.SIGTERM, handler)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one table per part; return the exit status."""
    args = parse_args(argv)
    _stop_on_sigterm()
    wrk = wrk_path() if args.client in ("auto", "wrk") else None
    if args.client == "wrk" and wrk is None:
        raise SystemExit("--client wrk: wrk is not installed")
    settings = LoadSettings(args.duration, args.connections, wrk, args.processes)
    info = machine()
    contest = f"{CANDIDATES[args.candidate][0]} vs bare FastAPI"
    print(
        f"{contest} on {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}, "
        f"FastAPI {info['packages']['fastapi']}, Starlette {info['packages']['starlette']}"
    )
    started = time.monotonic()
    results: dict[str, tuple[list[Sample], list[Comparison]]] = {}
    candidate = CANDIDATES[args.candidate][0]
    try:
        _check_identical_inprocess(args)
        if args.only in (None, "http"):
            samples, efficiency = _run_http(args, settings)
            results["http"] = (samples, compare(samples, baseline=BASELINE, candidate=candidate))
            if efficiency:
                results["http_cpu"] = (
                    efficiency,
                    compare(efficiency, baseline=BASELINE, candidate=candidate),
                )
        if args.only in (None, "inprocess"):
            samples = _run_inprocess(args)
            results["inprocess"] = (
                samples,
                compare(samples, baseline=BASELINE, candidate=candidate),
            )
    except KeyboardInterrupt:
        print("\nInterrupted; servers stopped.", file=sys.stderr)
        return 130
    titles = {
        "http": f"HTTP over loopback ({settings.generator}, median of {args.rounds} rounds)",
        "http_cpu": "HTTP, requests per second of server CPU time (same runs)",
        "inprocess": f"In-process ASGI loop (median of {args.inprocess_rounds} rounds)",
    }
    units = {"http_cpu": "req/CPU-s"}
    names = ("FastAPI", candidate)
    for section, (_, rows) in results.items():
        table = format_table(titles[section], rows, units.get(section, "req/s"), names=names)
        print("\n" + table)
    print(f"\nTotal time: {time.monotonic() - started:.0f} s")
    if args.json is not None:
        config: dict[str, Any] = {
            key: (str(value) if isinstance(value, Path) else value)
            for key, value in vars(args).items()
        }
        config["load_generator"] = settings.generator if "http" in results else None
        save_json(args.json, config=config, results=results)
        print(f"Saved {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
