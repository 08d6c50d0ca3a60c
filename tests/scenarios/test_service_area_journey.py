"""The service-area journey passes on the clean storefront and catches each fault it is for:
every check fails, with its message, for the persona of the market the fault breaks."""
from __future__ import annotations

import re

import pytest

from harness.target import EmbeddedStorefront

from .broken_shop import BareRefusals, BrokenShop, cart_drops_items
from .journeys import run_journeys
from .partial_shops import ADAPTER

LEAN = ("--adapter", ADAPTER + "catalogue_and_guest_checkout")  # the faults are caught without the rest

SCENARIOS = ("lands_in_its_market", "offered_its_markets_languages", "buys_what_its_market_allows",
             "restricted_products_are_refused", "unserved_country_is_refused_kindly")


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return run_journeys(tmp_path_factory.mktemp("clean"), "-m", "service_area", "--markets", "DE,JP,SA,CH,BR,AE,CA")


def test_clean_storefront_passes(clean):
    assert clean.returncode == 0, clean.output
    assert set(clean.outcomes.values()) == {"passed"}, clean.outcomes
    for scenario in SCENARIOS:  # every scenario walked; restricted products where the market restricts some
        walked = [k for k in clean.outcomes if k.startswith(f"test_{scenario}[")]
        assert len(walked) == (3 if scenario == "restricted_products_are_refused" else 7), (scenario, walked)


# fault, the market it breaks ("": every market), the options that pick the personas and scenarios, findings expected (regexes)
FAULTS = [
    ("wrong-currency", "CH", ("--markets", "CH,DE", "-k", "lands_in_its_market or buys_what", *LEAN), [
        r"CH-0001 service-area: expected currency CHF, the landing page shows EUR \(SA-3\)",
        r"CH-0001 service-area: expected price of \S+ CHF\s[\d.’']+, the landing page shows €\s[\d.’']+ \(SA-3\)",
        r"CH-0001 service-area: expected every price formatted for the locale, the landing page shows \d+ more "
        r"otherwise: \S+",  # every price is compared, not a sample
        r"CH-0001 service-area: expected price of \S+ CHF\s[\d.’']+, the product page shows €\s[\d.’']+ \(SA-3\)",
    ]),
    ("stale-geoip", "CA", ("--persona", "CA-0007", "-k", "lands_in_its_market", *LEAN), [
        r"CA-0007 service-area: expected market CA, the landing page shows US \(SA-5\)",
        r"CA-0007 service-area: expected language fr, the landing page shows en \(SA-3\)",
    ]),
    ("consent-missing", "BR", ("--markets", "BR,MX", "-k", "lands_in_its_market",
                                             "--adapter", ADAPTER + "without_support_and_aftersales"), [
        r"BR-\d{4} service-area: expected a consent prompt, the landing page shows none \(PD-3\)",
    ]),
    ("geo-restriction", "SA", ("--markets", "SA,AE", "-k", "lands_in_its_market or restricted", *LEAN), [
        r"SA-0001 service-area: expected no alcohol, drones on offer, the landing page offers alcohol \(SA-1\)",
        r"SA-0001 service-area: expected alcohol not on sale, the alcohol page lists ALC-\d+.* \(SA-1\)",
        r"SA-0001 service-area: expected alcohol refused, the cart accepted ALC-\d+ \(SA-1\)",
    ]),
    ("lost-language", "CA", ("--markets", "CA,DE", "-k", "offered_its_markets_languages", *LEAN), [
        r"CA-\d{4} service-area: expected fr among the languages offered, the language switch offers en \(SA-3\)",
    ]),
    ("extra-language", "GR", ("--markets", "GR,DE", "-k", "offered_its_markets_languages", *LEAN), [
        r"GR-\d{4} service-area: expected only the policy's languages el, the language switch also offers en \(SA-3\)",
    ]),
    ("unlisted-category", "GB", ("--markets", "GB,DE", "-k", "lands_in_its_market", *LEAN), [
        r"GB-\d{4} service-area: expected only the categories the policy allows on offer, the landing page offers "
        r"vapes, which the policy neither allows nor restricts \(SA-1\)",
    ]),
    ("unfriendly-refusal", "", ("--markets", "DE,JP", "-k", "unserved", *LEAN), [
        r"DE-0001 service-area: expected refusal language de, the page for a visitor from \w+ shows nothing \(SA-7\)",
        r"DE-0001 service-area: expected an alternative \(another market or notify-me\), the page for a visitor "
        r"from \w+ offers none \(SA-7\)",
    ]),
]


