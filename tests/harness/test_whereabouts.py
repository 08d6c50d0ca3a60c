"""Where personas' requests come from besides their own address: home for travellers, and
countries the market policy refuses (service_area.refused), with address blocks from
personas/data/other_countries.yaml or places.yaml."""
from __future__ import annotations

import ipaddress

import pytest

from harness.errors import UserInputError
from harness.personas import PersonaFactory
from harness.personas.places import load_places
from harness.personas.whereabouts import home_ip, load_other_countries, unserved_country
from harness.policy import load_policy


@pytest.fixture(scope="module")
def factory():
    return PersonaFactory(load_policy(), seed=1)


def test_other_countries_are_not_markets_and_share_no_address_block():
    policy, places = load_policy(), load_places()
    others = load_other_countries()
    assert len(others) >= 5
    assert not [c for c in others if c in policy or c in places]
    assert set(policy["DE"].service_area.refused) <= set(others)  # the shipped refusals have their own blocks
    served = [n for p in places.values() for n in p.ip_ranges]
    blocks = [n for u in others.values() for n in u.ip_ranges]
    assert not [(a, b) for a in blocks for b in served if a.overlaps(b)]
    assert not [(a, b) for i, a in enumerate(blocks) for b in blocks[i + 1:] if a.overlaps(b)]


def test_a_traveller_goes_home_to_its_own_market_and_always_the_same_address(factory):
    for market in ("DE", "JP", "CA", "SA"):
        persona = next(p for p in factory.personas(market, 100) if p.archetype == "traveller")
        ip = ipaddress.ip_address(home_ip(persona))
        assert any(ip in n for n in load_places()[market].ip_ranges)
        assert str(ip) != persona.ip and home_ip(persona) == str(ip)


def test_unserved_visitors_come_from_the_refused_countries_and_always_the_same_address(factory):
    policy = load_policy()
    personas = [factory.persona(m, 1) for m in policy]
    picks = {p.id: unserved_country(p, policy[p.market].service_area.refused) for p in personas}
    assert len({country.country for country, _ in picks.values()}) >= 4
    for p in personas:
        country, ip = picks[p.id]
        assert country.country in policy[p.market].service_area.refused
        assert any(ipaddress.ip_address(ip) in n for n in country.ip_ranges)
        assert unserved_country(p, list(policy[p.market].service_area.refused)) == (country, ip)
    persona = personas[0]
    country, ip = unserved_country(persona, ["RU"])
    assert country.country == "RU" and country.name == "Russia"


def test_a_refused_country_without_its_own_blocks_comes_from_places_or_is_refused_in_one_line(factory):
    persona = factory.persona("DE", 1)
    country, ip = unserved_country(persona, ["FR"])  # a market elsewhere, refused by this policy
    assert country.country == "FR" and country.name == "France"
    assert any(ipaddress.ip_address(ip) in n for n in load_places()["FR"].ip_ranges)
    with pytest.raises(UserInputError) as exc:
        unserved_country(persona, ["RU", "AQ"])
    message = str(exc.value)
    assert "'AQ'" in message and "other_countries.yaml" in message and "places.yaml" in message and "\n" not in message
    with pytest.raises(UserInputError, match="refuses no country"):
        unserved_country(persona, [])
    with pytest.raises(TypeError, match="service_area.refused"):
        unserved_country(persona, {"RU"})  # a set has no order: the pick would not be reproducible
