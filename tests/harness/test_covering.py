"""The covering persona set: what it holds for every market and seed, how journeys share it out,
and `--personas` read the same way everywhere (fast: no browser)."""
from __future__ import annotations

import pytest

from harness.errors import UserInputError
from harness.personas import PersonaFactory
from harness.personas.covering import ARCHETYPES, HOME, PAIR, covering_set
from harness.settings import COVERING, parse_personas
from harness.policy import load_policy

POLICY = load_policy()
LANDING = ("language", "address block", "device")  # what scenarios/test_service_area.py's landing walk varies with
GUEST = ("language", "archetype", "payment", "tax region")


def _sets(seed: int, markets=None):
    factory = PersonaFactory(POLICY, seed)
    return {m: covering_set(factory, m) for m in (markets or POLICY)}


@pytest.mark.parametrize("seed", range(1, 11))
def test_the_landing_walk_of_ca_ch_and_be_has_a_persona_per_language_on_every_seed(seed):
    for market, found in _sets(seed, ["CA", "CH", "BE"]).items():
        walkers = found.for_journey(LANDING)
        assert {p.language for p in walkers} == set(POLICY[market].languages), (market, [p.id for p in walkers])
        assert {p.language for p in found.personas} == set(POLICY[market].languages)


def test_every_market_is_covered_pairwise_with_every_device_payment_method_and_address_block():
    factory = PersonaFactory(POLICY, 1)
    for market, policy in POLICY.items():
        found = covering_set(factory, market)
        assert not found.uncovered, found.summary()
        people = found.personas
        assert {(p.language, p.archetype) for p in people} == {(lang, a) for lang in policy.languages for a in ARCHETYPES}
        assert {p.device.kind for p in people} == {"desktop", "mobile"}
        assert {p.payment_method for p in people if p.archetype in HOME} >= set(policy.payment_methods), market
        blocks = {str(b) for b in factory.places[market].ip_ranges}
        assert {v for s in found.stands for d, v in s.values if d == "address block"} == blocks, market
        # few: a pair each at most, the other values riding along with them
        assert len(people) <= len(policy.languages) * len(ARCHETYPES) + len(policy.payment_methods), found.summary()


def test_the_same_seed_gives_the_same_set_and_another_seed_another():
    first, again, other = (_sets(s, ["DE", "CH", "US"]) for s in (1, 1, 2))
    ids = {m: [p.id for p in s.personas] for m, s in first.items()}
    assert ids == {m: [p.id for p in s.personas] for m, s in again.items()}
    assert ids != {m: [p.id for p in s.personas] for m, s in other.items()}


def test_each_persona_says_what_it_stands_for_and_every_value_is_claimed_once():
    found = _sets(1, ["CH"])["CH"]
    claimed = [v for s in found.stands for v in s.covers]
    assert len(claimed) == len(set(claimed))
    assert {v for v in claimed if v[0] == PAIR} == {v for v in found.wanted if v[0] == PAIR}
    line = found.stands[0].describe()
    assert line.startswith(found.stands[0].persona.id + ": ") and " × " in line
    assert found.summary().startswith("CH: ") and "language × archetype pairs" in found.summary()


def test_a_journey_walks_only_the_part_of_the_set_it_depends_on():
    found = _sets(1, ["CH"])["CH"]
    one = found.for_journey(())
    assert len(one) == 1 and one[0].archetype in HOME
    by_language = found.for_journey(("language",))
    assert sorted(p.language for p in by_language) == sorted(POLICY["CH"].languages)
    guest = found.for_journey(GUEST)
    assert {(p.language, p.archetype) for p in guest} == {(lang, a) for lang in POLICY["CH"].languages for a in HOME}
    assert {p.payment_method for p in guest} >= set(POLICY["CH"].payment_methods)
    travellers = found.for_journey(("archetype",), ("traveller", "vpn"))
    assert sorted(p.archetype for p in travellers) == ["traveller", "vpn"]
    numbers = [int(p.id[3:]) for p in guest]
    assert numbers == sorted(numbers)  # in number order, the same every time
    with pytest.raises(UserInputError, match="varies_with: unknown dimension 'colour'"):
        found.for_journey(("colour",))


def test_regions_with_their_own_tax_rate_are_each_covered_where_the_policy_states_rates_by_region():
    market = next((m for m, p in POLICY.items() if p.tax.regions), None)
    if market is None:
        pytest.skip("no market of the shipped policy states its tax by region")
    found = _sets(1, [market])[market]
    rates = POLICY[market].tax.regions
    homes = {c.region for c in PersonaFactory(POLICY, 1).places[market].cities if c.region in rates}
    covered = {v for s in found.stands for d, v in s.values if d == "tax region"}
    assert covered == homes, found.summary()
    assert {p.address.region for p in found.for_journey(GUEST)} >= homes


@pytest.mark.parametrize("given, read", [("covering", COVERING), ("Covering", COVERING), ("3", 3), (1000, 1000)])
def test_personas_is_covering_or_a_number(given, read):
    assert parse_personas(given) == read


@pytest.mark.parametrize("given", ["0", "1001", "cover", "-1", "2.5", ""])
def test_anything_else_is_refused_in_one_line_naming_the_flag_and_value(given):
    with pytest.raises(UserInputError) as refused:
        parse_personas(given, "--personas")
    assert str(refused.value).startswith(f"--personas: {given!r} is neither 'covering' nor a number")
