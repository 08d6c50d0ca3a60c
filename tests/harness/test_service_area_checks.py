"""The service-area checks in both directions, without a browser: a clean shop's observations
(`clean_shop.py`) with one thing changed the way a broken shop shows it, and the finding that
names the persona, what the policy expects, what the shop showed and the catalogue id; and the
reason when a check cannot be made (SA-1, SA-3, SA-5, SA-7, PD-3). The market's languages, every
landing price and categories the policy never decided on are also in `test_commerce_checks.py`."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from harness.expectations.formatting import money
from harness.expectations.service_area import (asks_for_consent_where_required, can_buy_what_its_market_allows,
                                               lands_in_its_market, offers_the_markets_languages,
                                               prices_formatted_for_its_locale, product_price_formatted_for_its_locale,
                                               refuses_restricted_products, refuses_unserved_visitor_kindly,
                                               shows_only_allowed_products)
from harness.screenplay import NOT_CHECKED, NOT_PROMISED, PASSED, Actor
from harness.screenplay.checks import run_check
from harness.shop.capabilities import ALL, Capability
from harness.shop.catalogue import AddedToCart, CategoryView, Price, ProductCard, Refusal
from harness.tasks.landing import LANDING, PRODUCT, RESTRICTED, AskedFor
from harness.tasks.travel import UNSERVED

from .check_actors import POLICY, clean_actor, filed, policy_of, replace, said, unobserved
from .clean_shop import refused_visitor


def actor_for(market: str, offers=ALL, **changed) -> Actor:
    return clean_actor("service area", market, offers, **changed)


def status(outcome) -> tuple[str, str]:
    return outcome.status, outcome.why


# ---------------------------------------------------------------------------- SA-5, SA-3 market, language, currency

LANDS = lands_in_its_market()


def test_landing_in_its_market_language_and_currency_passes():
    outcome = run_check(actor_for("DE"), LANDS)
    assert outcome.status == PASSED, said(outcome)
    assert len(outcome.seen) == 3


def test_a_regional_language_tag_is_its_language():
    assert run_check(actor_for("DE", landing=replace(language="de-AT")), LANDS).status == PASSED


def test_another_market_currency_or_language_is_a_finding_each():
    actor = actor_for("DE", landing=replace(market="AT", currency="CHF", language="en-GB"))
    assert filed(actor, run_check(actor, LANDS)) == [
        "expected market DE, the landing page shows AT (SA-5)",
        "expected currency EUR, the landing page shows CHF (SA-3)",
        "expected language de, the landing page shows en (SA-3)"]


# ---------------------------------------------------------------------------- SA-3 the market's languages

LANGUAGES = offers_the_markets_languages()


def test_the_policy_s_languages_in_another_order_or_case_pass():
    outcome = run_check(actor_for("BE", landing=replace(languages=["FR", "nl"])), LANGUAGES)
    assert outcome.status == PASSED, said(outcome)


def test_a_switch_offering_none_of_the_policy_s_languages_is_a_finding_per_language():
    actor = actor_for("BE", landing=replace(languages=[]))
    assert filed(actor, run_check(actor, LANGUAGES)) == [
        "expected nl among the languages offered, the language switch offers none (SA-3)",
        "expected fr among the languages offered, the language switch offers none (SA-3)"]


# ---------------------------------------------------------------------------- SA-3 landing prices

PRICES = prices_formatted_for_its_locale()


def test_landing_prices_formatted_for_the_locale_pass():
    outcome = run_check(actor_for("DE"), PRICES)
    assert outcome.status == PASSED, said(outcome)
    assert "all 1 prices on the landing page formatted for the locale (e.g. 60,00\xa0€)" in outcome.seen


def test_a_landing_page_without_prices_is_a_finding():
    actor = actor_for("DE", landing=replace(products=[]))
    assert filed(actor, run_check(actor, PRICES)) == ["expected prices on the landing page, it shows none (SA-3)"]


def test_a_product_on_show_without_a_price_is_a_finding():
    unpriced = ProductCard("SKU-2", "Another product", POLICY["DE"].categories.allowed[0], None)
    actor = actor_for("DE", landing=lambda before: dataclasses.replace(before, products=[*before.products, unpriced]))
    assert filed(actor, run_check(actor, PRICES)) == [
        "expected a price for every product on show, the landing page shows SKU-2 without one (SA-3)"]


def test_a_price_in_another_locale_s_format_names_both():
    wrong = ProductCard("SKU-1", "A product", POLICY["DE"].categories.allowed[0],
                        Price(Decimal("60.00"), "EUR", "€60.00"))
    actor = actor_for("DE", landing=replace(products=[wrong]))
    assert filed(actor, run_check(actor, PRICES)) == [
        "expected price of SKU-1 60,00\xa0€, the landing page shows €60.00 (SA-3)"]


# ---------------------------------------------------------------------------- SA-3 the product page's price

PRODUCT_PRICE = product_price_formatted_for_its_locale()


def test_the_product_price_formatted_for_the_locale_passes():
    outcome = run_check(actor_for("JP"), PRODUCT_PRICE)
    assert outcome.status == PASSED, said(outcome)


def test_a_product_price_in_another_format_is_a_finding():
    actor = actor_for("DE", product=replace(price=Price(Decimal("60.00"), "EUR", "EUR 60.00")))
    expected = money(Decimal("60.00"), "EUR", "de", "DE")
    assert filed(actor, run_check(actor, PRODUCT_PRICE)) == [
        f"expected price of SKU-1 {expected}, the product page shows EUR 60.00 (SA-3)"]


def test_a_product_page_without_a_price_is_a_finding():
    actor = actor_for("DE", product=replace(price=None))
    assert filed(actor, run_check(actor, PRODUCT_PRICE)) == [
        "expected a price for SKU-1, the product page shows none (SA-3)"]


def test_no_product_on_show_leaves_the_product_price_not_checked():
    outcome = run_check(actor_for("DE", product=None), PRODUCT_PRICE)
    assert status(outcome) == (
        NOT_CHECKED, "no product it may buy is on show (the check of what it may buy says so)")


# ---------------------------------------------------------------------------- SA-1 what is on offer

ON_OFFER = shows_only_allowed_products()


def test_a_restricted_product_on_the_landing_page_is_a_finding():
    knife = ProductCard("KNF-1", "Chef's knife", "knives", None)
    actor = actor_for("GB", landing=lambda before: dataclasses.replace(before, products=[*before.products, knife]))
    assert filed(actor, run_check(actor, ON_OFFER)) == ["expected no knives on offer, the landing page offers knives (SA-1)"]


def test_an_allowed_category_missing_from_the_navigation_is_a_finding():
    allowed = POLICY["GB"].categories.allowed
    actor = actor_for("GB", landing=replace(categories=[allowed[0]]))
    assert filed(actor, run_check(actor, ON_OFFER)) == [
        f"expected {', '.join(allowed[1:])} on offer, the landing page's navigation lacks "
        f"{'them' if len(allowed) > 2 else 'it'} (SA-1)"]


# ---------------------------------------------------------------------------- SA-1 buying what is allowed

BUYS = can_buy_what_its_market_allows()


def test_an_allowed_product_bought_and_in_the_cart_passes():
    outcome = run_check(actor_for("DE"), BUYS)
    assert outcome.status == PASSED, said(outcome)
    assert outcome.seen[-1] == "SKU-1 is in the cart"


def test_no_allowed_product_on_show_is_a_finding():
    actor = actor_for("DE", product=None)
    allowed = ", ".join(POLICY["DE"].categories.allowed)
    assert filed(actor, run_check(actor, BUYS)) == [
        f"expected products of {allowed} on show, the landing page shows none (SA-1)"]


def test_an_allowed_product_the_product_page_refuses_is_a_finding_with_its_reason():
    actor = actor_for("DE", product=replace(purchasable=False, refusal=Refusal("Nicht lieferbar", "de")))
    category = actor.recall(PRODUCT).category
    assert filed(actor, run_check(actor, BUYS)) == [
        f"expected SKU-1 ({category}) for sale, the product page refuses it: Nicht lieferbar (SA-1)"]


def test_an_allowed_product_the_cart_refuses_is_a_finding():
    actor = actor_for("DE", added=AddedToCart(False, Refusal("Out of stock", "de")))
    category = actor.recall(PRODUCT).category
    assert filed(actor, run_check(actor, BUYS)) == [
        f"expected SKU-1 ({category}) in the cart, the cart refuses it: Out of stock (SA-1)"]
    actor = actor_for("DE", added=AddedToCart(False))
    assert filed(actor, run_check(actor, BUYS)) == [
        f"expected SKU-1 ({category}) in the cart, the cart does not hold it (SA-1)"]


def test_without_a_cart_the_product_page_is_still_checked_and_the_cart_a_gap():
    outcome = run_check(actor_for("DE", offers=ALL - {Capability.CART}), BUYS)
    assert outcome.status == PASSED and outcome.gaps == ["SKU-1 put in the cart: the adapter has no cart"]


# ---------------------------------------------------------------------------- SA-1 restricted products refused

RESTRICTED_REFUSED = refuses_restricted_products()


def _asked(**fields) -> list[AskedFor]:
    """GB's knives asked for directly, as a clean shop answers, with `fields` changed."""
    clean = AskedFor("knives", CategoryView([], None), "SKU-knives",
                     AddedToCart(False, Refusal("Not sold here", "en", status=403)))
    return [dataclasses.replace(clean, **fields)]


