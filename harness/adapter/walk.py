"""One market's walk through an adapter's methods for `harness adapter check`: each call's
outcome (works, errors, not offered, not tried), what it returned for the calls after it, and the
bounds on its time. The calls themselves and their order are `calls.py`."""
from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..personas import Persona
from ..policy import MarketPolicy
from ..shop import Shop
from ..shop.capabilities import Capability, NotOffered
from .interface import conforms, method

STEP_TIMEOUT_MS = 15_000  # Playwright's default for every page operation and navigation
CALL_TIMEOUT_S = 60  # the most one call may take, whatever it waits on
STAND_IN = "harness-adapter-check"  # what a call gets for a result that is missing (see above)
DELIVERY_DATES = "(its delivery dates)"

WORKS, ERRORS, NOT_OFFERED, NOT_TRIED = "works", "errors", "not offered", "not tried"
BLOCKED, MOOT = "blocked", "moot"  # why a call was not tried: something did not work / nothing to do
STYLE = {WORKS: "green", ERRORS: "red", NOT_OFFERED: "yellow", NOT_TRIED: "bright_black"}

Key = tuple[Capability, str]  # a row: the capability and the method ("part.method") that asks for it


@dataclass(frozen=True)
class Outcome:
    kind: str  # works | errors | not offered | not tried
    text: str = ""  # what came back, the error, or why it was not tried
    root: str = ""  # not tried: errors | not offered | blocked | moot, at the root of it

    @property
    def ok(self) -> bool:
        """Works, or had nothing to do because of the shop's own answer."""
        return self.kind == WORKS or (self.kind == NOT_TRIED and self.root == MOOT)

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}" if self.text else self.kind


class Skip(Exception):
    """Raised while preparing a call that cannot be made: `root` says why (blocked, moot, not offered)."""

    def __init__(self, why: str, root: str = BLOCKED):
        super().__init__(why)
        self.why, self.root = why, root


class CallTimedOut(Exception):
    pass


@dataclass(frozen=True)
class Step:
    """One row: a method called for a capability, its arguments worked out from the walk so far."""

    capability: Capability
    method: str  # "part.method"
    args: Callable[["Walk"], tuple]
    summary: Callable[[Any], str]
    label: str = ""  # told apart where one method serves two capabilities: "(ticket)"
    derived: bool = False  # no call of its own: read from the row of the same method before it

    @property
    def key(self) -> Key:
        return (self.capability, self.method)

    @property
    def title(self) -> str:
        return f"{self.method} {self.label}".strip()


# --------------------------------------------------------------------------------------------- a walk


