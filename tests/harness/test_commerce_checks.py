"""The commerce checks in both directions, without a browser: a clean shop's observations
(`clean_shop.py`) with one thing changed the way a broken shop shows it, and the finding that
names what the policy expects and what the shop showed (issue 17: payment methods beyond the
policy, personal data masked on the confirmation, sales tax by region, one currency at every
step, categories the policy never decided on)."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

from harness.expectations.checkout import (currency_the_same_at_every_step,
                                           gets_back_what_it_typed, masks_personal_data_on_the_confirmation,
                                           offers_no_payment_method_beyond_the_markets, totals_follow_the_tax_rule)
from harness.expectations.formatting import money
from harness.expectations.service_area import (offers_the_markets_languages, prices_formatted_for_its_locale,
                                               shows_only_allowed_products)
from harness.personas import PersonaFactory
from harness.plugin.selection import walkers
from harness.policy import load_policy
from harness.screenplay import NOT_CHECKED, NOT_PROMISED, PASSED, Actor
from harness.screenplay.checks import run_check
from harness.shop.capabilities import ALL, Capability
from harness.shop.catalogue import Price, ProductCard, Refusal
from harness.tasks import checkout, landing

from .clean_shop import seen

POLICY = load_policy()
FACTORY = PersonaFactory(POLICY, 1)


def actor_for(market: str, offers=ALL, policy=None, region: str | None = None, **changed) -> Actor:
    """The market's walker in a clean shop; `changed` replaces observations by their key's name."""
    persona = walkers(FACTORY, market)[0]
    if region:
        persona = dataclasses.replace(persona, address=dataclasses.replace(persona.address, region=region))
    policy = policy or POLICY[market]
    actor = Actor(persona, policy, "checkout", offers=frozenset(offers))
    actor.seen.update(seen(persona, policy))
    keys = {key.name: key for key in actor.seen}
    for name, value in changed.items():
        key = keys[name.replace("_", " ")]
        actor.seen[key] = value(actor.seen[key]) if callable(value) else value
    return actor


def run(actor: Actor, made):
    return run_check(actor, made)


def said(outcome) -> list[str]:
    return [f"{f.text} ({f.entry})" for f in outcome.findings]


def replace(**fields):
    return lambda seen_before: dataclasses.replace(seen_before, **fields)


# ---------------------------------------------------------------------------- SA-6 payment methods beyond the policy

BEYOND = offers_no_payment_method_beyond_the_markets()


def test_payment_methods_of_the_policy_only_pass():
    outcome = run(actor_for("DE"), BEYOND)
    assert outcome.status == PASSED, said(outcome)


def test_a_payment_method_beyond_the_policy_at_the_payment_step_is_a_finding():
    actor = actor_for("DE", payment_step=replace(methods=["card", "paypal", "sepa", "klarna", "cod"]))
    assert said(run(actor, BEYOND)) == [
        "expected only the policy's payment methods card, paypal, sepa, klarna, the payment step offers cod (SA-6)"]


def test_a_badge_for_a_method_beyond_the_policy_is_a_finding():
    actor = actor_for("DE", landing=replace(payment_badges=["card", "alipay"]))
    assert said(run(actor, BEYOND)) == [
        "expected only the policy's payment methods card, paypal, sepa, klarna, the landing page advertises alipay (SA-6)"]


def test_a_policy_naming_no_payment_methods_promises_none():
    policy = POLICY["DE"].model_copy(update={"payment_methods": []})
    outcome = run(actor_for("DE", policy=policy), BEYOND)
    assert (outcome.status, outcome.why) == (NOT_PROMISED, "the policy names no payment methods")


# ---------------------------------------------------------------------------- PD-2 masked on the confirmation

MASKED = masks_personal_data_on_the_confirmation()


def test_masked_confirmation_and_mail_pass():
    outcome = run(actor_for("DE"), MASKED)
    assert outcome.status == PASSED, said(outcome)
    assert {s.split(" shows ")[0] for s in outcome.seen} == {"the confirmation", "the confirmation e-mail"}


def test_full_values_on_the_confirmation_page_are_findings_though_they_are_as_typed():
    """PD-1 takes a full value as typed; where the policy masks it, PD-2 does not."""
    persona = walkers(FACTORY, "DE")[0]
    actor = actor_for("DE", confirmation=replace(phone=persona.phone, email=persona.email, card=persona.card_number))
    assert said(run(actor, MASKED)) == [f"expected the phone masked, the confirmation shows {persona.phone} (PD-2)",
                                        f"expected the email masked, the confirmation shows {persona.email} (PD-2)",
                                        f"expected the card masked, the confirmation shows {persona.card_number} (PD-2)"]
    assert run(actor_for("DE", confirmation=replace(phone=persona.phone)), gets_back_what_it_typed()).status == PASSED


def test_a_full_card_in_the_confirmation_mail_is_a_finding():
    persona = walkers(FACTORY, "US")[0]
    actor = actor_for("US", confirmation_mail=replace(card=persona.card_number))
    assert said(run(actor, MASKED)) == [
        f"expected the card masked, the confirmation e-mail shows {persona.card_number} (PD-2)"]


def test_what_the_policy_does_not_mask_may_be_shown_whole():
    persona = walkers(FACTORY, "US")[0]  # the US masks phone and card, not the e-mail
    assert run(actor_for("US", confirmation=replace(email=persona.email)), MASKED).status == PASSED
    policy = POLICY["US"].model_copy(update={"privacy": POLICY["US"].privacy.model_copy(update={"masked": []})})
    outcome = run(actor_for("US", policy=policy), MASKED)
    assert (outcome.status, outcome.why) == (NOT_PROMISED, "the policy masks no customer data")


def test_a_mail_not_read_or_not_come_is_a_gap_and_the_page_still_checked():
    outcome = run(actor_for("DE", offers=ALL - {Capability.MAILBOX}), MASKED)
    assert outcome.status == PASSED and outcome.gaps == ["the confirmation e-mail: the adapter reads no mailbox"]
    outcome = run(actor_for("DE", confirmation_mail=None), MASKED)
    assert outcome.status == PASSED and outcome.gaps == [
        "the confirmation e-mail: none arrived (the check of the e-mail says so)"]


def test_a_card_not_paid_with_is_not_looked_for():
    actor = actor_for("DE", paid_with="paypal", confirmation=replace(card=""))
    assert run(actor, MASKED).status == PASSED


# ---------------------------------------------------------------------------- AS-5 sales tax by region

TAX = totals_follow_the_tax_rule()


def _taxed(actor: Actor, rate: Decimal):
    """The review with sales tax at `rate` percent of the goods, and a total that adds up."""
    key = next(k for k in actor.seen if k.name == "review")
    t = actor.seen[key].totals
    tax = ((t.subtotal - t.discount) * rate / 100).quantize(Decimal("0.01"))
    total = t.subtotal - t.discount + t.shipping + tax
    actor.seen[key] = dataclasses.replace(actor.seen[key], totals=dataclasses.replace(
        t, tax=tax, tax_added=True, total=total, total_text=str(total)))
    return actor


def test_sales_tax_at_the_rate_of_its_region_passes():
    for region in ("US-CA", "US-NY", "US-IL"):
        outcome = run(_taxed(actor_for("US", region=region), POLICY["US"].tax.regions[region]), TAX)
        assert outcome.status == PASSED, (region, said(outcome))
        assert f"sales tax is {POLICY['US'].tax.regions[region]}% in {region}" in outcome.seen


def test_sales_tax_at_another_region_s_rate_is_a_finding_naming_the_region():
    actor = _taxed(actor_for("CA", region="CA-QC"), Decimal(5))  # GST only: the QST left out
    findings = said(run(actor, TAX))
    assert len(findings) == 1, findings
    assert findings[0].startswith("expected sales tax of 14.975% in CA-QC: ")
    assert findings[0].endswith(" CAD (AS-5)") and ", the review shows " in findings[0]


def test_a_region_without_sales_tax_gets_none_added():
    assert run(_taxed(actor_for("US", region="US-OR"), Decimal(0)), TAX).status == PASSED
    findings = said(run(_taxed(actor_for("US", region="US-OR"), Decimal(4)), TAX))
    assert findings and findings[0].startswith("expected no sales tax in US-OR, the review adds ")


def test_a_region_the_policy_states_no_rate_for_is_a_gap():
    outcome = run(_taxed(actor_for("US", region="US-NV"), Decimal("6.85")), TAX)
    assert outcome.status == PASSED
    assert outcome.gaps == ["the sales-tax amount: the policy states no sales-tax rate for US-NV"]


def test_tax_regions_are_for_sales_tax_in_the_market_s_own_regions():
    import pytest
    from pydantic import ValidationError

    from harness.policy.model import Tax

    assert Tax(kind="sales_tax", regions={"CA-QC": Decimal("14.975")}).rate_in("CA-QC") == Decimal("14.975")
    assert Tax(kind="sales_tax", rate=Decimal(8)).rate_in("US-CA") == 8
    assert Tax(kind="sales_tax").rate_in("US-CA") is None
    assert Tax(kind="none").rate_in("US-CA") == 0
    for bad, says in (({"kind": "vat_included", "rate": 19, "regions": {"DE-BY": 19}}, "for sales_tax, not vat_included"),
                      ({"kind": "sales_tax", "regions": {"CA-XX": 5}}, "'CA-XX' is not an ISO 3166-2 code"),
                      ({"kind": "sales_tax", "regions": {"CA-QC": 80}}, "less than or equal to 50")):
        with pytest.raises(ValidationError, match=says):
            Tax(**bad)


# ---------------------------------------------------------------------------- SA-3 one currency at every step

CURRENCY = currency_the_same_at_every_step()


def test_the_market_s_currency_at_every_step_passes():
    outcome = run(actor_for("JP"), CURRENCY)
    assert outcome.status == PASSED and len(outcome.seen) == 2, outcome


def test_another_currency_in_the_cart_or_the_stored_order_is_a_finding():
    actor = actor_for("CH", cart=replace(currency="EUR"), stored_order=replace(currency="EUR"))
    assert said(run(actor, CURRENCY)) == ["expected currency CHF, the cart shows EUR (SA-3)",
                                          "expected currency CHF, the order API shows EUR (SA-3)"]


def test_a_cart_without_a_currency_or_an_order_api_not_read_is_a_gap():
    outcome = run(actor_for("DE", offers=ALL - {Capability.ORDER_API}, cart=replace(currency=None)), CURRENCY)
    assert outcome.gaps == ["the cart's currency: the cart states none", f"the order API: {Capability.ORDER_API.lacking}"]
    assert outcome.status != PASSED
    outcome = run(actor_for("DE", stored_order=Refusal("Not found", "", status=404)), CURRENCY)
    assert outcome.status == PASSED and outcome.gaps == ["the currency in the order API: it refuses the owner (404)"]


# ---------------------------------------------------------------------------- SA-1 categories the policy never decided on

CATEGORIES = shows_only_allowed_products()


def test_a_category_neither_allowed_nor_restricted_on_show_or_in_the_navigation_is_a_finding():
    vape = ProductCard("VAP-001", "Disposable vape", "vapes", None)
    for changed in (replace(products=[vape]), lambda before: dataclasses.replace(before, categories=[*before.categories, "vapes"])):
        actor = actor_for("GB", landing=changed)
        assert said(run(actor, CATEGORIES)) == [
            "expected only the categories the policy allows on offer, the landing page offers vapes, which the policy "
            "neither allows nor restricts (SA-1)"]


def test_only_the_policy_s_categories_on_offer_pass():
    assert run(actor_for("GB"), CATEGORIES).status == PASSED


# ---------------------------------------------------------------------------- SA-3 the market's languages, no others

LANGUAGES = offers_the_markets_languages()


def test_the_policy_s_languages_offered_pass():
    outcome = run(actor_for("CA"), LANGUAGES)
    assert outcome.status == PASSED and "en offered" in outcome.seen and "fr offered" in outcome.seen


def test_a_language_beyond_the_policy_or_one_missing_is_a_finding():
    assert said(run(actor_for("GR", landing=replace(languages=["el", "en"])), LANGUAGES)) == [
        "expected only the policy's languages el, the language switch also offers en (SA-3)"]
    assert said(run(actor_for("CA", landing=replace(languages=["en"])), LANGUAGES)) == [
        "expected fr among the languages offered, the language switch offers en (SA-3)"]


def test_languages_the_adapter_does_not_read_are_not_checked():
    outcome = run(actor_for("DE", landing=replace(languages=None)), LANGUAGES)
    assert (outcome.status, outcome.why) == (NOT_CHECKED, "the adapter does not read the languages the shop offers")


# ---------------------------------------------------------------------------- SA-3 every landing price formatted

PRICES = prices_formatted_for_its_locale()


def _cards(actor: Actor, count: int, wrong: set[int]) -> list[ProductCard]:
    persona, currency = actor.persona, actor.policy.currency
    out = []
    for n in range(count):
        amount = Decimal(10 + n)
        text = money(amount, currency, persona.language, persona.market)
        out.append(ProductCard(f"SKU-{n}", "A product", actor.policy.categories.allowed[0],
                               Price(amount, currency, f"€ {amount}" if n in wrong else text)))
    return out


def test_every_price_on_the_landing_page_is_checked_not_the_first_three():
    actor = actor_for("CH")
    actor.seen[landing.LANDING] = dataclasses.replace(actor.seen[landing.LANDING], products=_cards(actor, 12, {11}))
    expected = money(Decimal(21), "CHF", actor.persona.language, "CH")
    assert said(run(actor, PRICES)) == [f"expected price of SKU-11 {expected}, the landing page shows € 21 (SA-3)"]


def test_many_prices_formatted_otherwise_name_three_and_count_the_rest():
    actor = actor_for("CH")
    actor.seen[landing.LANDING] = dataclasses.replace(actor.seen[landing.LANDING], products=_cards(actor, 8, set(range(8))))
    findings = said(run(actor, PRICES))
    assert len(findings) == 4 and all(f.startswith("expected price of SKU-") for f in findings[:3])
    assert findings[3] == ("expected every price formatted for the locale, the landing page shows 5 more otherwise: "
                           "SKU-3, SKU-4, SKU-5, SKU-6, SKU-7 (SA-3)")
    actor.seen[landing.LANDING] = dataclasses.replace(actor.seen[landing.LANDING], products=_cards(actor, 8, set()))
    assert run(actor, PRICES).status == PASSED


def test_the_keys_these_tests_change_exist():
    names = {key.name for key in actor_for("DE").seen}
    assert {"payment step", "landing", "confirmation", "confirmation mail", "review", "cart", "stored order",
            "paid with"} <= names
    assert checkout.CART.name == "cart"
