"""Service-level gates: each region's measured figures against its market policy's targets.

A region is a market; its requests are the ones named `[CC] ...`. Each metric of each region
passes, fails, or is "not judged": below the gate's minimum evidence (MINIMUM_EVIDENCE) a figure
says nothing either way, and it is never counted as a pass. A gross breach (far past a target on
enough traffic) stops the run early. Whether the figures are about the shop at all: answers.py;
how big a run must be to judge its markets: sizing.py.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..policy import Policy

if TYPE_CHECKING:  # Locust is imported where figures are read: importing it patches the process for gevent,
    # and `harness run` sizes its load phase (sizing.py) without it
    from locust.stats import RequestStats, StatsEntry

    from .metrics import Metrics

NAME = re.compile(r"^\[([A-Z]{2})\] ")
# The samples a gate needs in a region before it judges it. Fewer requests than 20 make a p95 the
# second-slowest request and put an error rate in steps of 5 %; a checkout rate needs ten checkouts
# before one failure means anything; five tickets' first responses before their p95 is more than
# one wait.
MINIMUM_EVIDENCE = {"p95_ms": 20, "error_rate": 20, "checkout_success": 10, "support_first_response_s": 5}
EVIDENCE = {"p95_ms": "requests", "error_rate": "requests", "checkout_success": "checkouts",
            "support_first_response_s": "tickets"}  # what a gate's samples are
AT_LEAST = {"checkout_success"}  # the gates whose figure must reach its target; the others stay under it
MIN_REQUESTS = MINIMUM_EVIDENCE["p95_ms"]
GROSS_FACTOR = 5.0  # this far past a target on enough traffic stops the run early
GROSS_ERROR_RATE = 0.5


PASSED, FAILED, NOT_JUDGED = "passed", "failed", "not judged"


@dataclass(frozen=True)
class Result:
    """One region's figure for one service-level target, and the verdict on it.

    `status` is passed, failed, or "not judged": fewer samples than the gate's `minimum`
    (MINIMUM_EVIDENCE), so the figure says nothing either way and is never counted as a pass."""

    market: str
    metric: str  # p95_ms | error_rate | checkout_success | support_first_response_s
    measured: float | None  # None: no traffic to measure
    target: float
    status: str  # PASSED | FAILED | NOT_JUDGED
    samples: int
    minimum: int = 0  # the samples this gate needs before it judges
    undriven: str = ""  # why the run's traffic gave this gate no evidence at all: its action was not driven

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    @property
    def judged(self) -> bool:
        return self.status != NOT_JUDGED

    @property
    def said(self) -> str:
        unit = {"p95_ms": " ms", "support_first_response_s": " s"}.get(self.metric, "")
        fmt = (lambda v: f"{v:.1%}") if self.metric in ("error_rate", "checkout_success") else (lambda v: f"{v:,.0f}{unit}" if v >= 10 else f"{v:.2f}{unit}")
        bound = ">=" if self.metric in AT_LEAST else "<="
        if self.undriven:
            return f"{self.market} {self.metric}: not judged, {self.undriven} (target {bound} {fmt(self.target)})"
        if not self.judged:
            return (f"{self.market} {self.metric}: not judged, {self.samples} of the {self.minimum} "
                    f"{EVIDENCE[self.metric]} a verdict needs (target {bound} {fmt(self.target)})")
        return f"{self.market} {self.metric}: {fmt(self.measured)} (target {bound} {fmt(self.target)}, {self.samples} samples)"


def by_region(stats: RequestStats) -> dict[str, StatsEntry]:
    """Every region's requests merged into one entry (its response times, requests, failures)."""
    from locust.stats import StatsEntry

    merged: dict[str, StatsEntry] = {}
    for entry in stats.entries.values():
        m = NAME.match(entry.name)
        if not m:
            continue
        region = merged.setdefault(m.group(1), StatsEntry(stats, m.group(1), "", use_response_times_cache=False))
        region.extend(entry)
    return merged


