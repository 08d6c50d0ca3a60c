"""What Locust's request statistics do not hold: checkouts attempted and placed, and each
ticket's first-response time, per market. Workers send theirs to the master with every report."""
from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field

from locust import events


@dataclass
class RegionMetrics:
    checkouts: int = 0
    placed: int = 0
    first_responses: list[float] = field(default_factory=list)  # seconds, as the shop's API measured them
    unanswered: int = 0  # tickets with no first response by the end of the run


class Metrics:
    def __init__(self):
        self.regions: dict[str, RegionMetrics] = defaultdict(RegionMetrics)

    def checkout(self, market: str, placed: bool) -> None:
        region = self.regions[market]
        region.checkouts += 1
        region.placed += placed

    def first_response(self, market: str, seconds: float) -> None:
        self.regions[market].first_responses.append(seconds)

    def unanswered(self, market: str, count: int = 1) -> None:
        self.regions[market].unanswered += count

    def copy(self) -> "Metrics":
        """The figures as they stand (an interrupted run is judged on what came before the interrupt)."""
        frozen = Metrics()
        frozen.regions.update(copy.deepcopy(dict(self.regions)))
        return frozen

    # --- moving them from workers to the master
    def drain(self) -> dict:
        out = {m: [r.checkouts, r.placed, r.first_responses, r.unanswered] for m, r in self.regions.items()}
        self.regions.clear()
        return out

    def merge(self, data: dict) -> None:
        for market, (checkouts, placed, firsts, unanswered) in data.items():
            region = self.regions[market]
            region.checkouts += checkouts
            region.placed += placed
            region.first_responses.extend(firsts)
            region.unanswered += unanswered


METRICS = Metrics()


@events.report_to_master.add_listener
def _send(client_id, data, **_):
    data["harness_metrics"] = METRICS.drain()


@events.worker_report.add_listener
def _receive(client_id, data, **_):
    METRICS.merge(data.get("harness_metrics", {}))
