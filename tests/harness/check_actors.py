"""An actor that has walked a clean shop (`clean_shop.py`), for testing one check without a
browser: change one observation the way a broken shop shows it and read the finding."""
from __future__ import annotations

import dataclasses

from harness.personas import PersonaFactory
from harness.plugin.selection import walkers
from harness.policy import load_policy
from harness.screenplay import Actor
from harness.shop.capabilities import ALL

from .clean_shop import seen

POLICY = load_policy()
FACTORY = PersonaFactory(POLICY, 1)


def clean_actor(journey: str, market: str, offers=ALL, **changed) -> Actor:
    """The market's walker on `journey` in a clean shop; `changed` replaces observations by their
    key's name (underscores for spaces), with a value or a function of the clean one."""
    persona = walkers(FACTORY, market)[0]
    actor = Actor(persona, POLICY[market], journey, offers=frozenset(offers))
    actor.seen.update(seen(persona, POLICY[market]))
    keys = {key.name: key for key in actor.seen}
    for name, value in changed.items():
        key = keys[name.replace("_", " ")]
        actor.seen[key] = value(actor.seen[key]) if callable(value) else value
    return actor


def replace(**fields):
    return lambda seen_before: dataclasses.replace(seen_before, **fields)


def said(outcome) -> list[str]:
    return [f"{f.text} ({f.entry})" for f in outcome.findings]
