"""How big a load run must be to judge its markets: each market's expected requests, from the
shape, against the evidence its gates need (gates.MINIMUM_EVIDENCE)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from ..policy import Policy
from .gates import MIN_REQUESTS
from .shapes import Shape

HEADROOM = 2  # markets are chosen on twice the evidence they need: their traffic is a draw, the pace a guess
# Requests a user sends per second, counted on low: a ShopUser (users.py) waits 0.5-2 s between
# tasks and a Shopper's task sends 1.25 requests on average, so about one a second on a quick shop;
# half that leaves room for a busy load machine or a slower staging.
PACE = 0.5


def expected_requests(shape: Shape, pace: float) -> dict[str, float]:
    """The requests each market of a shape can be counted on for, at `pace` requests per user and
    second."""
    step = max(1.0, shape.duration / 240)  # a few hundred moments are enough for any shape
    out: dict[str, float] = defaultdict(float)
    for _, tick in shape.ticks(step):
        for market, share in tick.mix.items():
            out[market] += tick.users * share * pace * step
    return out


def markets_to_judge(shape: Shape, pace: float = PACE) -> list[str]:
    """The busiest of a shape's markets (by traffic weight) that a run of it can judge: the most
    of them, busiest first, of which each is counted on for HEADROOM times the requests a verdict
    needs. The markets a market-opening shape opens are always kept (they are what it is for);
    at least one market is, whether or not it will be judged. In the shape's order."""
    kept = list(shape.details.get("new", []))
    others = sorted((m for m in shape.weights if m not in kept), key=lambda m: -shape.weights[m])
    best = kept or others[:1]
    for k in range(1, len(others) + 1):
        subset = kept + others[:k]
        if not _judgeable(narrowed(shape, subset), pace):
            break
        best = subset
    return [m for m in shape.weights if m in best]


def load_phase_markets(policy: Policy, markets: list[str], shape: str, users: int, seconds: float,
                       new_markets: list[str] | None = None) -> tuple[list[str], str | None]:
    """The markets a job's load phase over `markets` load-tests (markets_to_judge), and the line
    that says which it leaves out (None when it leaves out none)."""
    from . import shapes

    whole = shapes.make(shape, {m: policy[m].traffic_weight for m in markets}, users, seconds,
                        zones={m: policy[m].time_zone for m in markets}, new_markets=new_markets)
    chosen = markets_to_judge(whole)
    return chosen, judging_note(whole, chosen) if len(chosen) < len(markets) else None


def _judgeable(shape: Shape, pace: float) -> bool:
    expected = expected_requests(shape, pace)
    return min(expected.get(m, 0.0) for m in shape.weights) >= HEADROOM * MIN_REQUESTS


def narrowed(shape: Shape, markets: list[str]) -> Shape:
    """The same shape over some of its markets."""
    return replace(shape, weights={m: w for m, w in shape.weights.items() if m in markets})


def judging_note(shape: Shape, chosen: list[str], pace: float = PACE, shown: int = 8) -> str:
    """The one line a run says about the markets of `shape` it load-tests and those it leaves out."""
    def busiest_first(markets):
        return sorted(markets, key=lambda m: -shape.weights[m])

    tested = ", ".join(busiest_first(chosen))
    size = f"{shape.users} users for {shape.duration:.0f} s"
    if _judgeable(narrowed(shape, chosen), pace):
        said = (f"load-testing {tested}: the busiest markets {size} can judge (each counted on for "
                f"{HEADROOM}x the {MIN_REQUESTS} requests a verdict needs)")
    else:
        said = f"load-testing {tested} only: {size} may not give even these the {MIN_REQUESTS} requests a verdict needs"
    left_out = busiest_first(m for m in shape.weights if m not in chosen)
    if not left_out:
        return said
    names = ", ".join(left_out[:shown]) + (f" and {len(left_out) - shown} more" if len(left_out) > shown else "")
    return f"{said}; left out, with too little of the traffic to judge: {names}"


