"""Personas: every one validates against its market, and generation is deterministic."""
from __future__ import annotations

import csv
import io
import ipaddress
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import phonenumbers
import pytest
from babel.core import get_global
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.personas import ARCHETYPES, PersonaFactory
from harness.personas.cards import is_test_card, luhn_valid
from harness.personas.places import load_places
from harness.personas.tax_ids import is_valid as tax_id_valid
from harness.personas.text import is_latin
from harness.policy import load_policy


ROOT = Path(__file__).resolve().parents[2]
POLICY = load_policy()
PLACES = load_places()
MARKETS = sorted(POLICY)
EMAIL = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*\.\d{4}@example\.(com|net|org)$")
FACTORIES: dict[int, PersonaFactory] = {}


def factory(seed: int) -> PersonaFactory:
    if seed not in FACTORIES:
        FACTORIES[seed] = PersonaFactory(POLICY, seed, PLACES)
    return FACTORIES[seed]


def in_ranges(ip: str, market: str) -> bool:
    address = ipaddress.ip_address(ip)
    return any(address in net for net in PLACES[market].ip_ranges)


def check(p) -> None:
    """Everything a persona must satisfy; an AssertionError names the field."""
    policy, places = POLICY[p.market], PLACES[p.market]
    assert re.fullmatch(rf"{p.market}-\d{{4,}}", p.id), p.id
    assert p.archetype in ARCHETYPES
    assert p.language in policy.languages, (p.id, p.language)
    assert p.locale.split("-")[0] == p.language.split("-")[0] and p.locale.endswith(f"-{p.market}")
    # address
    assert p.address.country == p.market
    assert places.postcode_ok(p.address.postcode), (p.id, p.address.postcode)
    if p.address.region:
        assert p.address.region.startswith(f"{p.market}-"), (p.id, p.address.region)
    assert p.address.name == p.name and p.address.street and p.address.city
    # phone: E.164 and valid for the country
    number = phonenumbers.parse(p.phone)
    assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == p.phone
    assert phonenumbers.is_valid_number(number), (p.id, p.phone)
    assert phonenumbers.region_code_for_number(number) == p.market, (p.id, p.phone)
    # e-mail: ASCII, from the Latin form of the name
    assert EMAIL.match(p.email), (p.id, p.email)
    assert p.name_latin.strip() and is_latin(p.name_latin), (p.id, p.name_latin)
    # market facts
    assert p.currency == policy.currency
    assert p.timezone in get_global("territory_zones")[p.market], (p.id, p.timezone)
    assert p.payment_method in policy.payment_methods
    assert luhn_valid(p.card_number) and is_test_card(p.card_number)
    # where the persona is
    assert any(abs(p.geo[0] - c.lat) < 0.05 and abs(p.geo[1] - c.lon) < 0.05 for c in places.cities), (p.id, p.geo)
    assert in_ranges(p.ip, p.ip_country)
    if p.archetype in ("traveller", "vpn"):
        assert p.ip_country != p.market
    else:
        assert p.ip_country == p.market
    if p.archetype == "gift_sender" and p.recipient:
        assert p.recipient.country != p.market
    if p.archetype == "business":
        assert p.address.company
    assert tax_id_valid(p.market, p.vat_id) if p.vat_id else True, (p.id, p.vat_id)
    if p.archetype != "business":
        assert not p.vat_id
    assert p.device.kind in ("desktop", "mobile") and p.device.user_agent


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), market=st.sampled_from(MARKETS), index=st.integers(1, 9999))
def test_every_persona_validates(seed, market, index):
    check(factory(seed % 4).persona(market, index))  # a few seeds keep pools warm; indexes vary widely


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**63), market=st.sampled_from(MARKETS), index=st.integers(1, 10**6))
def test_a_persona_is_the_same_whatever_else_was_generated(seed, market, index):
    alone = PersonaFactory(POLICY, seed, PLACES).persona(market, index)
    busy = PersonaFactory(POLICY, seed, PLACES)
    for other in MARKETS[:3]:
        busy.personas(other, 3)
    assert busy.persona(market, index) == alone
    assert busy.by_id(alone.id) == alone


def test_seeds_differ_and_order_is_stable():
    a = [p.id for p in factory(1).mixed(["DE", "JP"], 3)]
    assert a == ["DE-0001", "DE-0002", "DE-0003", "JP-0001", "JP-0002", "JP-0003"]
    assert factory(1).persona("DE", 1) != factory(2).persona("DE", 1)


def test_every_market_validates_and_has_the_archetype_mix():
    archetypes = Counter()
    edges = Counter()
    for market in MARKETS:
        for p in factory(7).personas(market, 40):
            check(p)
            archetypes[p.archetype] += 1
            edges.update(p.edge_cases)
    assert set(archetypes) == set(ARCHETYPES)
    assert archetypes["first_time"] > archetypes["vpn"] > 0
    for case in ("long_name", "apostrophe_hyphen", "right_to_left", "cjk_name", "no_postcode", "multi_line_address"):
        assert edges[case] > 0, case


def test_native_scripts_carry_a_latin_form():
    jp = factory(3).persona("JP", 5)
    assert not jp.name.isascii() and jp.name_latin.isascii() and jp.name_latin.strip()
    sa = factory(3).persona("SA", 5)
    assert "right_to_left" in sa.edge_cases or sa.language != "ar"
    de = factory(3).persona("DE", 5)
    assert de.name == de.name_latin


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_cli_prints_personas(fmt, harness_in_process):
    args = ["personas", "--market", "JP", "--count", "5", "--seed", "42", "--format", fmt]
    r = harness_in_process(*args)
    assert r.code == 0, r.err
    if fmt == "json":
        rows = json.loads(r.out)
        assert [row["id"] for row in rows] == [f"JP-000{i}" for i in range(1, 6)]
        for key in ("id", "market", "locale", "name", "email", "phone", "address", "currency", "timezone", "ip"):
            assert key in rows[0]
        # the same in a process of its own (another hash seed), through the module a user may run
        again = subprocess.run([sys.executable, "-m", "harness.cli", *args], capture_output=True, text=True, timeout=120,
                               cwd=ROOT)
        assert again.returncode == 0 and rows == json.loads(again.stdout), again.stderr
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.out)))
        assert len(rows) == 5 and rows[0]["currency"] == "JPY"
    else:
        assert "JP-0001" in r.out and "JP-0005" in r.out


def test_cli_all_markets_and_bad_flags(harness_in_process):
    r = harness_in_process("personas", "--market", "all", "--count", "1", "--format", "json")
    assert r.code == 0 and len(json.loads(r.out)) == len(MARKETS)
    for args, words in ((["--market", "XY"], ["--market", "'XY'"]), (["--market", "DE", "--count", "0"], ["--count", "0"]),
                        (["--market", "DE", "--count", "many"], ["--count"]), (["--market", "DE", "--seed", "-4"], ["--seed"]),
                        (["--market", "DE", "--format", "xml"], ["--format"])):
        bad = harness_in_process("personas", *args)
        assert bad.code == 2, (args, bad.out, bad.err)
        assert bad.err.count("\n") == 1 and not bad.out and "Traceback" not in bad.err
        assert all(w in bad.err for w in words), (args, bad.err)