def test_restricted_products_refused_with_an_explanation_in_its_language_pass():
    outcome = run_check(actor_for("GB"), RESTRICTED_REFUSED)
    assert outcome.status == PASSED, said(outcome)
    assert "SKU-knives (knives) is refused" in outcome.seen


def test_a_restricted_product_listed_and_accepted_by_the_cart_is_a_finding_each():
    listed = CategoryView([ProductCard("SKU-knives", "Chef's knife", "knives", None)], None)
    actor = actor_for("GB", restricted=_asked(view=listed, added=AddedToCart(True)))
    assert filed(actor, run_check(actor, RESTRICTED_REFUSED)) == [
        "expected knives not on sale, the knives page lists SKU-knives (SA-1)",
        "expected knives refused, the cart accepted SKU-knives (SA-1)"]


def test_a_refusal_without_an_explanation_or_in_another_language_is_a_finding():
    actor = actor_for("GB", restricted=_asked(added=AddedToCart(False)))
    assert filed(actor, run_check(actor, RESTRICTED_REFUSED)) == [
        "expected an explanation, the product page of SKU-knives gives none (SA-1)"]
    actor = actor_for("GB", restricted=_asked(added=AddedToCart(False, Refusal("Hier nicht verkauft", "de"))))
    assert filed(actor, run_check(actor, RESTRICTED_REFUSED)) == [
        "expected refusal language en, the product page of SKU-knives shows de (SA-1)"]


