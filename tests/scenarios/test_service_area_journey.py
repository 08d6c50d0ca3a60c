"""The service-area journey passes on the clean storefront and catches each fault it is for:
every check fails, with its message, for the persona of the market the fault breaks."""
from __future__ import annotations

import re
import pytest

from harness.personas import PersonaFactory
from harness.policy import load_policy

from .broken_shop import BareRefusals, For, Rules, cart_drops_items
from .fault_table import Fault, FaultTable, edge_run, matches
from .journeys import persona_of, shared_run, walks

pytestmark = pytest.mark.slow

LANDS, LANGUAGES = "test_lands_in_its_market[chromium-{}]", "test_offered_its_markets_languages[chromium-{}]"
BUYS, RESTRICTED = "test_buys_what_its_market_allows[chromium-{}]", "test_restricted_products_are_refused[chromium-{}]"
UNSERVED = "test_unserved_country_is_refused_kindly[chromium-{}]"


# Each profile breaks its own market (storefront/faults.py), so they share a run; unfriendly-refusal
# breaks every market's refusal of unserved visitors, which no other walk meets. Apart:
# lost-language, which takes French from CA's landing too (stale-geoip's CA-0007 lands in French)
# and Italian from CH's (wrong-currency's CH-0001 lands in Italian), with the consent fault,
# caught by a shop with a consent prompt (a shop without help desk and after-sales); the others
# by a shop with only a catalogue and a guest checkout.
FAULTS = {
    "wrong-currency": Fault("lean", {
        LANDS.format("CH-0001"): [
            r"CH-0001 service-area: expected currency CHF, the landing page shows EUR \(SA-3\)",
            r"CH-0001 service-area: expected price of \S+ CHF\s[\d.’']+, the landing page shows €\s[\d.’']+ \(SA-3\)",
            r"CH-0001 service-area: expected every price formatted for the locale, the landing page shows \d+ more "
            r"otherwise: \S+"],  # every price is compared, not a sample
        BUYS.format("CH-0001"): [
            r"CH-0001 service-area: expected price of \S+ CHF\s[\d.’']+, the product page shows €\s[\d.’']+ \(SA-3\)"],
    }, (LANDS.format("DE-0001"), BUYS.format("DE-0001"))),
    "stale-geoip": Fault("lean", {LANDS.format("CA-0007"): [  # CA-0007 reads French
        r"CA-0007 service-area: expected market CA, the landing page shows US \(SA-5\)",
        r"CA-0007 service-area: expected language fr, the landing page shows en \(SA-3\)",
    ]}),
    "geo-restriction": Fault("lean", {
        LANDS.format("SA-0001"): [
            r"SA-0001 service-area: expected no alcohol, drones on offer, the landing page offers alcohol \(SA-1\)"],
        RESTRICTED.format("SA-0001"): [
            r"SA-0001 service-area: expected alcohol not on sale, the alcohol page lists ALC-\d+.* \(SA-1\)",
            r"SA-0001 service-area: expected alcohol refused, the cart accepted ALC-\d+ \(SA-1\)"],
    }, (LANDS.format("AE-0002"), RESTRICTED.format("AE-0002"))),
    "extra-language": Fault("lean", {LANGUAGES.format("GR-0001"): [
        r"GR-0001 service-area: expected only the policy's languages el, the language switch also offers en \(SA-3\)",
    ]}, (LANGUAGES.format("DE-0001"),)),
    "unlisted-category": Fault("lean", {LANDS.format("GB-0001"): [
        r"GB-0001 service-area: expected only the categories the policy allows on offer, the landing page offers "
        r"vapes, which the policy neither allows nor restricts \(SA-1\)",
    ]}, (LANDS.format("DE-0001"),)),
    "unfriendly-refusal": Fault("lean", {  # every market's
        UNSERVED.format("DE-0001"): [
            r"DE-0001 service-area: expected refusal language de, the page for a visitor from \w+ shows nothing \(SA-7\)",
            r"DE-0001 service-area: expected an alternative \(another market or notify-me\), the page for a visitor "
            r"from \w+ offers none \(SA-7\)"],
        UNSERVED.format("JP-0001"): [r"JP-0001 service-area: expected .* \(SA-7\)"],
    }),
    "consent-missing": Fault("consent", {LANDS.format("BR-0002"): [
        r"BR-0002 service-area: expected a consent prompt, the landing page shows none \(PD-3\)",
    ]}, (LANDS.format("MX-0001"),)),
    "lost-language": Fault("consent", {LANGUAGES.format("CA-0001"): [
        r"CA-0001 service-area: expected fr among the languages offered, the language switch offers en \(SA-3\)",
    ]}, (LANGUAGES.format("DE-0001"),)),
}
TABLE = FaultTable("service_area", FAULTS, {"lean": "catalogue_and_guest_checkout",
                                          "consent": "without_support_and_aftersales"}, found=matches)


@pytest.fixture(scope="module")
def faulted(tmp_path_factory):
    return TABLE.walker(tmp_path_factory)


@pytest.mark.parametrize("run", TABLE.runs)
def test_faults_sharing_a_run_leave_each_others_walks_alone(faulted, run):
    TABLE.assert_alone(run, faulted(run))


