"""What one process of a run hands back to another, typed: a journey's result (a line of the
journeys' progress file, written by the plugin's controller and followed by `harness run`) and a
load run's summary (`harness load --summary`, read by `harness run` and `harness rehearse`).
Written and read only here, so both sides agree on every field."""
from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

OUTCOMES = ("passed", "failed", "broken", "skipped")


class JourneyResult(BaseModel):
    """One persona's walk of one journey, as its test process ended it."""

    model_config = ConfigDict(frozen=True)

    nodeid: str
    journey: str  # the registry's name (harness/journeys.py)
    persona: str  # DE-0001, or "" for a test that walks no persona
    market: str
    outcome: str  # one of OUTCOMES
    message: str  # its finding, or why it could not run; "" when it passed
    checks: tuple[dict, ...] = ()  # each check's outcome (harness.screenplay.CheckOutcome.as_dict)
    flaky: str = ""  # passed only when walked again: what the walk before found ("" otherwise)

    def line(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_line(cls, text: str) -> "JourneyResult":
        return cls.model_validate_json(text)


_PERSONA = re.compile(r"\[(?:[a-z]+-)?([A-Z]{2}-\d{4,})\]$")  # a journey's test id ends with its persona


def persona_of(nodeid: str) -> str:
    """The persona a journey's node id names: "DE-0001" of "...::test_x[chromium-DE-0001]"; "" for none."""
    found = _PERSONA.search(nodeid)
    return found.group(1) if found else ""


def tally(results: list[JourneyResult]) -> str:
    """"6 of 7 passed (1 flaky), 1 skipped": how a set of walks ended, every outcome that occurred
    named, so a skip never reads as a failure nor a failure as a skip, nor a flaky pass as a clean one."""
    counts = {o: sum(r.outcome == o for r in results) for o in OUTCOMES}
    flaky = sum(bool(r.flaky) for r in results)
    others = [f"{n} {o}" for o, n in counts.items() if o != "passed" and n]
    return ", ".join([f"{counts['passed']} of {len(results)} passed" + (f" ({flaky} flaky)" if flaky else ""), *others])


class Collected(BaseModel):
    """The first line of a progress file: how many journeys the run has to walk."""

    collected: int


def progress_line(text: str) -> JourneyResult | Collected:
    return Collected.model_validate_json(text) if text.startswith('{"collected"') else JourneyResult.from_line(text)


class RegionResult(BaseModel):
    """One region's figure for one service-level target, and the verdict on it (harness.load.gates.Result)."""

    market: str
    metric: str  # p95_ms | error_rate | checkout_success | support_first_response_s
    measured: float | None
    target: float
    status: str  # passed | failed | not judged
    passed: bool
    samples: int
    minimum: int = 0
    undriven: str = ""
    said: str = ""


class LoadSummary(BaseModel):
    """A load run's verdicts, as `harness load --summary FILE` writes them."""

    verdict: str  # green | missed | not judged | target error | interrupted
    passed: bool  # verdict == green
    said: str  # the verdict in one line
    target_error: str | None = None
    unjudged: dict[str, str] = Field(default_factory=dict)  # market -> "N of the M requests a verdict needs"
    not_judged: list[str] = Field(default_factory=list)
    under_load: list[JourneyResult] = Field(default_factory=list)  # the journeys walked again during the run
    stopped_early: str | None = None
    interrupted: bool = False
    not_driven: list[str] = Field(default_factory=list)
    requests: int = 0
    failures: int = 0
    seconds: float = 0
    shape: str = ""
    reports: str = ""
    markets: list[str] = Field(default_factory=list)
    note: str | None = None
    results: list[RegionResult] = Field(default_factory=list)

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.model_dump_json(indent=2), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> "LoadSummary":
        return cls.model_validate_json(path.read_text(encoding="utf-8"))
