"""The commerce checks in both directions, without a browser: a clean shop's observations
(`clean_shop.py`) with one thing changed the way a broken shop shows it, and the finding that
names what the policy expects and what the shop showed (issue 17: payment methods beyond the
policy, personal data masked on the confirmation, sales tax by region, one currency at every
step, categories the policy never decided on)."""
from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from harness.expectations.checkout import (confirmation_agrees_with_the_cart,
                                           confirmation_mail_agrees_with_the_order, currency_the_same_at_every_step,
                                           delivers_inside_coverage, delivers_to_its_address, gets_back_what_it_typed,
                                           gets_the_promotion_as_advertised, masks_personal_data_on_the_confirmation,
                                           offers_no_payment_method_beyond_the_markets,
                                           offers_the_markets_payment_methods, order_api_keeps_what_it_typed,
                                           prefills_its_account_details, refuses_outside_coverage_clearly,
                                           shows_as_typed, totals_follow_the_tax_rule)
from harness.expectations.formatting import money
from harness.expectations.service_area import (offers_the_markets_languages, prices_formatted_for_its_locale,
                                               shows_only_allowed_products)
from harness.personas import PersonaFactory
from harness.plugin.selection import walkers
from harness.policy import load_policy
from harness.policy.model import Calendar, ShippingMethod
from harness.screenplay import NOT_CHECKED, NOT_PROMISED, PASSED, Actor
from harness.screenplay.checks import run_check
from harness.shop.capabilities import ALL, Capability
from harness.shop.catalogue import Price, ProductCard, Refusal
from harness.shop.checkout import AddressStep, Line, ShippingOption
from harness.tasks import account, checkout, landing

from .check_actors import filed, policy_of, unobserved
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
    assert filed(actor, run(actor, BEYOND)) == [
        "expected only the policy's payment methods card, paypal, sepa, klarna, the payment step offers cod (SA-6)"]


