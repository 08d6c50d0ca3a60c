"""The traveller journey passes on the clean storefront, and catches a shop that takes a
customer at home for another market (stale-geoip) or locks its account abroad."""
from __future__ import annotations

import re

from harness.target import EmbeddedStorefront

from .broken_shop import BrokenShop, LocksTravellers
from .journeys import run_journeys
from .partial_shops import ADAPTER

MARKETS = "DE,JP,SA,CA"  # travellers and VPN users: DE-0017 (in BE), JP-0014 (in GR), SA-0002 (VPN, US), CA-0006 (in IL)


def test_clean_storefront_passes(tmp_path):
    run = run_journeys(tmp_path, "-m", "traveller", "--markets", MARKETS)
    assert run.returncode == 0, run.output
    assert len(run.outcomes) == 4 and set(run.outcomes.values()) == {"passed"}, run.outcomes


def test_stale_geolocation_at_home_is_caught(tmp_path):
    run = run_journeys(tmp_path, "-m", "traveller", "--markets", "CA,DE", "--faults", "stale-geoip",
                       "--adapter", ADAPTER + "without_support_and_aftersales")
    assert run.returncode == 1, run.output
    assert list(run.failed()) == ["test_keeps_its_account_abroad[chromium-CA-0006]"], run.outcomes
    assert "CA-0006 traveller: expected market CA, the landing page at home shows US (SA-5)" in run.all_text(), run.all_text()


def test_an_account_locked_abroad_is_caught(tmp_path):
    """No fault profile locks accounts: an edge rule in front of the clean storefront lets account
    and order pages through only from the address the account was registered from."""
    with EmbeddedStorefront() as storefront, BrokenShop(storefront.url, LocksTravellers()) as shop:
        run = run_journeys(tmp_path, "-m", "traveller", "--target", shop.url, "--markets", "DE,SA")
    assert run.returncode == 1, run.output
    assert set(run.failed()) == set(run.outcomes) == {"test_keeps_its_account_abroad[chromium-DE-0017]",
                                                      "test_keeps_its_account_abroad[chromium-SA-0002]"}, run.outcomes
    text = run.all_text()
    for says in (r"DE-0017 traveller: expected to log in from BE \([\d.]+\), the login page refuses: "
                 r"Your account is locked: unsupported region \(SA-5\)",
                 r"DE-0017 traveller: expected order \S+, the order list from BE \([\d.]+\) is refused: "
                 r"Your account is locked: unsupported region \(SA-5\)",
                 r"DE-0017 traveller: expected order \S+, the order page from BE \([\d.]+\) is refused: "
                 r"Your account is locked: unsupported region \(SA-5\)",
                 r"SA-0002 traveller: expected to log in from US \([\d.]+\), the login page refuses"):
        assert re.search(says, text), (says, text)