def test_a_restricted_category_the_shop_does_not_carry_passes_and_one_not_put_in_a_cart_is_a_gap():
    outcome = run_check(actor_for("GB", restricted=_asked(sku=None, added=None)), RESTRICTED_REFUSED)
    assert outcome.status == PASSED
    assert "the shop carries no knives anywhere: no product to ask for" in outcome.seen
    outcome = run_check(actor_for("GB", restricted=_asked(added=None)), RESTRICTED_REFUSED)
    assert outcome.status == PASSED
    assert outcome.gaps == ["SKU-knives (knives) put in the cart directly: the adapter has no cart"]


def test_a_market_restricting_nothing_is_not_promised_a_refusal():
    assert status(run_check(actor_for("DE"), RESTRICTED_REFUSED)) == (NOT_PROMISED, "Germany restricts no category")


# ---------------------------------------------------------------------------- SA-7 a refused visitor, kindly

UNSERVED_REFUSED = refuses_unserved_visitor_kindly()
VISITOR = "the page for a visitor from a refused country"


def refused_actor(policy=None, **changed) -> Actor:
    return clean_actor("service area", "DE", policy=policy, scene=refused_visitor, **changed)


def test_a_refused_visitor_told_why_in_its_language_and_offered_an_alternative_passes():
    outcome = run_check(refused_actor(), UNSERVED_REFUSED)
    assert outcome.status == PASSED, said(outcome)
    assert f"{VISITOR} offers 2 alternatives" in outcome.seen


def test_a_visitor_from_a_refused_country_let_in_is_a_finding():
    actor = refused_actor(landing=replace(market="DE", refusal=None))
    assert filed(actor, run_check(actor, UNSERVED_REFUSED)) == [
        f"expected a refusal, {VISITOR} shows the DE shop (SA-7)"]


