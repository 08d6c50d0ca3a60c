"""A journey's fault profiles proven in shared runs: each profile names the run it is walked in,
the walks it must fail with their findings, and the walks beside them it must leave alone. The
profiles of one run break different markets (or different steps), so one run proves several."""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .broken_shop import BrokenShop, Rules
from .journeys import Run, once, run_journeys, shared_run, walks
from .partial_shops import ADAPTER


@dataclass(frozen=True)
class Fault:
    run: str  # the shared run that walks it (FaultTable.runs)
    says: dict[str, list[str]]  # per walk it fails, the findings its message must name
    beside: tuple[str, ...] = ()  # walks it must leave alone


def contains(finding: str, message: str) -> bool:
    return finding in message


def matches(pattern: str, message: str) -> bool:
    return re.search(pattern, message) is not None


@dataclass(frozen=True)
class FaultTable:
    marker: str  # the journey's marker ("after_sales")
    faults: dict[str, Fault]
    adapters: dict[str, str]  # per run, the partial adapter of tests/scenarios/partial_shops.py it walks with
    found: Callable[[str, str], bool] = contains  # how a finding is looked for in a failure message

    @property
    def runs(self) -> dict[str, list[str]]:
        """Each run's faults, by run name."""
        return {run: sorted(f for f, fault in self.faults.items() if fault.run == run) for run in self.adapters}

    def walked_in(self, run: str) -> list[str]:
        return list(dict.fromkeys(w for f in self.runs[run] for w in (*self.faults[f].says, *self.faults[f].beside)))

    def failing(self) -> list[str]:
        """Every walk a fault fails: the clean shop walks them too, so each failure is the fault's."""
        return list(dict.fromkeys(w for fault in self.faults.values() for w in fault.says))

    def walker(self, tmp_path_factory) -> Callable[[str], Run]:
        """`walk(run)`: the run, walked once per test session."""
        slug = self.marker.replace("_", "-")

        @functools.cache
        def walk(run: str) -> Run:
            return shared_run(tmp_path_factory, f"{slug}-{run}", "-m", self.marker, "--faults", ",".join(self.runs[run]),
                              "--adapter", ADAPTER + self.adapters[run], *walks(*self.walked_in(run)))

        return walk

    def assert_alone(self, run: str, walked: Run) -> None:
        """Every walk of the run was walked, and the only ones that fail are those a fault fails."""
        assert walked.returncode == 1, walked.output
        assert set(walked.outcomes) == set(self.walked_in(run)), walked.outcomes
        assert set(walked.failed()) == {w for f in self.runs[run] for w in self.faults[f].says}, walked.outcomes

    def assert_caught(self, name: str, walked: Run) -> None:
        """The fault failed its walks with each of its findings and left the walks beside them alone."""
        says, beside = self.faults[name].says, self.faults[name].beside
        assert {w: walked.outcomes[w] for w in (*says, *beside)} == {**dict.fromkeys(says, "failed"),
                                                                     **dict.fromkeys(beside, "passed")}, walked.outcomes
        for test, findings in says.items():
            for finding in findings:
                assert self.found(finding, walked.messages[test]), (finding, walked.messages[test])


def edge_run(tmp_path_factory, name: str, marker: str, shop: str, rules: Callable[[], Rules],
             walked: Iterable[str]) -> Run:
    """These walks of the journey, once per test session, through the edge rules `rules()` makes
    in front of `shop` (for what no fault profile breaks)."""
    walked = tuple(walked)

    def walk(folder):
        with BrokenShop(shop, rules()) as edge:
            return run_journeys(folder, "-m", marker, "--target", edge.url, *walks(*walked))

    return once(tmp_path_factory, name, walk)
