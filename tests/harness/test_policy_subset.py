"""A policy of a few markets: personas are built, travel and refused visits stay inside what that
policy states, and the journeys collect (no browser starts at collection)."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from harness.errors import UserInputError
from harness.personas import ARCHETYPES, PersonaFactory
from harness.personas.factory import VPN_EXITS
from harness.personas.places import load_places
from harness.personas.whereabouts import unserved_country
from harness.policy import load_policy

from ..policy_files import edit_yaml, policy_copy

ROOT = Path(__file__).resolve().parents[2]
SUBSET = ("DE", "JP", "US")


def _policy_dir(tmp_path: Path, markets=SUBSET) -> Path:
    return policy_copy(tmp_path, markets)


def test_every_archetype_of_every_market_of_a_three_market_policy(tmp_path):
    policy = load_policy(_policy_dir(tmp_path))
    assert list(policy) == sorted(SUBSET)
    factory = PersonaFactory(policy, seed=1)
    refused = set(policy["DE"].service_area.refused)
    for market in policy:
        seen = Counter()
        for i in range(1, 1001):
            p = factory.persona(market, i)
            seen[p.archetype] += 1
            if p.archetype in ("traveller", "vpn"):
                assert p.ip_country in policy and p.ip_country != market, (p.id, p.ip_country)
            else:
                assert p.ip_country == market, p.id
            if p.recipient:
                assert p.recipient.country in policy and p.recipient.country != market, p.id
            country, _ = unserved_country(p, policy[market].service_area.refused)
            assert country.country in refused, (p.id, country.country)
        assert set(seen) == set(ARCHETYPES), (market, seen)


def test_served_countries_are_abroad_too_and_refused_ones_never(tmp_path):
    d = _policy_dir(tmp_path)
    edit_yaml(d / "defaults.yaml", lambda x: x["service_area"].update(served=["FR", "NL"], refused=["RU", "CH"]))
    policy = load_policy(d)
    factory = PersonaFactory(policy, seed=1)
    abroad = Counter(p.ip_country for m in policy for p in factory.personas(m, 600)
                     if p.archetype in ("traveller", "vpn"))
    assert {"FR", "NL"} <= set(abroad) <= {*policy, "FR", "NL"}, abroad
    assert abroad["NL"] > abroad["FR"]  # NL is a VPN exit as well


def test_a_one_market_policy_still_goes_abroad_but_never_to_a_refused_country(tmp_path):
    d = _policy_dir(tmp_path, ("DE",))
    edit_yaml(d / "defaults.yaml", lambda x: x["service_area"]["refused"].extend(["NL", "FR"]))
    policy = load_policy(d)
    personas = PersonaFactory(policy, seed=1).personas("DE", 400)
    travellers = [p for p in personas if p.archetype == "traveller"]
    vpns = [p for p in personas if p.archetype == "vpn"]
    places, refused = load_places(), set(policy["DE"].service_area.refused)
    assert travellers and vpns
    for p in travellers + vpns:
        assert p.ip_country in places and p.ip_country not in refused | {"DE"}, (p.id, p.ip_country)
    assert {p.ip_country for p in vpns} <= set(VPN_EXITS) - {"NL"}
    assert all(p.recipient.country not in refused | {"DE"} for p in personas if p.recipient)
    again = PersonaFactory(load_policy(d), seed=1).personas("DE", 400)
    assert [p.to_dict() for p in again] == [p.to_dict() for p in personas]


def test_no_persona_lives_where_its_policy_does_not_deliver(tmp_path):
    d = _policy_dir(tmp_path)
    outside = [{"city": "Berlin", "postcode": "10117", "region": "DE-BE"},
               {"city": "Hamburg", "postcode": "20095", "region": "DE-HH"}]
    edit_yaml(d / "DE.yaml", lambda x: x.update(delivery={"inside": [{"city": "München", "postcode": "80331"}],
                                                      "outside": outside}))
    policy = load_policy(d)
    factory = PersonaFactory(policy, seed=1)
    homes = {(p.address.city, p.address.postcode) for p in factory.personas("DE", 300)}
    assert len(homes) > 3 and not homes & {("Berlin", "10117"), ("Hamburg", "20095")}
    gifts = {(p.recipient.city, p.recipient.postcode) for m in ("JP", "US") for p in factory.personas(m, 300)
             if p.recipient and p.recipient.country == "DE"}
    assert gifts and not gifts & {("Berlin", "10117"), ("Hamburg", "20095")}


def test_a_market_that_promises_no_payment_method(tmp_path):
    d = _policy_dir(tmp_path)
    edit_yaml(d / "JP.yaml", lambda x: x.update(payment_methods=[]))
    factory = PersonaFactory(load_policy(d), seed=1)
    assert {p.payment_method for p in factory.personas("JP", 50)} == {""}
    with pytest.raises(UserInputError, match="no market 'FR' in the policy"):
        factory.persona("FR", 1)


def test_the_journeys_collect_for_a_three_market_policy(tmp_path):
    d = _policy_dir(tmp_path)
    r = subprocess.run([sys.executable, "-m", "pytest", "scenarios", "--collect-only", "-q", "--policy", str(d),
                        "-p", "no:cacheprovider"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    items = [line for line in r.stdout.splitlines() if "::" in line]
    for market in SUBSET:
        assert any(f"-{market}-" in item for item in items), (market, r.stdout[-2000:])
    assert not [item for item in items if not any(f"-{m}-" in item for m in SUBSET)]
