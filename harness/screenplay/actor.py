"""Actors: personas that perform tasks, note what they see and hold the shop to their policy.

A journey reads like the scenario: `customer.attempts_to(Land.on_the_shop(), ...)`, then
`customer.should(lands_in_its_market(), ...)`. Every task is an Allure step. A task the adapter
cannot do (its `needs`), or one after the journey stopped, is left out and the observations it
would have made are noted as not made, with the reason. A task that cannot be done for another
reason is an error of the shop or the harness (the test breaks). An expectation that is not met
is a finding: it is collected, and the test fails at its end naming every one of them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, TypeVar

from ..personas import Persona
from ..policy import MarketPolicy
from ..shop.capabilities import ALL, CannotPerform, Capability, NotOffered
from . import report
from .checks import Check, CheckOutcome, run_check
from .observations import Key, NotObserved

__all__ = ["Actor", "CannotPerform", "Finding", "Task"]  # CannotPerform: harness.shop's, re-exported

A = TypeVar("A")
T = TypeVar("T")


class Task(Protocol):
    description: str
    needs: ClassVar[tuple[Capability, ...]]  # what the adapter must be able to do for it
    notes: ClassVar[tuple[Key, ...]]  # the observations it makes
    # True for a task the rest of the journey stands on (registering for a registered checkout):
    # left out, it stops the journey, rather than walking a different journey under its name.
    precondition: ClassVar[bool]

    def perform_as(self, actor: "Actor") -> None: ...


@dataclass(frozen=True)
class Finding:
    """An expectation the shop did not meet, said the way a QA engineer files it."""

    persona: str
    journey: str
    entry: str  # failure-catalogue id, e.g. "SA-3"
    text: str  # "expected currency EUR, confirmation shows CHF"

    def __str__(self) -> str:
        return f"{self.persona} {self.journey}: {self.text} ({self.entry})"


@dataclass
class Actor:
    persona: Persona
    policy: MarketPolicy
    journey: str = "journey"
    abilities: dict[type, Any] = field(default_factory=dict)
    seen: dict[Key, Any] = field(default_factory=dict)
    unseen: dict[Key, str] = field(default_factory=dict)  # observations not made, and why
    findings: list[Finding] = field(default_factory=list)
    outcomes: list[CheckOutcome] = field(default_factory=list)
    offers: frozenset[Capability] = ALL  # what the shop's adapter can ask; set by UseTheShop
    stopped: str | None = None  # why the journey cannot go on (the shop refused a step)
    checking: CheckOutcome | None = None  # the check running now
    _after_stop: str = ""  # why the tasks after a stop are left out

    @property
    def name(self) -> str:
        return self.persona.id

    def can(self, *abilities: Any) -> "Actor":
        for ability in abilities:
            self.abilities[type(ability)] = ability
            shop = getattr(ability, "shop", None)
            if shop is not None:
                self.offers = shop.offers
        return self

    def ability(self, kind: type[A]) -> A:
        try:
            return self.abilities[kind]
        except KeyError:
            raise LookupError(f"{self.name} cannot {kind.__name__}: give the actor that ability") from None

    # --- tasks

    def attempts_to(self, *tasks: Task) -> "Actor":
        for task in tasks:
            title = task.description.format(actor=self.name)
            lacking = next((c for c in getattr(task, "needs", ()) if c not in self.offers), None)
            why = self._after_stop if self.stopped else lacking.lacking if lacking else None
            if why:
                self._left_out(task, why)
                report.not_done(f"{title}: not done: {why}")
                if lacking and getattr(task, "precondition", False):
                    self.stop(why, by_the_shop=False)
                continue
            with report.step(title):
                try:
                    task.perform_as(self)
                except (NotOffered, NotObserved) as exc:  # the shop has no such thing / nothing to do it on
                    self._left_out(task, exc.why)
                    report.text(exc.why, "not done")
        return self

    def _left_out(self, task: Task, why: str) -> None:
        for key in getattr(task, "notes", ()):
            if key not in self.seen:
                self.unseen.setdefault(key, why)

    def stop(self, why: str, by_the_shop: bool = True) -> None:
        """The shop refused a step the rest of the journey needs (or the adapter cannot do one,
        `by_the_shop=False`): later tasks are left out, their observations noted as not made."""
        if self.stopped is None:
            self.stopped = why
            self._after_stop = f"the journey stopped: {why}" if by_the_shop else why
            report.text(why, "journey stopped")

    def resume(self) -> str | None:
        """Goes on after a part of the journey stopped (e.g. a purchase); returns why it had."""
        why, self.stopped = self.stopped, None
        return why

    # --- observations

    def remember(self, key: Key[T], value: T) -> T:
        self.seen[key] = value
        self.unseen.pop(key, None)
        return value

    def cannot_see(self, key: Key, why: str) -> None:
        """Notes that `key` was not observed, and why (a check needing it will say so)."""
        if key not in self.seen:
            self.unseen[key] = why

    def recall(self, key: Key[T]) -> T:
        if key in self.seen:
            return self.seen[key]
        why = self.unseen.get(key) or (self._after_stop if self.stopped else "no task of the journey looks at it")
        raise NotObserved(key, why)

    def channels(self, *channels: tuple[Key, str, Capability]) -> Iterator[tuple[Key, str, Any]]:
        """(key, where, what it saw) for each channel the adapter can read; one it cannot read is
        a gap of the running check ("the refund e-mail: the adapter reads no mailbox")."""
        for key, where, capability in channels:
            if capability in self.offers:
                yield key, where, self.recall(key)
            else:
                self.gap(where, capability.lacking)

    # --- expectations

    def should(self, *checks: Check) -> "Actor":
        for made in checks:
            self.outcomes.append(run_check(self, made))
        return self

    def expects(self, entry: str, what: str, expected: Any, shown: Any, where: str,
                same: Callable[[Any, Any], bool] | None = None) -> bool:
        """Compares what the policy expects with what `where` shows; a difference is a finding
        "expected <what> <expected>, <where> shows <shown>". Returns whether they agree."""
        agree = same(expected, shown) if same else expected == shown
        return self.expects_true(entry, agree, f"expected {what} {_said(expected)}, {where} shows {_said(shown)}",
                                 f"{what}: expected {_said(expected)}, {where} shows {_said(shown)}")

    def expects_true(self, entry: str, condition: bool, failure: str, check: str | None = None) -> bool:
        """A condition the shop must meet; `failure` says what was wrong when it is not."""
        if condition:
            report.check(check or failure, True)
            if self.checking is not None:
                self.checking.seen.append(check or failure)
        else:
            report.check(check or failure, False, str(self.finds(entry, failure)))
        return condition

    def finds(self, entry: str, text: str) -> Finding:
        finding = Finding(self.persona.id, self.journey, entry, text)
        self.findings.append(finding)
        if self.checking is not None:
            self.checking.findings.append(finding)
        return finding

    def saw(self, text: str) -> None:
        """A comparison that held without a finding to file (e.g. "the shop carries no knives")."""
        report.check(text, True)
        if self.checking is not None:
            self.checking.seen.append(text)

    def gap(self, what: str, why: str) -> None:
        """A part of the running check it could not compare: it says so, and the rest stands."""
        report.check(f"{what}: not checked: {why}", True)
        if self.checking is not None:
            self.checking.gaps.append(f"{what}: {why}")


def _said(value: Any) -> str:
    if value is None or value == "":
        return "nothing"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(str(v) for v in value) or "nothing"
    return str(value)

