"""Checks: what the market policy expects, each ending passed, failed or not checked.

    @check("delivery to its own address", "SA-2")
    def delivers_to_its_address(actor): ...

registers the check under its name and makes `delivers_to_its_address()` return it, so a journey
reads `customer.should(delivers_to_its_address(), ...)`. A check compares what the policy expects
with what the actor saw (`actor.expects(...)`); it ends

- **passed**, with every comparison it made (what it saw);
- **failed**, with its findings;
- **not checked**, with the reason: an observation it needed was not made (`NotObserved`), the
  adapter cannot ask the shop what it needs (`needs`), or it had nothing to compare;
- **not promised**: the market's policy makes no such promise (`promised` says why), so there is
  nothing to hold the shop to.

A check never passes without a comparison, and never passes when an observation it reads is
missing: `tests/harness/test_check_outcomes.py` proves it for every registered check.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..shop.capabilities import Capability

if TYPE_CHECKING:
    from .actor import Actor, Finding

PASSED, FAILED, NOT_CHECKED, NOT_PROMISED = "passed", "failed", "not checked", "not promised"


@dataclass(frozen=True)
class Check:
    name: str  # "delivery to its own address": how reports and reasons name it; unique
    entries: tuple[str, ...]  # failure-catalogue ids it can file findings under
    verify: Callable[["Actor"], None]
    needs: tuple[Capability, ...] = ()  # what the adapter must be able to ask, beyond its observations
    promised: Callable[["Actor"], str | None] | None = None  # None when the policy promises it, else why not


@dataclass
class CheckOutcome:
    check: str
    entries: tuple[str, ...]
    status: str = NOT_CHECKED
    seen: list[str] = field(default_factory=list)  # the comparisons that held
    findings: list["Finding"] = field(default_factory=list)
    why: str = ""  # why not checked, or not promised
    gaps: list[str] = field(default_factory=list)  # parts it could not compare, and why

    def as_dict(self) -> dict:
        return {"check": self.check, "entries": list(self.entries), "status": self.status, "why": self.why,
                "gaps": list(self.gaps), "seen": len(self.seen),
                "failed_entries": sorted({f.entry for f in self.findings})}


REGISTRY: dict[str, Check] = {}


def check(name: str, *entries: str, needs: tuple[Capability, ...] = (),
          promised: Callable[["Actor"], str | None] | None = None):
    """Registers `verify` as the check `name`; the decorated name returns the `Check`."""
    def register(verify: Callable[["Actor"], None]) -> Callable[[], Check]:
        if name in REGISTRY:
            raise ValueError(f"two checks are named {name!r}: {REGISTRY[name].verify.__module__} and {verify.__module__}")
        made = REGISTRY[name] = Check(name, entries, verify, tuple(needs), promised)

        def factory() -> Check:
            return made

        factory.__name__, factory.__doc__, factory.__module__ = verify.__name__, verify.__doc__, verify.__module__
        return factory

    return register


def run_check(actor: "Actor", made: Check) -> CheckOutcome:
    """Runs one check for `actor`: its outcome, with what it saw, found, or why not."""
    from . import report
    from .observations import CannotCheck

    outcome = CheckOutcome(made.name, made.entries)
    with report.check_step(outcome):
        lacking = [c for c in made.needs if c not in actor.offers]
        why_not = made.promised(actor) if made.promised else None
        if why_not:
            outcome.status, outcome.why = NOT_PROMISED, why_not
        elif lacking:
            outcome.why = lacking[0].lacking
        else:
            actor.checking = outcome
            try:
                made.verify(actor)
            except CannotCheck as exc:
                outcome.why = exc.why
            finally:
                actor.checking = None
            if outcome.findings:
                outcome.status = FAILED
            elif outcome.why:
                outcome.status = NOT_CHECKED
            elif not outcome.seen:
                outcome.why = "; ".join(outcome.gaps) or "it had nothing to compare"
            else:
                outcome.status = PASSED
    return outcome