class Walk:
    """One market's calls: one persona in its own browser context."""

    def __init__(self, shop: Shop, persona: Persona, policy: MarketPolicy, page, new_page: Callable[[], Any],
                 steps: list[Step] = ()):
        self.shop, self.persona, self.policy, self.page = shop, persona, policy, page
        self.steps = {step.key: step for step in steps}  # how an earlier call is named in a "needs ..."
        self._new_page = new_page  # a page in another browser context, set up as the persona's
        self._opened: dict[str, Any] = {}
        self.results: dict[Key, Any] = {}
        self.outcomes: dict[Key, Outcome] = {}
        self.notes: dict[str, Any] = {}
        self._missing: list[Key] = []

    # -- for the steps' arguments
    def need(self, key: Key, pick: Callable[[Any], Any] = lambda r: r, stand_in: Any = STAND_IN) -> Any:
        """What an earlier call returned (`pick` of it); the stand-in where it did not work."""
        if key in self.results:
            return pick(self.results[key])
        self._missing.append(key)
        return stand_in

    def got(self, key: Key) -> Any:
        """What an earlier call returned, None where it did not work (for a choice, not a need)."""
        return self.results.get(key)

    @property
    def probing(self) -> bool:
        """A needed result is missing: the call is made with stand-ins only to see if it is offered."""
        return bool(self._missing)

    def prepare(self, what: str, call: Callable[[], Any]) -> Any:
        """A call made only to set up the next one (asking the chat again for a person)."""
        try:
            with deadline(CALL_TIMEOUT_S):
                return call()
        except NotOffered:
            raise Skip(f"{what}: not offered", NOT_OFFERED) from None
        except Exception as exc:
            raise Skip(f"{what}: {said(exc)}") from None

    def other_page(self, who: str):
        """A page in a browser context of its own, without the persona's cookies: `who` is
        "stranger" (another customer) or "new visit" (the persona again, a conversation afresh)."""
        if who not in self._opened:
            self._opened[who] = self._new_page()
        return self._opened[who]

    # -- running
    def run(self, step: Step) -> Outcome:
        if step.derived:
            outcome = self._derived(step)
        else:
            outcome = self._run(step)
        self.outcomes[step.key] = outcome
        return outcome

    def _derived(self, step: Step) -> Outcome:
        source = next(k for k in self.outcomes if k[1] == step.method)
        outcome = self.outcomes[source]
        if outcome.kind != WORKS:
            return outcome
        self.results[step.key] = self.results[source]
        return Outcome(WORKS, _summarise(step, self.results[source]))

    def _run(self, step: Step) -> Outcome:
        self._missing = []
        try:
            args = step.args(self)
        except Skip as skip:
            return Outcome(NOT_TRIED, skip.why, skip.root)
        missing = list(dict.fromkeys(self._missing))
        if missing:
            roots = [self._root(k) for k in missing]
            root = next((r for r in (ERRORS, BLOCKED, NOT_OFFERED) if r in roots), MOOT)
            first = missing[0]
            why = f"needs {self._title(first)} ({self.outcomes[first].kind})"
            if root != NOT_OFFERED:
                return Outcome(NOT_TRIED, why, root)
            kind, _, _ = self._call(step, args)  # only to see whether it is offered
            return Outcome(NOT_OFFERED) if kind == NOT_OFFERED else Outcome(NOT_TRIED, why, root)
        kind, value, text = self._call(step, args)
        if kind == WORKS:
            self.results[step.key] = value
            text = _summarise(step, value)
        return Outcome(kind, text)

    def _call(self, step: Step, args: tuple) -> tuple[str, Any, str]:
        part_name, _, name = step.method.partition(".")
        part = getattr(self.shop, part_name)
        if part is None:
            return NOT_OFFERED, None, f"the adapter has no {part_name} part"
        try:
            with deadline(CALL_TIMEOUT_S):
                value = getattr(part, name)(*args)
        except NotOffered as exc:
            return NOT_OFFERED, None, "" if exc.why == exc.capability.lacking else exc.why
        except Exception as exc:
            return ERRORS, None, said(exc)
        protocol = method(step.method)
        if not conforms(value, protocol.returns):
            expected = protocol.signature.return_annotation
            return ERRORS, None, f"returned {type(value).__name__}, not {expected}"
        return WORKS, value, ""

    def _root(self, key: Key) -> str:
        outcome = self.outcomes[key]
        return outcome.kind if outcome.kind in (ERRORS, NOT_OFFERED) else outcome.root

    def _title(self, key: Key) -> str:
        step = self.steps.get(key)
        return step.title if step else key[1]

    def close(self) -> None:
        for page in self._opened.values():
            page.context.close()


def _summarise(step: Step, value: Any) -> str:
    try:
        return step.summary(value)
    except Exception as exc:  # a summary is a courtesy: never turn a working call into an error
        return f"(returned {type(value).__name__}; {said(exc)})"


def said(exc: BaseException) -> str:
    """The exception's type and the first line of its message."""
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Bounds a call's time, whatever it waits on (the main thread only: elsewhere Playwright's
    timeouts are the only bound)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame):
        raise CallTimedOut(f"no answer within {seconds:.0f} s")

    before = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