def evaluate(stats: RequestStats, metrics: Metrics, policy: Policy, markets: list[str],
             undriven: dict[str, str] | None = None) -> list[Result]:
    """Every gate of every market: passed, failed, or not judged for too little evidence, or
    because the traffic did not drive what it measures (`undriven`: metric -> why)."""
    from dataclasses import replace

    from .metrics import RegionMetrics

    regions = by_region(stats)
    out = []
    for market in markets:
        targets = policy[market].service_levels
        entry = regions.get(market)
        requests = entry.num_requests if entry else 0
        region = metrics.regions.get(market) or RegionMetrics()
        out += [
            judge(market, "p95_ms", entry.get_response_time_percentile(0.95) if requests else None,
                  targets.p95_ms, requests),
            judge(market, "error_rate", entry.num_failures / requests if requests else None, targets.error_rate,
                  requests),
            judge(market, "checkout_success", region.placed / region.checkouts if region.checkouts else None,
                  targets.checkout_success, region.checkouts),
            judge(market, "support_first_response_s",
                  percentile(region.first_responses, 0.95) if region.first_responses else None,
                  targets.support_first_response_s, len(region.first_responses)),
        ]
    undriven = undriven or {}
    return [replace(r, status=NOT_JUDGED, undriven=undriven[r.metric]) if r.metric in undriven else r for r in out]


def judge(market: str, metric: str, measured: float | None, target: float, samples: int) -> Result:
    """One figure against its target, judged only on the evidence its gate needs."""
    minimum = MINIMUM_EVIDENCE[metric]
    if measured is None or samples < minimum:
        status = NOT_JUDGED
    elif measured >= target if metric in AT_LEAST else measured <= target:
        status = PASSED
    else:
        status = FAILED
    return Result(market, metric, measured, target, status, samples, minimum)


def unjudged_regions(results: list[Result]) -> dict[str, Result]:
    """The regions judged on nothing at all, each with its request figure (the evidence every
    region's first gates need)."""
    judged = {r.market for r in results if r.judged}
    return {r.market: r for r in results if r.metric == "p95_ms" and r.market not in judged}


def not_judged_lines(results: list[Result], shown: int = 5) -> list[str]:
    """The figures not judged, grouped: one line per cause and set of regions, not one per region
    (a run over every market can have a hundred). Each starts with its cause in brackets: "(not
    driven)" where the traffic never did what the gate measures, "(too little traffic)"."""
    undriven: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    scarce: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for metric in MINIMUM_EVIDENCE:
        for why in dict.fromkeys(r.undriven for r in results if r.metric == metric and r.undriven):
            markets = tuple(r.market for r in results if r.metric == metric and r.undriven == why)
            undriven.setdefault((why, markets), []).append(metric)
        markets = tuple(r.market for r in results if r.metric == metric and not r.judged and not r.undriven)
        if markets:
            scarce.setdefault((EVIDENCE[metric], markets), []).append(metric)

    def where(markets: tuple[str, ...]) -> str:
        return ", ".join(markets) if len(markets) <= shown else f"{len(markets)} regions"

    lines = [f"(not driven): {' and '.join(metrics)} in {where(markets)} ({why})"
             for (why, markets), metrics in undriven.items()]
    for (noun, markets), metrics in scarce.items():
        fewest = min((r for r in results if r.metric == metrics[0] and not r.judged and not r.undriven),
                     key=lambda r: r.samples)
        lines.append(f"(too little traffic): {' and '.join(metrics)} in {where(markets)} (fewest {fewest.samples} "
                     f"of the {fewest.minimum} {noun} a verdict needs)")
    return lines


def gross_breach(stats: RequestStats, policy: Policy, markets: list[str]) -> str | None:
    """A region so far past its target, on enough traffic, that going on tells nothing more."""
    for market, entry in by_region(stats).items():
        if market not in markets or entry.num_requests < 5 * MIN_REQUESTS:
            continue
        targets = policy[market].service_levels
        errors = entry.num_failures / entry.num_requests
        if errors >= max(GROSS_ERROR_RATE, targets.error_rate * GROSS_FACTOR):
            return f"{market} error_rate {errors:.0%} (target <= {targets.error_rate:.1%})"
        p95 = entry.get_response_time_percentile(0.95)
        if p95 > targets.p95_ms * GROSS_FACTOR:
            return f"{market} p95_ms {p95:,.0f} ms (target <= {targets.p95_ms:,.0f} ms)"
    return None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]
