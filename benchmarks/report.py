"""Printing the results as tables, describing the machine, saving JSON."""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Sequence
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.stats import Comparison, Sample

__all__ = ["format_table", "machine", "save_json"]

_PACKAGES = ("fastapi", "starlette", "pydantic", "pydantic-core", "uvicorn", "uvloop", "httptools")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> dict[str, Any]:
    """What the figures were taken on: CPUs, Python and the versions of the stack."""
    versions: dict[str, str | None] = {}
    for name in _PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": versions,
    }


def format_table(
    title: str,
    rows: Sequence[Comparison],
    unit: str = "req/s",
    *,
    names: tuple[str, str] = ("FastAPI", "nest"),
) -> str:
    """A plain-text table: endpoint, both rates, the ratio and its per-round range."""
    base, cand = names
    header = ("endpoint", f"{base} {unit}", f"{cand} {unit}", f"{cand}/{base}", "per-round range")
    lines = [
        (
            row.endpoint,
            f"{row.baseline:,.0f}",
            f"{row.candidate:,.0f}",
            f"{row.ratio:.3f}x",
            f"{row.low:.2f}-{row.high:.2f} ({row.rounds} rounds)",
        )
        for row in rows
    ]
    widths = [max(len(r[i]) for r in [header, *lines]) for i in range(len(header))]

    def render(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest])

    rule = "-" * len(render(header))
    return "\n".join([title, rule, render(header), rule, *map(render, lines), rule])


def save_json(
    path: Path,
    *,
    config: dict[str, Any],
    results: dict[str, tuple[list[Sample], list[Comparison]]],
) -> None:
    """Write the configuration, the machine, every per-round figure and the ratios to ``path``."""
    document: dict[str, Any] = {"machine": machine(), "config": config}
    for section, (samples, rows) in results.items():
        document[section] = {
            "samples": [asdict(s) for s in samples],
            "comparison": [asdict(r) for r in rows],
        }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n")
