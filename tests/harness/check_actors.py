"""An actor that has walked a clean shop (`clean_shop.py`), for testing one check without a
browser: change one observation the way a broken shop shows it and read the finding."""
from __future__ import annotations

import dataclasses

from harness.personas import PersonaFactory
from harness.plugin.selection import walkers
from harness.policy import load_policy
from harness.screenplay import FAILED, Actor, Key
from harness.shop.capabilities import ALL

from .clean_shop import seen

POLICY = load_policy()
FACTORY = PersonaFactory(POLICY, 1)


def clean_actor(journey: str, market: str, offers=ALL, policy=None, scene=None, region: str | None = None,
                **changed) -> Actor:
    """The market's walker on `journey` in a clean shop; `changed` replaces observations by their
    key's name (underscores for spaces), with a value or a function of the clean one.

    `policy` replaces the market's shipped policy (one modified in the test: the shop is clean
    for it), `scene` adds observations on top (`clean_shop.SCENES`), `region` moves the
    persona's address to another region of its country."""
    persona = walkers(FACTORY, market)[0]
    if region:
        persona = dataclasses.replace(persona, address=dataclasses.replace(persona.address, region=region))
    policy = policy or POLICY[market]
    actor = Actor(persona, policy, journey, offers=frozenset(offers))
    actor.seen.update(seen(persona, policy))
    if scene is not None:
        actor.seen.update(scene(persona, policy))
    keys = {key.name: key for key in actor.seen}
    for name, value in changed.items():
        key = keys[name.replace("_", " ")]
        actor.seen[key] = value(actor.seen[key]) if callable(value) else value
    return actor


def replace(**fields):
    return lambda seen_before: dataclasses.replace(seen_before, **fields)


def said(outcome) -> list[str]:
    return [f"{f.text} ({f.entry})" for f in outcome.findings]


def filed(actor: Actor, outcome) -> list[str]:
    """The findings of a failed check, as `said` gives them, once each is shown to name the
    actor's persona (of the actor's market) and journey, and to be filed under a catalogue id
    the check declares."""
    assert outcome.status == FAILED, (outcome.status, outcome.why, outcome.seen)
    for finding in outcome.findings:
        assert finding.persona == actor.persona.id, finding
        assert finding.persona.startswith(f"{actor.policy.market}-"), finding
        assert finding.journey == actor.journey, finding
        assert finding.entry in outcome.entries, (finding.entry, outcome.entries)
    return said(outcome)


def unobserved(actor: Actor, key: Key, why: str) -> Actor:
    """`key` not observed, for the reason the journey gave (a task left out, the journey stopped)."""
    actor.seen.pop(key, None)
    actor.cannot_see(key, why)
    return actor


def policy_of(market: str, **changed):
    """The market's shipped policy with `changed` fields (a promise it does not make: None, [])."""
    return POLICY[market].model_copy(update=changed)
