"""Every check ends passed (with what it saw), failed (with its findings) or not checked (with
the reason), and never passes when an observation it reads is missing.

A table over every registered check, without a browser: the observations a clean shop yields
(`clean_shop.py`) make each check pass; taking away any one observation the check read makes it
not checked, with the reason the journey gave; an adapter without what it needs, or a policy
without the promise, is said so.
"""
from __future__ import annotations

import dataclasses

import pytest

import harness.expectations.aftersales  # noqa: F401  (registers the checks)
import harness.expectations.checkout  # noqa: F401
import harness.expectations.service_area  # noqa: F401
import harness.expectations.support  # noqa: F401
import harness.expectations.traveller  # noqa: F401
from harness.personas import PersonaFactory
from harness.plugin.selection import walkers
from harness.policy import load_policy
from harness.screenplay import FAILED, NOT_CHECKED, NOT_PROMISED, PASSED, REGISTRY, Actor
from harness.screenplay.checks import run_check
from harness.shop.capabilities import ALL, Capability

from .clean_shop import SCENES, seen

MARKETS = ("DE", "JP", "SA", "US")  # between them every promise, restrictions, sales tax, another script
POLICY = load_policy()
FACTORY = PersonaFactory(POLICY, 1)


def walker(market: str):
    return walkers(FACTORY, market)[0]


def actor_for(market: str, check_name: str, offers=ALL, without=()) -> Actor:
    persona, policy = walker(market), POLICY[market]
    observed = seen(persona, policy)
    if check_name in SCENES:
        observed.update(SCENES[check_name](persona, policy))
    for key in without:
        observed.pop(key, None)
    actor = Actor(persona, policy, "journey", offers=frozenset(offers))
    actor.seen.update(observed)
    return actor


class Noting(dict):
    """Observations that note every key looked at, however a check looks (`recall`, `.get`, `in`)."""

    def __init__(self, observed, read: list):
        super().__init__(observed)
        self.read = read

    def __getitem__(self, key):
        self.read.append(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.append(key)
        return super().get(key, default)

    def __contains__(self, key):
        self.read.append(key)
        return super().__contains__(key)


class Reading(Actor):
    """An actor that notes which observations a check read."""

    def __init__(self, base: Actor):
        super().__init__(base.persona, base.policy, base.journey, offers=base.offers)
        self.read: list = []
        self.seen = Noting(base.seen, self.read)


def promised_anywhere(name: str) -> list[str]:
    made = REGISTRY[name]
    return [m for m in MARKETS if made.promised is None or made.promised(actor_for(m, name)) is None]


CASES = [(name, market) for name in REGISTRY for market in promised_anywhere(name)]


def test_every_check_is_promised_in_one_of_the_markets_here():
    assert {name for name, _ in CASES} == set(REGISTRY)


@pytest.mark.parametrize("name, market", CASES)
def test_a_clean_shop_passes_with_what_it_saw(name, market):
    outcome = run_check(actor_for(market, name), REGISTRY[name])
    assert outcome.status == PASSED, (outcome.why, [str(f) for f in outcome.findings])
    assert outcome.seen and not outcome.findings


@pytest.mark.parametrize("name, market", CASES)
def test_no_check_passes_when_an_observation_it_reads_is_missing(name, market):
    reading = Reading(actor_for(market, name))
    run_check(reading, REGISTRY[name])
    assert reading.read, f"{name} reads no observation"
    for key in dict.fromkeys(reading.read):
        actor = actor_for(market, name, without=[key])
        actor.cannot_see(key, f"test: no {key.name}")
        outcome = run_check(actor, REGISTRY[name])
        assert outcome.status == NOT_CHECKED, (key, outcome)
        assert outcome.why == f"test: no {key.name}"
        assert not outcome.seen or outcome.status != PASSED


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_with_nothing_observed_no_check_passes(name):
    for market in MARKETS:
        persona, policy = walker(market), POLICY[market]
        outcome = run_check(Actor(persona, policy), REGISTRY[name])
        assert outcome.status in (NOT_CHECKED, NOT_PROMISED), (market, outcome)
        assert outcome.why


def test_a_check_the_adapter_cannot_ask_is_not_checked_with_its_reason():
    name = "consent prompt where required"
    outcome = run_check(actor_for("DE", name, offers=ALL - {Capability.CONSENT_PROMPT}), REGISTRY[name])
    assert (outcome.status, outcome.why) == (NOT_CHECKED, "the adapter cannot see a consent prompt")


def test_a_channel_the_adapter_cannot_read_is_a_gap_the_rest_is_checked():
    name = "refund time the same on every channel"
    outcome = run_check(actor_for("DE", name, offers=ALL - {Capability.MAILBOX, Capability.CONFIRMATION_EMAIL}),
                        REGISTRY[name])
    assert outcome.status == PASSED
    assert outcome.gaps == ["the refund e-mail: the adapter reads no mailbox"]


def test_a_promise_the_policy_does_not_make_is_not_promised():
    name = "return inside the window accepted"
    persona, policy = walker("DE"), POLICY["DE"]
    actor = Actor(persona, policy.model_copy(update={"returns": None}))
    outcome = run_check(actor, REGISTRY[name])
    assert (outcome.status, outcome.why) == (NOT_PROMISED, "the policy promises no returns")


def test_a_finding_fails_the_check_and_names_market_persona_and_what_was_shown():
    name = "lands in its market, language and currency"
    actor = actor_for("DE", name)
    landing_key = next(k for k in actor.seen if k.name == "landing")
    actor.seen[landing_key] = dataclasses.replace(actor.seen[landing_key], currency="CHF")
    outcome = run_check(actor, REGISTRY[name])
    assert outcome.status == FAILED
    assert [str(f) for f in outcome.findings] == [
        f"{actor.persona.id} journey: expected currency EUR, the landing page shows CHF (SA-3)"]


def test_a_finding_stands_when_a_later_observation_is_missing():
    name = "can buy what its market allows"
    actor = actor_for("DE", name)
    product_key = next(k for k in actor.seen if k.name == "product")
    added_key = next(k for k in actor.seen if k.name == "added")
    actor.seen[product_key] = dataclasses.replace(actor.seen[product_key], purchasable=False)
    del actor.seen[added_key]
    outcome = run_check(actor, REGISTRY[name])
    assert outcome.status == FAILED


@pytest.mark.parametrize("name, key", [("confirmation e-mail", "CONFIRMATION_MAIL"),
                                       ("request acknowledged", "ACK_MAIL")])
def test_an_email_whose_language_cannot_be_judged_is_a_gap_and_a_wrong_one_a_finding(name, key):
    """A mail catcher's mail naming no language, too short to judge one (language None), leaves
    its language not checked; a language judged wrong is still a finding."""
    from harness.tasks import checkout, support

    key = getattr(checkout, key, None) or getattr(support, key)
    actor = actor_for("DE", name)
    actor.seen[key] = dataclasses.replace(actor.seen[key], language=None)
    outcome = run_check(actor, REGISTRY[name])
    assert outcome.status == PASSED and any("language" in gap and "too few to judge" in gap for gap in outcome.gaps)
    actor = actor_for("DE", name)
    actor.seen[key] = dataclasses.replace(actor.seen[key], language="fr")
    assert run_check(actor, REGISTRY[name]).status == FAILED