def test_a_refusal_without_a_reason_or_an_alternative_is_a_finding():
    actor = refused_actor(landing=replace(refusal=Refusal("", "de", alternatives=0, status=451)))
    assert filed(actor, run_check(actor, UNSERVED_REFUSED)) == [
        f"expected an explanation, {VISITOR} gives none (SA-7)",
        f"expected an alternative (another market or notify-me), {VISITOR} offers none (SA-7)"]


def test_a_refusal_in_another_language_is_a_finding():
    actor = refused_actor(landing=replace(refusal=Refusal("We do not sell to your country.", "en", 2, 451)))
    assert filed(actor, run_check(actor, UNSERVED_REFUSED)) == [f"expected refusal language de, {VISITOR} shows en (SA-7)"]


def test_what_the_policy_does_not_ask_of_a_refusal_is_not_held_to():
    area = POLICY["DE"].service_area
    quiet = policy_of("DE", service_area=area.model_copy(update={
        "refused_visitor": area.refused_visitor.model_copy(update={"explanation": False, "alternatives": False})}))
    actor = refused_actor(quiet, landing=replace(refusal=Refusal("", "de", alternatives=0, status=451)))
    assert run_check(actor, UNSERVED_REFUSED).status == PASSED


def test_a_policy_refusing_no_country_promises_no_refusal():
    area = POLICY["DE"].service_area
    policy = policy_of("DE", service_area=area.model_copy(update={"refused": []}))
    outcome = run_check(clean_actor("service area", "DE", policy=policy), UNSERVED_REFUSED)
    assert status(outcome) == (NOT_PROMISED, "the policy refuses no country's visitors")


# ---------------------------------------------------------------------------- PD-3 consent

CONSENT = asks_for_consent_where_required()


def test_a_consent_prompt_where_required_and_none_where_not_pass():
    assert run_check(actor_for("DE"), CONSENT).seen == ["a consent prompt is shown"]
    assert run_check(actor_for("JP"), CONSENT).seen == ["no consent prompt is shown"]


def test_a_missing_or_needless_consent_prompt_is_a_finding():
    actor = actor_for("DE", landing=replace(consent_prompt=False))
    assert filed(actor, run_check(actor, CONSENT)) == ["expected a consent prompt, the landing page shows none (PD-3)"]
    actor = actor_for("JP", landing=replace(consent_prompt=True))
    assert filed(actor, run_check(actor, CONSENT)) == ["expected no consent prompt, the landing page shows one (PD-3)"]


def test_consent_is_not_checked_without_the_capability_nor_promised_without_a_rule():
    outcome = run_check(actor_for("DE", offers=ALL - {Capability.CONSENT_PROMPT}), CONSENT)
    assert status(outcome) == (NOT_CHECKED, "the adapter cannot see a consent prompt")
    outcome = run_check(clean_actor("service area", "DE", policy=policy_of("DE", consent_required=None)), CONSENT)
    assert status(outcome) == (NOT_PROMISED, "the policy states no consent rule")


# ---------------------------------------------------------------------------- nothing observed: not checked

LACKS_CATALOGUE = Capability.CATALOGUE.lacking


@pytest.mark.parametrize("made, key, why", [
    (LANDS, LANDING, LACKS_CATALOGUE),
    (LANGUAGES, LANDING, LACKS_CATALOGUE),
    (PRICES, LANDING, LACKS_CATALOGUE),
    (PRODUCT_PRICE, PRODUCT, LACKS_CATALOGUE),
    (ON_OFFER, LANDING, LACKS_CATALOGUE),
    (BUYS, PRODUCT, "the journey stopped: the shop refused the landing page"),
    (RESTRICTED_REFUSED, RESTRICTED, LACKS_CATALOGUE),
    (UNSERVED_REFUSED, UNSERVED, "no ISP block of a refused country to come from"),
    (CONSENT, LANDING, LACKS_CATALOGUE),
], ids=lambda v: getattr(v, "name", None) if not isinstance(v, str) else "")
def test_a_check_whose_observation_was_not_made_is_not_checked_with_the_journey_s_reason(made, key, why):
    outcome = run_check(unobserved(actor_for("GB"), key, why), made)
    assert status(outcome) == (NOT_CHECKED, why) and not outcome.seen
