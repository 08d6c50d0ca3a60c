"""How a journey's check outcomes are said: the checks it could not make, and why."""
from __future__ import annotations

from ..screenplay import NOT_CHECKED, NOT_PROMISED, Actor


def not_checked(actor: Actor) -> list[str]:
    """One line per check not made, or made without one of its parts:
    "DE checkout: confirmation e-mail not checked: the adapter reads no mailbox"."""
    who = f"{actor.persona.market} {actor.journey}"
    lines = [f"{who}: {o.check} not checked: {o.why}" for o in actor.outcomes if o.status == NOT_CHECKED]
    lines += [f"{who}: {o.check}: {gap} (not checked)" for o in actor.outcomes for gap in o.gaps]
    return lines


def summary_of(actor: Actor) -> str:
    """Why a journey checked nothing, on one line: each reason once, with the checks it stopped."""
    by_reason: dict[str, list[str]] = {}
    for o in actor.outcomes:
        if o.status in (NOT_CHECKED, NOT_PROMISED):
            reason = o.why if o.status == NOT_CHECKED else f"not promised: {o.why}"
            by_reason.setdefault(reason, []).append(o.check)
    said = "; ".join(f"{why} ({', '.join(checks)})" for why, checks in by_reason.items()) or "it has no checks"
    return f"{actor.persona.market} {actor.journey}: nothing checked: {said}"