def test_a_badge_for_a_method_beyond_the_policy_is_a_finding():
    actor = actor_for("DE", landing=replace(payment_badges=["card", "alipay"]))
    assert filed(actor, run(actor, BEYOND)) == [
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
    assert filed(actor, run(actor, MASKED)) == [f"expected the phone masked, the confirmation shows {persona.phone} (PD-2)",
                                        f"expected the email masked, the confirmation shows {persona.email} (PD-2)",
                                        f"expected the card masked, the confirmation shows {persona.card_number} (PD-2)"]
    assert run(actor_for("DE", confirmation=replace(phone=persona.phone)), gets_back_what_it_typed()).status == PASSED


def test_a_full_card_in_the_confirmation_mail_is_a_finding():
    persona = walkers(FACTORY, "US")[0]
    actor = actor_for("US", confirmation_mail=replace(card=persona.card_number))
    assert filed(actor, run(actor, MASKED)) == [
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
    findings = filed(actor, run(actor, TAX))
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
    assert filed(actor, run(actor, CURRENCY)) == ["expected currency CHF, the cart shows EUR (SA-3)",
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
        assert filed(actor, run(actor, CATEGORIES)) == [
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
    assert filed(actor, run(actor, PRICES)) == [f"expected price of SKU-11 {expected}, the landing page shows € 21 (SA-3)"]


def test_many_prices_formatted_otherwise_name_three_and_count_the_rest():
    actor = actor_for("CH")
    actor.seen[landing.LANDING] = dataclasses.replace(actor.seen[landing.LANDING], products=_cards(actor, 8, set(range(8))))
    findings = filed(actor, run(actor, PRICES))
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


# ============================================================================ the rest of checkout, one check at a time
#
# `filed` (check_actors.py) also asserts each finding names the persona of the market and the
# journey, and files under a catalogue id the check declares.

DE_LABEL = "70437 Stuttgart"  # the DE walker's own address, as the delivery findings name it
DE_STEP = f"the shipping step for {DE_LABEL}"


def status(outcome) -> tuple[str, str]:
    return outcome.status, outcome.why


def _shipping(method: str, **fields):
    """The address step with the offer of `method` changed (`fields`), or left out (no fields)."""
    def change(step):
        options = [dataclasses.replace(o, **fields) if o.method == method else o
                   for o in step.shipping if fields or o.method != method]
        return dataclasses.replace(step, shipping=options)
    return change


# ---------------------------------------------------------------------------- SA-2 delivery to its own address

OWN_ADDRESS = delivers_to_its_address()


def test_delivery_to_its_address_with_the_policy_s_methods_and_estimates_passes():
    outcome = run(actor_for("DE"), OWN_ADDRESS)
    assert outcome.status == PASSED, said(outcome)
    assert outcome.seen[:2] == [f"delivers to {DE_LABEL}", f"shipping methods standard, express, pickup offered to {DE_LABEL}"]
    assert "standard delivered in 2-4 business days" in outcome.seen


def test_its_own_address_refused_is_a_finding_with_the_shop_s_reason():
    actor = actor_for("DE", address_step=replace(accepted=False, shipping=[],
                                                 refusal=Refusal("Wir liefern nicht dorthin", "de", status=422)))
    assert filed(actor, run(actor, OWN_ADDRESS)) == [
        f"expected delivery to {DE_LABEL}, the address step refuses it: Wir liefern nicht dorthin (SA-2)"]


def test_a_field_the_form_would_not_take_as_typed_is_a_finding():
    actor = actor_for("DE", address_step=replace(accepted=False, shipping=[], field_errors={"postcode": "Ungültig"}))
    assert filed(actor, run(actor, OWN_ADDRESS)) == [
        "expected the form to take postcode '70437' as typed, the address step refuses it: Ungültig (PD-1)"]


def test_a_shipping_method_of_the_policy_not_offered_is_a_finding():
    actor = actor_for("DE", address_step=_shipping("pickup"))
    assert filed(actor, run(actor, OWN_ADDRESS)) == [
        f"expected shipping methods standard, express, pickup to {DE_LABEL}, {DE_STEP} offers standard, express (SA-2)"]


def test_an_estimate_later_or_sooner_than_promised_is_a_finding():
    # asked on Wednesday 2 December 2026; standard is promised in 2-4 business days
    on_the_last_day = actor_for("DE", address_step=_shipping("standard", latest=dt.date(2026, 12, 8)))  # 4 days
    assert run(on_the_last_day, OWN_ADDRESS).status == PASSED
    actor = actor_for("DE", address_step=_shipping("standard", latest=dt.date(2026, 12, 9)))  # 5 days
    assert filed(actor, run(actor, OWN_ADDRESS)) == [
        f"expected standard delivered in 2-4 business days, {DE_STEP} shows 2026-12-04 to 2026-12-09 "
        "(2-5 business days from 2026-12-02) (SA-2)"]
    actor = actor_for("DE", address_step=_shipping("standard", earliest=dt.date(2026, 12, 3)))  # 1 day
    assert filed(actor, run(actor, OWN_ADDRESS)) == [
        f"expected standard delivered in 2-4 business days, {DE_STEP} shows 2026-12-03 to 2026-12-08 "
        "(1-4 business days from 2026-12-02) (SA-2)"]


def test_an_offer_without_an_estimate_is_a_finding_and_estimates_the_adapter_cannot_read_a_gap():
    actor = actor_for("DE", address_step=_shipping("express", earliest=None, latest=None))
    assert filed(actor, run(actor, OWN_ADDRESS)) == [
        f"expected express delivered in 1-1 business days, {DE_STEP} shows no delivery estimate (SA-2)"]
    outcome = run(actor_for("DE", offers=ALL - {Capability.DELIVERY_ESTIMATES}), OWN_ADDRESS)
    assert outcome.status == PASSED
    assert outcome.gaps == [f"delivery estimates to {DE_LABEL}: the adapter reads no delivery estimates"]


def test_a_policy_naming_no_shipping_methods_takes_any_and_none_is_a_finding():
    policy = policy_of("DE", shipping=[])
    any_method = replace(shipping=[ShippingOption("courier", None, None)])
    assert run(actor_for("DE", policy=policy, address_step=any_method), OWN_ADDRESS).status == PASSED
    actor = actor_for("DE", policy=policy)  # a clean shop for that policy offers nothing
    assert actor.recall(checkout.ADDRESS_STEP).shipping == []
    assert filed(actor, run(actor, OWN_ADDRESS)) == [
        f"expected a shipping method to {DE_LABEL}, {DE_STEP} offers none (SA-2)"]


def test_business_days_skip_the_market_s_weekend():
    wednesday, monday = dt.date(2026, 12, 2), dt.date(2026, 12, 7)
    assert POLICY["DE"].workdays.between(wednesday, monday) == 3  # Thu, Fri, Mon
    assert POLICY["SA"].workdays.between(wednesday, monday) == 3  # Thu, Sun, Mon
    assert POLICY["DE"].workdays.between(monday, wednesday) == -5
    assert POLICY["SA"].workdays.add(dt.date(2027, 1, 7), 1) == dt.date(2027, 1, 10)  # Thursday, then Sunday


# A public holiday of the market, on a weekday: asked the day before, express (1 business day)
# arrives the day after it.
HOLIDAYS = [("DE", dt.date(2025, 10, 3)),  # German Unity Day, a Friday
            ("JP", dt.date(2027, 4, 29))]  # Showa Day, a Thursday


@pytest.mark.parametrize("market, holiday", HOLIDAYS, ids=[m for m, _ in HOLIDAYS])
def test_a_public_holiday_of_the_market_is_no_business_day(market, holiday):
    days = POLICY[market].workdays
    assert holiday.weekday() < 5 and days.is_holiday(holiday) and not days.is_business_day(holiday)
    assert days.between(holiday - dt.timedelta(days=1), holiday) == 0
    # the policy's own calendar wins where it says so
    opened = policy_of(market, calendar=Calendar(open=[holiday])).workdays
    assert opened.is_business_day(holiday) and not opened.is_holiday(holiday)
    closed = policy_of(market, calendar=Calendar(closed=[holiday - dt.timedelta(days=1)])).workdays
    assert closed.is_holiday(holiday - dt.timedelta(days=1))


@pytest.mark.parametrize("market, holiday", HOLIDAYS, ids=[m for m, _ in HOLIDAYS])
def test_an_estimate_counts_the_market_s_public_holidays(market, holiday):
    """Express in 1 business day, asked the day before the holiday: the day after it is on time,
    the holiday itself too soon. A harness that ignored the calendar would judge them the other
    way round (the policy opening on the holiday shows it)."""
    before, after = holiday - dt.timedelta(days=1), POLICY[market].workdays.add(holiday, 1)
    express = [ShippingMethod(id="express", days=(1, 1))]

    def asking(policy, shown: dt.date) -> Actor:
        return actor_for(market, policy=policy, asked_at=dt.datetime.combine(before, dt.time(3), dt.timezone.utc),
                         address_step=_shipping("express", earliest=shown, latest=shown))

    honouring = policy_of(market, shipping=express)
    assert run(asking(honouring, after), OWN_ADDRESS).status == PASSED
    outcome = run(asking(honouring, holiday), OWN_ADDRESS)
    assert [f.text for f in outcome.findings] == [
        f"expected express delivered in 1-1 business days, the shipping step for {_label(market)} shows "
        f"{holiday} to {holiday} (0-0 business days from {before})"]
    ignoring = policy_of(market, shipping=express, calendar=Calendar(open=[holiday]))
    assert run(asking(ignoring, holiday), OWN_ADDRESS).status == PASSED
    assert run(asking(ignoring, after), OWN_ADDRESS).status != PASSED


def _label(market: str) -> str:
    address = walkers(FACTORY, market)[0].address
    return " ".join(p for p in (address.postcode or "", address.city) if p)


# ---------------------------------------------------------------------------- SA-2 coverage, both ways

INSIDE = delivers_inside_coverage()
OUTSIDE = refuses_outside_coverage_clearly()
REFUSED_STEP = AddressStep(False, refusal=Refusal("We cannot deliver there.", "de", status=422))


def _place(actor: Actor, inside: bool, n: int = 0):
    return [place for place, is_inside, _ in actor.recall(checkout.COVERAGE) if is_inside == inside][n]


def _coverage(city: str, step: AddressStep):
    """The coverage walk with the address step for `city` replaced by `step`."""
    return lambda walked: [(p, inside, step if p.city == city else s) for p, inside, s in walked]


def test_every_place_inside_coverage_delivered_to_passes():
    outcome = run(actor_for("DE"), INSIDE)
    assert outcome.status == PASSED, said(outcome)
    assert "delivers to 10117 Berlin" in outcome.seen and "delivers to 80331 München" in outcome.seen


def test_a_place_inside_coverage_refused_is_a_finding_naming_it():
    actor = actor_for("DE", coverage=_coverage("Hamburg", REFUSED_STEP))
    assert filed(actor, run(actor, INSIDE)) == [
        "expected delivery to 20095 Hamburg, the address step refuses it: We cannot deliver there. (SA-2)"]


def test_a_policy_naming_no_places_promises_no_coverage():
    outcome = run(actor_for("DE", policy=policy_of("DE", delivery=None)), INSIDE)
    assert status(outcome) == (NOT_PROMISED, "the policy names no places inside or outside coverage")


def test_every_place_outside_coverage_refused_in_its_language_passes():
    outcome = run(actor_for("DE"), OUTSIDE)
    assert outcome.status == PASSED, said(outcome)
    assert outcome.seen == ["the refusal for 27498 Helgoland (Heligoland) in: expected de, the address step shows de",
                            "the refusal for 78266 Büsingen am Hochrhein in: expected de, the address step shows de"]


def test_a_place_outside_coverage_accepted_is_a_finding():
    actor = actor_for("DE")
    accepted = next(step for _, inside, step in actor.recall(checkout.COVERAGE) if inside)
    actor = actor_for("DE", coverage=_coverage("Helgoland", accepted))
    assert filed(actor, run(actor, OUTSIDE)) == [
        "expected a refusal for 27498 Helgoland (Heligoland), the address step accepts it and offers "
        "standard, express, pickup (SA-2)"]


def test_a_refusal_that_only_flags_a_field_or_speaks_another_language_is_a_finding():
    actor = actor_for("DE", coverage=_coverage("Helgoland", AddressStep(False, field_errors={"postcode": "invalid"})))
    assert filed(actor, run(actor, OUTSIDE)) == [
        "expected a refusal saying why for 27498 Helgoland (Heligoland), the address step only flags "
        "postcode: invalid (SA-2)"]
    english = AddressStep(False, refusal=Refusal("We cannot deliver there.", "en-GB", status=422))
    actor = actor_for("DE", coverage=_coverage("Helgoland", english))
    assert filed(actor, run(actor, OUTSIDE)) == [
        "expected the refusal for 27498 Helgoland (Heligoland) in de, the address step shows en (SA-2)"]


def test_a_policy_naming_no_place_outside_coverage_promises_no_refusal():
    policy = policy_of("DE", delivery=POLICY["DE"].delivery.model_copy(update={"outside": []}))
    outcome = run(actor_for("DE", policy=policy), OUTSIDE)
    assert status(outcome) == (NOT_PROMISED, "the policy names no place outside coverage")


# ---------------------------------------------------------------------------- SA-6 the market's payment methods

METHODS = offers_the_markets_payment_methods()


def test_every_payment_method_of_the_market_offered_and_the_payment_through_passes():
    outcome = run(actor_for("DE"), METHODS)
    assert outcome.status == PASSED, said(outcome)
    assert outcome.seen[-1] == "the payment with card goes through"


def test_a_method_of_the_market_or_one_advertised_not_offered_is_a_finding_saying_why_it_was_expected():
    actor = actor_for("DE", payment_step=replace(methods=["card", "sepa", "klarna"]),
                      landing=replace(payment_badges=["card", "paypal", "giropay"]))
    assert filed(actor, run(actor, METHODS)) == [
        "expected payment method paypal (advertised on the shop's pages and a payment method of the market), "
        "the payment step offers card, sepa, klarna (SA-6)",
        "expected payment method giropay (advertised on the shop's pages), the payment step offers card, sepa, "
        "klarna (SA-6)"]


def test_a_payment_refused_is_a_finding_with_the_shop_s_reason():
    actor = actor_for("DE", review=replace(totals=None, refusal=Refusal("Karte abgelehnt", "de", status=402)))
    assert filed(actor, run(actor, METHODS)) == [
        "expected the payment with card to go through, the payment step refuses it: Karte abgelehnt (SA-6)"]


# ---------------------------------------------------------------------------- AS-3 the promotion

PROMOTED = gets_the_promotion_as_advertised()
SPEND = "spend 100 EUR, save 10 EUR"


def test_the_promotion_advertised_and_its_discount_in_the_cart_pass():
    outcome = run(actor_for("DE"), PROMOTED)
    assert outcome.status == PASSED, said(outcome)
    assert outcome.seen == [f"the promotion {SPEND} is advertised", f"discount 10 EUR applied ({SPEND})"]


def test_a_promotion_not_advertised_or_a_wrong_discount_is_a_finding():
    actor = actor_for("DE", landing=replace(promotions=[]))
    assert filed(actor, run(actor, PROMOTED)) == [
        f"expected the promotion {SPEND} on the landing page, it shows nothing (AS-3)"]
    actor = actor_for("DE", cart=lambda cart: dataclasses.replace(
        cart, totals=dataclasses.replace(cart.totals, discount=Decimal(5))))
    assert filed(actor, run(actor, PROMOTED)) == [
        f"expected a discount of 10 EUR on a subtotal of 120.00 EUR ({SPEND}), the cart shows 5 EUR (AS-3)"]
    actor = actor_for("DE", cart=replace(totals=None))
    assert filed(actor, run(actor, PROMOTED)) == ["expected a cart with totals, the cart shows none (AS-3)"]


def test_a_cart_below_the_threshold_is_a_gap_not_filled_up_not_checked_and_no_promotion_not_promised():
    actor = actor_for("DE", cart=lambda cart: dataclasses.replace(
        cart, totals=dataclasses.replace(cart.totals, subtotal=Decimal(60), discount=Decimal(0))))
    outcome = run(actor, PROMOTED)
    assert outcome.status == PASSED and outcome.gaps == [
        "the discount: the cart (60 EUR) could not reach the threshold with a sensible quantity"]
    assert status(run(actor_for("DE", promotion=None), PROMOTED)) == (
        NOT_CHECKED, "the cart was not filled up to a promotion")
    assert status(run(actor_for("DE", policy=policy_of("DE", promotions=[])), PROMOTED)) == (
        NOT_PROMISED, "the policy advertises no promotion")


# ---------------------------------------------------------------------------- AS-5 VAT and no tax

def _review_totals(**fields):
    return lambda review: dataclasses.replace(review, totals=dataclasses.replace(review.totals, **fields))


def test_vat_included_at_the_policy_s_rate_passes():
    outcome = run(actor_for("DE"), TAX)
    assert outcome.status == PASSED and outcome.seen == ["VAT included (19%)", "included VAT is 19%", "the total adds up"]


def test_vat_added_on_top_or_at_another_rate_or_a_total_that_does_not_add_up_is_a_finding():
    actor = actor_for("DE", review=_review_totals(tax_added=True))
    assert filed(actor, run(actor, TAX)) == [
        "expected VAT included in the prices (19%), the review adds tax on top: 18.35 EUR (AS-5)"]
    actor = actor_for("DE", review=_review_totals(tax=Decimal("7.17")))
    assert filed(actor, run(actor, TAX)) == [
        "expected VAT of 19% included: 18.35 EUR, the review shows 7.17 EUR (AS-5)"]
    actor = actor_for("DE", review=_review_totals(total=Decimal("119.80")))
    assert filed(actor, run(actor, TAX)) == [
        "expected a total of 114.90 EUR (subtotal 120.00 - discount 10 + shipping 4.90), the review shows "
        "119.80 EUR (AS-5)"]


def test_sales_tax_shown_as_included_is_a_finding():
    actor = _taxed(actor_for("US", region="US-CA"), POLICY["US"].tax.regions["US-CA"])
    actor.seen[checkout.REVIEW] = _review_totals(tax_added=False)(actor.seen[checkout.REVIEW])
    findings = filed(actor, run(actor, TAX))
    assert findings[0] == "expected sales tax added at checkout, the review shows it as included in the prices (AS-5)"


def test_a_market_without_tax_gets_none_charged():
    none = policy_of("DE", tax=POLICY["DE"].tax.model_copy(update={"kind": "none", "rate": Decimal(0)}))
    assert run(actor_for("DE", policy=none), TAX).seen == ["no tax charged", "the total adds up"]
    actor = actor_for("DE", policy=none, review=_review_totals(tax=Decimal("3.00")))
    assert filed(actor, run(actor, TAX)) == ["expected no tax, the review shows 3.00 EUR (AS-5)"]


def test_a_review_without_totals_leaves_the_tax_not_checked():
    actor = actor_for("DE", review=replace(totals=None, refusal=Refusal("Karte abgelehnt", "de")))
    assert status(run(actor, TAX)) == (NOT_CHECKED, "the review shows no totals: the payment was refused")


# ---------------------------------------------------------------------------- SA-3, SA-6 the confirmation page

AGREES = confirmation_agrees_with_the_cart()


def test_a_confirmation_that_agrees_with_the_cart_passes():
    outcome = run(actor_for("DE"), AGREES)
    assert outcome.status == PASSED and len(outcome.seen) == 6, said(outcome)


def test_every_difference_from_the_cart_is_a_finding():
    def otherwise(conf):
        return dataclasses.replace(conf, currency="CHF", language="en", lines=[Line("SKU-1", 3)],
                                   totals=dataclasses.replace(conf.totals, total=Decimal("124.90"), discount=Decimal(0)),
                                   delivery=(dt.date(2026, 12, 4), dt.date(2026, 12, 11)))

    actor = actor_for("DE", confirmation=otherwise)
    assert filed(actor, run(actor, AGREES)) == [
        "expected currency EUR, the confirmation shows CHF (SA-3)",
        "expected language de, the confirmation shows en (SA-3)",
        "expected items 2 × SKU-1, the confirmation shows 3 × SKU-1 (SA-6)",
        "expected total 114.90 EUR, the confirmation shows 124.90 EUR (SA-6)",
        "expected discount 10 EUR, the confirmation shows 0 EUR (SA-6)",
        "expected delivery between 2026-12-04 and 2026-12-08, the confirmation shows 2026-12-04 and 2026-12-11 (SA-6)"]


# ---------------------------------------------------------------------------- SA-3, SA-6, PD-1 the confirmation e-mail

MAIL = confirmation_mail_agrees_with_the_order()


def test_a_confirmation_mail_that_agrees_with_the_order_passes():
    outcome = run(actor_for("DE"), MAIL)
    assert outcome.status == PASSED, said(outcome)
    assert "order number: expected ORD-12345678, the confirmation e-mail shows ORD-12345678" in outcome.seen


def test_no_confirmation_mail_is_a_finding():
    actor = actor_for("DE", confirmation_mail=None)
    assert filed(actor, run(actor, MAIL)) == [
        "expected a confirmation e-mail for order ORD-12345678, the mailbox shows none (SA-6)"]


def test_a_mail_with_another_order_total_or_name_is_a_finding_each():
    persona = walkers(FACTORY, "DE")[0]
    actor = actor_for("DE", confirmation_mail=replace(ref="ORD-87654321", total=Decimal("124.90"),
                                                      total_text="124,90 €", name=persona.name.upper()))
    assert filed(actor, run(actor, MAIL)) == [
        "expected order number ORD-12345678, the confirmation e-mail shows ORD-87654321 (SA-6)",
        "expected total 114.90 EUR, the confirmation e-mail shows 124.90 EUR (SA-6)",
        "expected total written as on the confirmation 114.90 EUR, the confirmation e-mail shows 124,90 € (SA-3)",
        f"expected name {persona.name}, the confirmation e-mail shows {persona.name.upper()} (PD-1)"]


def test_a_mail_stating_no_phone_is_a_gap():
    outcome = run(actor_for("DE", confirmation_mail=replace(phone=None)), MAIL)
    assert outcome.status == PASSED and outcome.gaps == ["the phone in the confirmation e-mail: it states no phone"]


# ---------------------------------------------------------------------------- PD-1 the confirmation shows what it typed

TYPED = gets_back_what_it_typed()


def test_what_it_typed_back_whole_or_masked_passes():
    outcome = run(actor_for("DE"), TYPED)  # the clean confirmation masks phone, e-mail and card
    assert outcome.status == PASSED, said(outcome)
    assert "street as typed in the confirmation" in outcome.seen


def test_a_name_changed_a_phone_mangled_or_an_address_line_lost_is_a_finding():
    persona = walkers(FACTORY, "DE")[0]
    actor = actor_for("DE", confirmation=lambda conf: dataclasses.replace(
        conf, name=persona.name.upper(), phone="+4••••••••••00", address=conf.address[1:]))
    assert filed(actor, run(actor, TYPED)) == [
        f"expected name {persona.name}, the confirmation shows {persona.name.upper()} (PD-1)",
        f"expected phone {persona.phone}, the confirmation shows +4••••••••••00 (PD-1)",
        "expected street 'Rosenstraße 99' in the address, the confirmation shows 70437, Stuttgart (PD-1)"]


def test_a_confirmation_stating_no_e_mail_is_a_gap():
    outcome = run(actor_for("DE", confirmation=replace(email=None)), TYPED)
    assert outcome.status == PASSED and outcome.gaps == ["the e-mail in the confirmation: it states no e-mail"]


@pytest.mark.parametrize("typed, shown, same", [
    ("+4915906909187", "+4915906909187", True),
    ("+4915906909187", "+49 159 0690 9187", False),  # spaced otherwise is not as typed
    ("+4915906909187", "+4••••••••••87", True),
    ("+4915906909187", "+49••••••••••••", True),
    ("+4915906909187", "+4••••••••••88", False),  # the visible end is not its end
    ("5555555555554444", "**** **** **** 4444", True),  # spaces not counted
    ("ab", "a•b", False),  # a "mask" that hides nothing
])
def test_shown_as_typed_is_the_value_or_a_mask_keeping_its_start_and_end(typed, shown, same):
    assert shows_as_typed(typed, shown) is same


# ---------------------------------------------------------------------------- PD-1 the order API

STORED = order_api_keeps_what_it_typed()


def test_the_order_api_keeping_what_it_typed_passes():
    outcome = run(actor_for("DE"), STORED)
    assert outcome.status == PASSED, said(outcome)
    assert len(outcome.seen) == 7  # name, phone, e-mail, three address lines, card


def test_an_order_api_refusing_its_owner_is_a_finding():
    actor = actor_for("DE", stored_order=Refusal("Forbidden", "", status=403))
    assert filed(actor, run(actor, STORED)) == [
        "expected order ORD-12345678 from the owner's order API, it refuses the owner (403) (PD-1)"]


def test_data_stored_masked_or_changed_is_a_finding():
    persona = walkers(FACTORY, "DE")[0]
    actor = actor_for("DE", stored_order=lambda stored: dataclasses.replace(
        stored, phone="+4••••••••••87", address={**stored.address, "postcode": "70173"}, card_number=""))
    assert filed(actor, run(actor, STORED)) == [
        f"expected phone {persona.phone}, the order API shows +4••••••••••87 (PD-1)",
        "expected postcode 70437, the order API shows 70173 (PD-1)",
        f"expected card {persona.card_number}, the order API shows nothing (PD-1)"]


# ---------------------------------------------------------------------------- PD-1 account details prefilled

PREFILLED = prefills_its_account_details()


def test_account_details_prefilled_as_registered_pass():
    outcome = run(actor_for("DE"), PREFILLED)
    assert outcome.status == PASSED and len(outcome.seen) == 3, said(outcome)


def test_a_prefilled_detail_other_than_registered_is_a_finding():
    persona = walkers(FACTORY, "DE")[0]
    actor = actor_for("DE", address_step=lambda step: dataclasses.replace(
        step, prefilled={**step.prefilled, "email": "someone.else@example.net"}))
    assert filed(actor, run(actor, PREFILLED)) == [
        f"expected e-mail {persona.email}, the checkout form (from the account) shows someone.else@example.net (PD-1)"]


def test_a_form_that_fills_in_nothing_is_not_checked():
    outcome = run(actor_for("DE", address_step=replace(prefilled={})), PREFILLED)
    assert status(outcome) == (NOT_CHECKED, "the checkout form fills in nothing from the account")


# ---------------------------------------------------------------------------- nothing observed: not checked

LACKS_CHECKOUT = Capability.GUEST_CHECKOUT.lacking


@pytest.mark.parametrize("made, key, why", [
    (OWN_ADDRESS, checkout.ADDRESS_STEP, LACKS_CHECKOUT),
    (INSIDE, checkout.COVERAGE, LACKS_CHECKOUT),
    (OUTSIDE, checkout.COVERAGE, LACKS_CHECKOUT),
    (METHODS, checkout.PAYMENT_STEP, LACKS_CHECKOUT),
    (BEYOND, checkout.PAYMENT_STEP, LACKS_CHECKOUT),
    (PROMOTED, checkout.PROMOTION, Capability.CART.lacking),
    (TAX, checkout.REVIEW, LACKS_CHECKOUT),
    (AGREES, checkout.CONFIRMATION, "the journey stopped: the payment step refuses the card"),
    (MAIL, checkout.CONFIRMATION_MAIL, Capability.MAILBOX.lacking),
    (CURRENCY, checkout.CART, Capability.CART.lacking),
    (TYPED, checkout.CONFIRMATION, LACKS_CHECKOUT),
    (MASKED, checkout.CONFIRMATION, LACKS_CHECKOUT),
    (STORED, checkout.STORED_ORDER, Capability.ORDER_API.lacking),
    (PREFILLED, account.REGISTERED, Capability.ACCOUNTS.lacking),
], ids=lambda v: v.name if hasattr(v, "entries") else "")
def test_a_check_whose_observation_was_not_made_is_not_checked_with_the_journey_s_reason(made, key, why):
    outcome = run(unobserved(actor_for("DE"), key, why), made)
    assert status(outcome) == (NOT_CHECKED, why)
