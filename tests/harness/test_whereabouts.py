"""Where personas' requests come from besides their own address: home for travellers, and
countries the shop does not serve (personas/data/unserved.yaml)."""
from __future__ import annotations

import ipaddress

import pytest

from harness.errors import UserInputError
from harness.personas import PersonaFactory
from harness.personas.places import load_places
from harness.personas.whereabouts import home_ip, load_unserved, unserved_country
from harness.policy import load_policy


@pytest.fixture(scope="module")
def factory():
    return PersonaFactory(load_policy(), seed=1)


def test_unserved_countries_are_not_markets_and_share_no_address_block():
    policy, places = load_policy(), load_places()
    unserved = load_unserved()
    assert len(unserved) >= 5
    assert not [u.country for u in unserved if u.country in policy]
    served = [n for p in places.values() for n in p.ip_ranges]
    blocks = [n for u in unserved for n in u.ip_ranges]
    assert not [(a, b) for a in blocks for b in served if a.overlaps(b)]
    assert not [(a, b) for i, a in enumerate(blocks) for b in blocks[i + 1:] if a.overlaps(b)]


def test_a_traveller_goes_home_to_its_own_market_and_always_the_same_address(factory):
    for market in ("DE", "JP", "CA", "SA"):
        persona = next(p for p in factory.personas(market, 100) if p.archetype == "traveller")
        ip = ipaddress.ip_address(home_ip(persona))
        assert any(ip in n for n in load_places()[market].ip_ranges)
        assert str(ip) != persona.ip and home_ip(persona) == str(ip)


def test_unserved_visitors_spread_over_the_countries_and_avoid_the_markets_given(factory):
    personas = [factory.persona(m, 1) for m in load_policy()]
    chosen = {unserved_country(p)[0].country for p in personas}
    assert len(chosen) >= 4
    persona = personas[0]
    country, ip = unserved_country(persona, {"RU"})
    assert country.country != "RU" and any(ipaddress.ip_address(ip) in n for n in country.ip_ranges)
    with pytest.raises(UserInputError, match="every country listed"):
        unserved_country(persona, {u.country for u in load_unserved()})
