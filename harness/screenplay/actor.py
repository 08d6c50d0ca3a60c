"""Actors: personas that perform tasks, ask questions and hold expectations.

A journey reads like the scenario: `customer.attempts_to(Land.on_the_shop(), ...)`, then
`customer.should(...)`. Every task is an Allure step; a task that cannot be done is an error
of the shop or the harness (the test breaks), while an expectation that is not met is a
finding: it is collected, and the test fails at its end naming every one of them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from ..personas import Persona
from ..policy import MarketPolicy
from . import report

A = TypeVar("A")


class Task(Protocol):
    description: str

    def perform_as(self, actor: "Actor") -> None: ...


class Question(Protocol):
    def answered_by(self, actor: "Actor") -> Any: ...


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
    notes: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.persona.id

    def can(self, *abilities: Any) -> "Actor":
        for ability in abilities:
            self.abilities[type(ability)] = ability
        return self

    def ability(self, kind: type[A]) -> A:
        try:
            return self.abilities[kind]
        except KeyError:
            raise LookupError(f"{self.name} cannot {kind.__name__}: give the actor that ability") from None

    def attempts_to(self, *tasks: Task) -> "Actor":
        for task in tasks:
            with report.step(task.description.format(actor=self.name)):
                task.perform_as(self)
        return self

    def asks_for(self, question: Question) -> Any:
        return question.answered_by(self)

    def remember(self, key: str, value: Any) -> Any:
        self.notes[key] = value
        return value

    def recall(self, key: str) -> Any:
        if key not in self.notes:
            raise LookupError(f"{self.name} has nothing noted as {key!r}: a task before this one should note it")
        return self.notes[key]

    # --- expectations
    def expects(self, entry: str, what: str, expected: Any, shown: Any, where: str,
                same: Callable[[Any, Any], bool] | None = None) -> bool:
        """Compares what the policy expects with what `where` shows; a difference is a finding
        "expected <what> <expected>, <where> shows <shown>". Returns whether they agree."""
        agree = same(expected, shown) if same else expected == shown
        report.check(f"{what}: expected {_said(expected)}, {where} shows {_said(shown)}", agree)
        if not agree:
            self.finds(entry, f"expected {what} {_said(expected)}, {where} shows {_said(shown)}")
        return agree

    def expects_true(self, entry: str, condition: bool, failure: str, check: str | None = None) -> bool:
        """A condition the shop must meet; `failure` says what was wrong when it is not."""
        report.check(check or failure, condition)
        if not condition:
            self.finds(entry, failure)
        return condition

    def finds(self, entry: str, text: str) -> None:
        self.findings.append(Finding(self.persona.id, self.journey, entry, text))

    def should(self, *checks: Callable[["Actor"], Any]) -> "Actor":
        for check in checks:
            check(self)
        return self


def _said(value: Any) -> str:
    if value is None or value == "":
        return "nothing"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(str(v) for v in value) or "nothing"
    return str(value)


class CannotPerform(Exception):
    """The harness could not do a step (a form missing, a page that never came): the journey is
    broken, which says nothing about the shop's promises, unlike a finding."""