@pytest.mark.parametrize("fault, market, options, says", FAULTS, ids=[f[0] for f in FAULTS])
def test_fault_is_caught_with_its_message(tmp_path, fault, market, options, says):
    run = run_journeys(tmp_path, "-m", "service_area", *options, "--faults", fault)
    assert run.returncode == 1, run.output
    failed = run.failed()
    if market:  # only the market the fault breaks
        assert failed and all(f"-{market}-" in k for k in failed), failed
    else:  # a fault of every market's
        assert failed and set(failed) == set(run.outcomes), run.outcomes
    for pattern in says:
        assert re.search(pattern, run.all_text()), (pattern, run.all_text())


def test_a_cart_that_drops_an_allowed_product_is_caught(tmp_path):
    """No fault profile makes an allowed product unbuyable: an edge rule in front of the clean
    storefront swallows add-to-cart instead."""
    with EmbeddedStorefront() as storefront, BrokenShop(storefront.url, cart_drops_items) as shop:
        run = run_journeys(tmp_path, "-m", "service_area", "--target", shop.url, "--markets", "DE,JP",
                           "-k", "buys_what")
    assert run.returncode == 1, run.output
    assert set(run.failed()) == {"test_buys_what_its_market_allows[chromium-DE-0001]",
                                 "test_buys_what_its_market_allows[chromium-JP-0001]"}, run.outcomes
    assert re.search(r"DE-0001 service-area: expected \S+ \(\w+\) in the cart, the cart does not hold it \(SA-1\)",
                     run.all_text()), run.all_text()


class HidesTheCatalogue:
    """A home page whose template lost the catalogue: no category in the navigation and no
    product on show, though the shop still sells them (SA-1: a product meant for a market is
    hidden there)."""

    NAV_LINK = re.compile(rb'<a href="[^"]*/c/[^"]*">[^<]*</a>')
    CARD = re.compile(rb'<div class="card" data-testid="product".*?</div>\s*</div>', re.S)

    def __call__(self, method: str, path: str, client: str) -> None:
        return None

    def rewrite(self, method: str, path: str, body: bytes) -> bytes:
        if method == "GET" and path.split("?")[0] in ("/", ""):
            return self.CARD.sub(b"", self.NAV_LINK.sub(b"", body))
        return body


def test_a_catalogue_hidden_from_its_market_is_caught(tmp_path):
    with EmbeddedStorefront() as storefront, BrokenShop(storefront.url, HidesTheCatalogue()) as shop:
        run = run_journeys(tmp_path, "-m", "service_area", "--target", shop.url, "--markets", "DE",
                           "-k", "lands_in_its_market or buys_what")
    assert run.returncode == 1, run.output
    assert set(run.failed()) == {"test_lands_in_its_market[chromium-DE-0001]",
                                 "test_buys_what_its_market_allows[chromium-DE-0001]"}, run.outcomes
    for says in (r"DE-0001 service-area: expected prices on the landing page, it shows none \(SA-3\)",
                 r"DE-0001 service-area: expected apparel, books, .*, drones on offer, the landing page's navigation "
                 r"lacks them \(SA-1\)",
                 r"DE-0001 service-area: expected products of apparel, books, .* on show, the landing page shows none "
                 r"\(SA-1\)"):
        assert re.search(says, run.all_text()), (says, run.all_text())


class ForgetsTheClientAddress:
    """An edge that stops passing the client's address on (a CDN rule dropping X-Forwarded-For):
    the shop cannot tell where a visitor is and serves one from an unserved country (SA-7)."""

    def __call__(self, method: str, path: str, client: str) -> None:
        return None

    def forwarded_for(self, client: str) -> None:
        return None


def test_an_unserved_visitor_who_is_served_is_caught(tmp_path):
    with EmbeddedStorefront() as storefront, BrokenShop(storefront.url, ForgetsTheClientAddress()) as shop:
        run = run_journeys(tmp_path, "-m", "service_area", "--target", shop.url, "--markets", "JP",
                           "-k", "unserved")
    assert run.returncode == 1, run.output
    assert list(run.failed()) == ["test_unserved_country_is_refused_kindly[chromium-JP-0001]"], run.outcomes
    assert re.search(r"JP-0001 service-area: expected a refusal, the page for a visitor from \w+ shows the \w\w shop "
                     r"\(SA-7\)", run.all_text()), run.all_text()


def test_a_refusal_without_an_explanation_in_its_language_is_caught(tmp_path):
    """No fault profile strips the restricted-product refusal: an edge rule in front of the clean
    storefront turns it into a bare English 403."""
    with EmbeddedStorefront() as storefront, BrokenShop(storefront.url, BareRefusals()) as shop:
        run = run_journeys(tmp_path, "-m", "service_area", "--target", shop.url, "--markets", "SA,DE",
                           "-k", "restricted")
    assert run.returncode == 1, run.output
    assert list(run.failed()) == ["test_restricted_products_are_refused[chromium-SA-0001]"], run.outcomes
    assert re.search(r"SA-0001 service-area: expected refusal language ar, the product page of ALC-\d+ shows en \(SA-1\)",
                     run.all_text()), run.all_text()
