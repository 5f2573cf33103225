"""Samples of throughput and the nest/FastAPI ratio computed from them."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["Comparison", "Sample", "compare"]


@dataclass
class Sample:
    """Requests per second of one application on one endpoint, one figure per round."""

    endpoint: str
    app: str
    rates: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.rates) if self.rates else 0.0


@dataclass(frozen=True)
class Comparison:
    """One endpoint: the baseline's and the candidate's median rates, and their ratio.

    ``ratio`` is the median of the per-round ratios (each round pairs two runs taken back to
    back, so it is less sensitive to the machine's load drifting than a ratio of medians);
    ``low`` and ``high`` are the smallest and largest per-round ratios.
    """

    endpoint: str
    baseline: float
    candidate: float
    ratio: float
    low: float
    high: float
    rounds: int


def compare(samples: Sequence[Sample], *, baseline: str, candidate: str) -> list[Comparison]:
    """Pair the two applications' samples endpoint by endpoint, in the order first seen."""
    by_key = {(s.endpoint, s.app): s for s in samples}
    endpoints = list(dict.fromkeys(s.endpoint for s in samples))
    rows = []
    for endpoint in endpoints:
        base, cand = by_key[(endpoint, baseline)], by_key[(endpoint, candidate)]
        ratios = [c / b for b, c in zip(base.rates, cand.rates, strict=False) if b > 0]
        rows.append(
            Comparison(
                endpoint=endpoint,
                baseline=base.median,
                candidate=cand.median,
                ratio=statistics.median(ratios) if ratios else 0.0,
                low=min(ratios, default=0.0),
                high=max(ratios, default=0.0),
                rounds=len(ratios),
            )
        )
    return rows
