"""Service-level gates: each region's measured figures against its market policy's targets.

A region is a market; its requests are the ones named `[CC] ...`. Each metric of each region
passes or fails; a gross breach (far past a target on enough traffic) stops the run early.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from locust.stats import RequestStats, StatsEntry

from ..policy import Policy
from .metrics import Metrics

NAME = re.compile(r"^\[([A-Z]{2})\] ")
MIN_REQUESTS = 20  # fewer requests than this say nothing about a region's p95 or error rate
GROSS_FACTOR = 5.0  # this far past a target on enough traffic stops the run early
GROSS_ERROR_RATE = 0.5


@dataclass(frozen=True)
class Result:
    market: str
    metric: str  # p95_ms | error_rate | checkout_success | support_first_response_s
    measured: float | None  # None: no traffic to measure
    target: float
    passed: bool
    samples: int

    @property
    def said(self) -> str:
        unit = {"p95_ms": " ms", "support_first_response_s": " s"}.get(self.metric, "")
        fmt = (lambda v: f"{v:.1%}") if self.metric in ("error_rate", "checkout_success") else (lambda v: f"{v:,.0f}{unit}" if v >= 10 else f"{v:.2f}{unit}")
        measured = "not measured" if self.measured is None else fmt(self.measured)
        bound = ">=" if self.metric == "checkout_success" else "<="
        return f"{self.market} {self.metric}: {measured} (target {bound} {fmt(self.target)}, {self.samples} samples)"


def by_region(stats: RequestStats) -> dict[str, StatsEntry]:
    """Every region's requests merged into one entry (its response times, requests, failures)."""
    merged: dict[str, StatsEntry] = {}
    for entry in stats.entries.values():
        m = NAME.match(entry.name)
        if not m:
            continue
        region = merged.setdefault(m.group(1), StatsEntry(stats, m.group(1), "", use_response_times_cache=False))
        region.extend(entry)
    return merged


def evaluate(stats: RequestStats, metrics: Metrics, policy: Policy, markets: list[str]) -> list[Result]:
    regions = by_region(stats)
    out = []
    for market in markets:
        targets = policy[market].service_levels
        entry = regions.get(market)
        requests = entry.num_requests if entry else 0
        if requests:
            p95 = entry.get_response_time_percentile(0.95)
            errors = entry.num_failures / requests
            enough = requests >= MIN_REQUESTS
            out.append(Result(market, "p95_ms", p95, targets.p95_ms, not enough or p95 <= targets.p95_ms, requests))
            out.append(Result(market, "error_rate", errors, targets.error_rate,
                              not enough or errors <= targets.error_rate, requests))
        else:
            out.append(Result(market, "p95_ms", None, targets.p95_ms, True, 0))
            out.append(Result(market, "error_rate", None, targets.error_rate, True, 0))
        region = metrics.regions.get(market)
        if region and region.checkouts:
            success = region.placed / region.checkouts
            out.append(Result(market, "checkout_success", success, targets.checkout_success,
                              success >= targets.checkout_success, region.checkouts))
        else:
            out.append(Result(market, "checkout_success", None, targets.checkout_success, True, 0))
        if region and region.first_responses:
            p95 = percentile(region.first_responses, 0.95)
            out.append(Result(market, "support_first_response_s", p95, targets.support_first_response_s,
                              p95 <= targets.support_first_response_s, len(region.first_responses)))
        else:
            out.append(Result(market, "support_first_response_s", None, targets.support_first_response_s, True, 0))
    return out


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


def by_metric(results: list[Result]) -> dict[str, list[Result]]:
    out = defaultdict(list)
    for r in results:
        out[r.metric].append(r)
    return out