@pytest.mark.parametrize("fault", TABLE.faults)
def test_fault_is_caught_with_its_message(faulted, fault):
    TABLE.assert_caught(fault, faulted(TABLE.faults[fault].run))


# The clean shop walks what the faults and the edge rules below fail: each failure is theirs, not the market's.
CLEAN = [*TABLE.failing(),
         LANDS.format("DE-0001"), BUYS.format("DE-0001"), BUYS.format("JP-0001")]  # and EDGE's, below
SCENARIOS = ("lands_in_its_market", "offered_its_markets_languages", "buys_what_its_market_allows",
             "restricted_products_are_refused", "unserved_country_is_refused_kindly")


@pytest.fixture(scope="module")
def clean(tmp_path_factory, running_shop):
    return shared_run(tmp_path_factory, "service-area-clean", "-m", "service_area", "--target", running_shop(),
                      *walks(*CLEAN))


def test_clean_storefront_passes(clean):
    assert clean.returncode == 0, clean.output
    assert set(clean.outcomes) == set(CLEAN), clean.outcomes
    assert set(clean.outcomes.values()) == {"passed"}, clean.failed()
    assert {test.split("[")[0] for test in CLEAN} == {f"test_{scenario}" for scenario in SCENARIOS}, "every scenario walked"


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


class ForgetsTheClientAddress:
    """An edge that stops passing the client's address on (a CDN rule dropping X-Forwarded-For):
    the shop cannot tell where a visitor is and serves one from an unserved country (SA-7)."""

    def __call__(self, method: str, path: str, client: str) -> None:
        return None

    def forwarded_for(self, client: str) -> None:
        return None


# Edge rules in front of the clean storefront, for what no fault profile breaks; one shop and one
# run for the four, each rule kept to the persona whose walks it is for (the client address
# forgotten for everyone else's: JP-0001's visit from an unserved country).
EDGE = {
    "cart drops items": ((BUYS.format("JP-0001"),), lambda: cart_drops_items),
    "catalogue hidden": ((LANDS.format("DE-0001"), BUYS.format("DE-0001")), HidesTheCatalogue),
    "bare refusals": ((RESTRICTED.format("SA-0001"),), BareRefusals),
    "client address forgotten": ((UNSERVED.format("JP-0001"),), ForgetsTheClientAddress),
}


@pytest.fixture(scope="module")
def edge(tmp_path_factory, running_shop):
    def rules():
        factory = PersonaFactory(load_policy(), 1)
        homes = {name: {factory.by_id(persona_of(w)).ip for w in walked} for name, (walked, _) in EDGE.items()}
        forgotten = "client address forgotten"
        return Rules(*(For(homes[name], rule()) for name, (_, rule) in EDGE.items() if name != forgotten),
                     For(set().union(*homes.values()), EDGE[forgotten][1](), others=True))

    return edge_run(tmp_path_factory, "service-area-edge", "service_area", running_shop(), rules,
                    (w for walked, _ in EDGE.values() for w in walked))


def test_edge_rules_sharing_a_shop_leave_each_others_walks_alone(edge):
    walked = {w for ws, _ in EDGE.values() for w in ws}
    assert edge.returncode == 1, edge.output
    assert set(edge.outcomes) == set(edge.failed()) == walked, edge.outcomes


def test_a_cart_that_drops_an_allowed_product_is_caught(edge):
    """No fault profile makes an allowed product unbuyable: an edge rule in front of the clean
    storefront swallows add-to-cart instead."""
    said = edge.failed().get(BUYS.format("JP-0001"), "")
    assert re.search(r"JP-0001 service-area: expected \S+ \(\w+\) in the cart, the cart does not hold it \(SA-1\)",
                     said), (said, edge.outcomes)


def test_a_catalogue_hidden_from_its_market_is_caught(edge):
    said = "\n".join(edge.failed().get(w, "") for w in EDGE["catalogue hidden"][0])
    assert all(w in edge.failed() for w in EDGE["catalogue hidden"][0]), edge.outcomes
    for says in (r"DE-0001 service-area: expected prices on the landing page, it shows none \(SA-3\)",
                 r"DE-0001 service-area: expected apparel, books, .*, drones on offer, the landing page's navigation "
                 r"lacks them \(SA-1\)",
                 r"DE-0001 service-area: expected products of apparel, books, .* on show, the landing page shows none "
                 r"\(SA-1\)"):
        assert re.search(says, said), (says, said)


def test_an_unserved_visitor_who_is_served_is_caught(edge):
    said = edge.failed().get(UNSERVED.format("JP-0001"), "")
    assert re.search(r"JP-0001 service-area: expected a refusal, the page for a visitor from \w+ shows the \w\w shop "
                     r"\(SA-7\)", said), (said, edge.outcomes)


def test_a_refusal_without_an_explanation_in_its_language_is_caught(edge):
    """No fault profile strips the restricted-product refusal: an edge rule in front of the clean
    storefront turns it into a bare English 403."""
    said = edge.failed().get(RESTRICTED.format("SA-0001"), "")
    assert re.search(r"SA-0001 service-area: expected refusal language ar, the product page of ALC-\d+ shows en \(SA-1\)",
                     said), (said, edge.outcomes)
