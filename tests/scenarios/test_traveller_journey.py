"""The traveller journey passes on the clean storefront, and catches a shop that takes a
customer at home for another market (stale-geoip) or locks its account abroad."""
from __future__ import annotations

import re

import pytest

from harness.personas import PersonaFactory
from harness.personas.whereabouts import home_ip
from harness.policy import load_policy

from .broken_shop import BrokenShop, For, LocksTravellers
from .journeys import once, run_journeys, walks

pytestmark = pytest.mark.slow

ABROAD = "test_keeps_its_account_abroad[chromium-{}]"
# travellers and VPN users: DE-0017 (in BE), SA-0002 (VPN, US), CA-0006 (in IL); the markets the
# tests below catch something in, so that each catch is the shop's, not the market's
MARKETS = "DE,SA,CA"


def test_clean_storefront_passes(tmp_path, running_shop):
    run = run_journeys(tmp_path, "-m", "traveller", "--target", running_shop(), "--markets", MARKETS)
    assert run.returncode == 0, run.output
    assert len(run.outcomes) == 3 and set(run.outcomes.values()) == {"passed"}, run.outcomes


@pytest.fixture(scope="module")
def broken(tmp_path_factory, running_shop):
    """One run for both: the shop with stale-geoip (which only CA's addresses meet), and in front of
    it an edge rule that locks accounts abroad, for everyone but CA-0006 (at home and abroad)."""
    def walk(folder):
        ca = PersonaFactory(load_policy(), 1).by_id("CA-0006")
        with BrokenShop(running_shop("stale-geoip"), For({ca.ip, home_ip(ca)}, LocksTravellers(), others=True)) as shop:
            return run_journeys(folder, "-m", "traveller", "--target", shop.url,
                                *walks(ABROAD.format("CA-0006"), ABROAD.format("DE-0017"), ABROAD.format("SA-0002")))

    return once(tmp_path_factory, "traveller-broken", walk)


def test_the_fault_and_the_edge_rule_leave_each_others_walks_alone(broken):
    assert broken.returncode == 1, broken.output
    assert set(broken.outcomes) == set(broken.failed()) == {ABROAD.format(p) for p in ("CA-0006", "DE-0017", "SA-0002")}


def test_stale_geolocation_at_home_is_caught(broken):
    said = broken.failed().get(ABROAD.format("CA-0006"), "")
    assert "CA-0006 traveller: expected market CA, the landing page at home shows US (SA-5)" in said, (said, broken.outcomes)
    assert "locked" not in said


def test_an_account_locked_abroad_is_caught(broken):
    """No fault profile locks accounts: an edge rule in front of the storefront lets account and
    order pages through only from the address the account was registered from."""
    said = "\n".join(broken.failed().get(ABROAD.format(p), "") for p in ("DE-0017", "SA-0002"))
    for says in (r"DE-0017 traveller: expected to log in from BE \([\d.]+\), the login page refuses: "
                 r"Your account is locked: unsupported region \(SA-5\)",
                 r"DE-0017 traveller: expected order \S+, the order list from BE \([\d.]+\) is refused: "
                 r"Your account is locked: unsupported region \(SA-5\)",
                 r"DE-0017 traveller: expected order \S+, the order page from BE \([\d.]+\) is refused: "
                 r"Your account is locked: unsupported region \(SA-5\)",
                 r"SA-0002 traveller: expected to log in from US \([\d.]+\), the login page refuses"):
        assert re.search(says, said), (says, said)
