"""The checkout journey passes on the clean storefront and catches each fault it is for.

Checks the storefront has no fault profile for are proven two other ways: a market policy that
disagrees with the clean shop (the check compares the two, so either side may be wrong), and a
doctored adapter that reads the clean shop as a broken one would show itself (`doctored_shop`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from harness.personas import Persona, PersonaFactory
from harness.plugin.selection import HOME
from harness.policy import load_policy
from harness.policy.load import default_directory
from harness.shop.catalogue import Refusal
from harness.shop.reference import make_shop

from .journeys import run_journeys
from .partial_shops import ADAPTER

LEAN = ("--adapter", ADAPTER + "catalogue_and_guest_checkout")  # the faults are caught without the rest

CLEAN_MARKETS = "DE,JP,NL,US,SA,KE"


def walker(market: str, seed: int = 1) -> Persona:
    """The persona that walks `market`'s journeys with --seed `seed` (one per market)."""
    factory = PersonaFactory(load_policy(), seed)
    return next(p for p in (factory.persona(market, n) for n in range(1, 1000)) if p.archetype in HOME)


def failed_in(run, market: str) -> dict[str, str]:
    failed = run.failed()
    assert failed and all(f"-{market}-" in test for test in failed), (failed, run.output)
    return failed


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return run_journeys(tmp_path_factory.mktemp("clean"), "-m", "checkout", "--markets", CLEAN_MARKETS)


def test_clean_storefront_passes(clean):
    assert clean.returncode == 0, clean.output
    assert len(clean.outcomes) == 3 * len(CLEAN_MARKETS.split(",")), clean.outcomes
    assert set(clean.outcomes.values()) == {"passed"}, clean.failed()


def test_coverage_gap_refuses_an_address_inside_coverage(tmp_path):
    """SA-2: DE lost Bavaria; a persona living there cannot check out, and the policy's Munich is refused."""
    seed = next(s for s in range(1, 1000) if (walker("DE", s).address.postcode or "0") >= "80000")
    de = walker("DE", seed)
    run = run_journeys(tmp_path, "-m", "checkout", "--markets", "DE,FR", "--seed", str(seed),
                       "-k", "guest_checkout or delivery_coverage", "--faults", "coverage-gap", *LEAN)
    assert run.returncode == 1, run.output
    failed = failed_in(run, "DE")
    assert set(failed) == {f"test_guest_checkout[chromium-{de.id}]", f"test_delivery_coverage[chromium-{de.id}]"}
    refused = f"{de.id} checkout: expected delivery to {de.address.postcode} {de.address.city}, the address step refuses it: "
    assert refused in failed[f"test_guest_checkout[chromium-{de.id}]"]
    munich = f"{de.id} checkout: expected delivery to 80331 München, the address step refuses it: "
    assert munich in failed[f"test_delivery_coverage[chromium-{de.id}]"]
    assert all(line.endswith("(SA-2)") for line in run.all_text().splitlines() if " checkout: " in line)


@pytest.mark.parametrize("fault, markets, says", [
    ("payment-mismatch", "NL,DE", ["{NL} checkout: expected payment method ideal (advertised on the shop's pages and a "
                                   "payment method of the market), the payment step offers card, paypal, klarna (SA-6)"]),
    ("hidden-threshold", "DE,AT", ["{DE} checkout: expected a discount of 10 EUR on a subtotal of ",
                                   "(spend 100 EUR, save 10 EUR), the cart shows 0 EUR (AS-3)"]),
    ("vat-missing", "DE,AT", ["{DE} checkout: expected VAT included in the prices (19%), the review adds tax on top: ",
                              "{DE} checkout: expected a total of "]),
    ("wrong-currency", "CH,DE", ["{CH} checkout: expected currency CHF, the confirmation shows EUR (SA-3)",
                                 "{CH} checkout: expected currency CHF, the cart shows EUR (SA-3)"]),
    ("payment-extra", "PL,DE", ["{PL} checkout: expected only the policy's payment methods card, blik, paypal, the payment "
                                "step offers klarna (SA-6)",
                                "{PL} checkout: expected only the policy's payment methods card, blik, paypal, the landing "
                                "page advertises klarna (SA-6)"]),
])
def test_fault_is_caught_with_its_message(tmp_path, fault, markets, says):
    market = markets.split(",")[0]
    run = run_journeys(tmp_path, "-m", "checkout", "--markets", markets, "-k", "guest_checkout", "--faults", fault, *LEAN)
    assert run.returncode == 1, run.output
    assert list(failed_in(run, market)) == [f"test_guest_checkout[chromium-{walker(market).id}]"]
    for text in says:
        assert text.format(**{market: walker(market).id}) in run.all_text(), run.all_text()


def test_unmasked_data_and_another_currency_are_caught_wherever_they_show(tmp_path):
    """PD-2: ES masks nothing any more (confirmation-unmasked), though its policy masks phone, e-mail
    and card: caught on the confirmation page and in its e-mail, while the data is still as typed
    (PD-1 holds). SA-3: CH priced in EUR (wrong-currency) is caught in the cart and the order API
    too. One run for both; PT, untouched, passes."""
    run = run_journeys(tmp_path, "-m", "checkout", "--markets", "ES,CH,PT", "-k", "guest_checkout",
                       "--faults", "confirmation-unmasked,wrong-currency", "--adapter", ADAPTER + "without_support_and_aftersales")
    assert run.returncode == 1, run.output
    es, ch, pt = walker("ES"), walker("CH"), walker("PT")
    assert es.payment_method == "card", "the ES walker pays by card, so the card is shown too"
    guest = {p.market: f"test_guest_checkout[chromium-{p.id}]" for p in (es, ch, pt)}
    assert set(run.failed()) == {guest["ES"], guest["CH"]} and run.outcomes[guest["PT"]] == "passed", run.outcomes
    said = run.messages[guest["ES"]]
    local = es.email.split("@")[0]  # the run's address is the persona's, plus-tagged with the run and journey
    for field, shown, where in (("phone", f"{es.phone} (PD-2)", "the confirmation"), ("email", f"{local}+", "the confirmation"),
                                ("card", f"{es.card_number} (PD-2)", "the confirmation"),
                                ("phone", f"{es.phone} (PD-2)", "the confirmation e-mail"),
                                ("card", f"{es.card_number} (PD-2)", "the confirmation e-mail")):
        assert f"{es.id} checkout: expected the {field} masked, {where} shows {shown}" in said, said
    assert run.check(guest["ES"], "personal data masked on the confirmation")["status"] == "failed"
    assert run.check(guest["ES"], "confirmation shows what it typed")["status"] == "passed"
    said = run.messages[guest["CH"]]
    for where in ("the cart", "the order API"):
        assert f"{ch.id} checkout: expected currency CHF, {where} shows EUR (SA-3)" in said, said
    assert run.check(guest["PT"], "personal data masked on the confirmation")["status"] == "passed"


def _at_home_in(region: str, seed: int = 1) -> Persona:
    """The first persona at home (an archetype that walks checkout) living in `region` (ISO 3166-2)."""
    factory = PersonaFactory(load_policy(), seed)
    market = region.split("-")[0]
    return next(p for p in (factory.persona(market, n) for n in range(1, 1000))
                if p.archetype in HOME and p.address.region == region)


def test_sales_tax_is_held_to_the_rate_of_its_province(tmp_path):
    """AS-5: a persona living in Quebec pays GST and QST (14.975 %) on the clean shop; with Quebec's
    QST left out (province-tax-wrong) the review's 5 % is caught, naming the province."""
    qc = _at_home_in("CA-QC")
    test = f"test_guest_checkout[chromium-{qc.id}]"
    options = ("-m", "checkout", "--persona", qc.id, "-k", "guest_checkout", *LEAN)
    clean = run_journeys(tmp_path, *options)
    assert clean.returncode == 0 and clean.outcomes == {test: "passed"}, clean.output
    assert clean.check(test, "totals follow the tax rule")["status"] == "passed"
    run = run_journeys(tmp_path, *options, "--faults", "province-tax-wrong")
    assert run.returncode == 1 and list(run.failed()) == [test], run.output
    said = run.messages[test]
    assert re.search(rf"{qc.id} checkout: expected sales tax of 14\.975% in CA-QC: [\d.]+ CAD, the review shows "
                     rf"[\d.]+ CAD \(AS-5\)", said), said
    assert run.check(test, "totals follow the tax rule")["failed_entries"] == ["AS-5"]


def test_data_mangling_is_caught_on_the_order_the_mail_and_the_account(tmp_path):
    """PD-1: latin-1 columns and phones cut to 11 characters, for a guest and a registered customer."""
    run = run_journeys(tmp_path, "-m", "checkout", "--markets", "DE,JP", "-k", "guest_checkout or registered_checkout",
                       "--faults", "data-mangling", "--adapter", ADAPTER + "without_support_and_aftersales")
    assert run.returncode == 1, run.output
    de, jp = walker("DE"), walker("JP")
    assert len(run.failed()) == 4, run.outcomes
    guest, registered = (run.messages[f"test_{kind}_checkout[chromium-{de.id}]"] for kind in ("guest", "registered"))
    assert f"{de.id} checkout: expected phone {de.phone}, the order API shows {de.phone[:11]} (PD-1)" in guest
    assert f"{de.id} checkout: expected phone {de.phone}, the confirmation e-mail shows +" in guest
    assert (f"{de.id} checkout: expected phone {de.phone}, the checkout form (from the account) shows {de.phone[:11]} (PD-1)"
            in registered)
    cut = jp.name.encode("latin-1", errors="replace").decode("latin-1")
    assert f"{jp.id} checkout: expected name {jp.name}, the confirmation shows {cut} (PD-1)" in run.all_text()
    assert f"{jp.id} checkout: expected street {jp.address.street!r} in the address, the confirmation" in run.all_text()


# ---------------------------------------------------------------------------- the policy disagrees with the shop


def _policy_at_odds(tmp: Path) -> Path:
    """The shipped policy with DE, AT and LU stating what the clean shop does not do."""
    target = tmp / "policy"
    shutil.copytree(default_directory(), target)

    def edit(market, change):
        path = target / f"{market}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    def de(d):
        d["languages"] = ["fr"]  # the shop speaks German and English to DE
        d["delivery"]["outside"].append({"city": "Köln", "postcode": "50667", "region": "DE-NW"})  # the shop serves it
        d["shipping"] = [{"id": "standard", "days": [2, 4]}, {"id": "express", "days": [3, 4]},  # express: next day
                         {"id": "pickup", "days": [2, 4]}, {"id": "economy", "days": [5, 8]}]  # no economy
        d["tax"]["rate"] = 20  # 19
        d["promotions"] = [{"id": "spend-100-save-15", "threshold": 100, "discount": 15}]  # save 10

    edit("DE", de)
    edit("AT", lambda d: d.update(tax={"kind": "sales_tax", "rate": 0}))  # VAT included
    edit("LU", lambda d: d.update(tax={"kind": "none", "rate": 0}))  # VAT included
    return target


def test_checks_hold_the_shop_to_the_policy(tmp_path):
    """SA-2 (refusal outside coverage, shipping methods, estimates, the refusal's language), AS-3 (the
    promotion as advertised), AS-5 (VAT rate, sales tax, no tax), SA-3 (confirmation language)."""
    run = run_journeys(tmp_path, "-m", "checkout", "--markets", "DE,AT,LU", "--policy", str(_policy_at_odds(tmp_path)),
                       "-k", "guest_checkout or delivery_coverage")
    assert run.returncode == 1, run.output
    factory = PersonaFactory(load_policy(tmp_path / "policy"), 1)
    de, at, lu = (next(p for p in (factory.persona(m, n) for n in range(1, 1000)) if p.archetype in HOME)
                  for m in ("DE", "AT", "LU"))
    assert set(run.failed()) == {f"test_guest_checkout[chromium-{de.id}]", f"test_delivery_coverage[chromium-{de.id}]",
                                 f"test_guest_checkout[chromium-{at.id}]", f"test_guest_checkout[chromium-{lu.id}]"}
    coverage = run.messages[f"test_delivery_coverage[chromium-{de.id}]"]
    assert (f"{de.id} checkout: expected a refusal for 50667 Köln, the address step accepts it and offers "
            f"standard, express, pickup (SA-2)") in coverage
    assert (f"{de.id} checkout: expected shipping methods standard, express, pickup, economy to 10117 Berlin, "
            f"the shipping step for 10117 Berlin offers standard, express, pickup (SA-2)") in coverage
    assert (f"{de.id} checkout: expected express delivered in 3-4 business days, the shipping step for 10117 Berlin "
            f"shows ") in coverage
    assert f"{de.id} checkout: expected the refusal for 27498 Helgoland (Heligoland) in fr, the address step shows " in coverage
    guest = run.messages[f"test_guest_checkout[chromium-{de.id}]"]
    assert (f"{de.id} checkout: expected the promotion spend 100 EUR, save 15 EUR on the landing page, it shows "
            f"spend 100, save 10 (AS-3)") in guest
    assert f"{de.id} checkout: expected a discount of 15 EUR on a subtotal of " in guest
    assert f"{de.id} checkout: expected VAT of 20% included: " in guest
    assert f"{de.id} checkout: expected language fr, the confirmation shows " in guest
    assert f"{de.id} checkout: expected language fr, the confirmation e-mail shows " in guest
    assert (f"{at.id} checkout: expected sales tax added at checkout, the review shows it as included in the prices "
            f"(AS-5)") in run.messages[f"test_guest_checkout[chromium-{at.id}]"]
    assert f"{lu.id} checkout: expected no tax, the review shows " in run.messages[f"test_guest_checkout[chromium-{lu.id}]"]


# ---------------------------------------------------------------------------- the shop disagrees with itself


def doctored_shop(url: str):
    """The clean reference shop read as a broken one would show itself (`--adapter
    tests.scenarios.test_checkout_journey:doctored_shop`): in DE the confirmation page and e-mail
    disagree with the cart, JP sends no confirmation e-mail, NL refuses the payment, and the US
    address form turns every postcode down."""
    shop = make_shop(url)
    real = shop.checkout

    def market(page) -> str:
        return page.evaluate("() => document.querySelector('[data-testid=market]').dataset.market")

    class Doctored(type(real)):
        def enter_address(self, page, details):
            step = super().enter_address(page, details)
            if market(page) != "US":
                return step
            return dataclasses.replace(step, accepted=False, shipping=[], refusal=None,
                                       field_errors={"postcode": "Please enter a valid postcode."})

        def pay(self, page, method, card_number=""):
            review = super().pay(page, method, card_number)
            if market(page) != "NL":
                return review
            return dataclasses.replace(review, refusal=Refusal("Die Zahlung wurde abgelehnt.", "nl", 0, 402))

        def place_order(self, page):
            conf = super().place_order(page)
            if market(page) != "DE":
                return conf
            first = conf.lines[0]
            return dataclasses.replace(
                conf, lines=[dataclasses.replace(first, quantity=first.quantity + 1), *conf.lines[1:]],
                totals=dataclasses.replace(conf.totals, total=conf.totals.total + 1, discount=Decimal(0)),
                delivery=(conf.delivery[0], conf.delivery[1] + dt.timedelta(days=7)))

        def confirmation_mail(self, page, email, ref):
            mail = super().confirmation_mail(page, email, ref)
            if ref.startswith("JP-"):
                return None
            if ref.startswith("DE-"):
                return dataclasses.replace(mail, ref="DE-00000000", total=mail.total + 2, total_text="€ " + mail.total_text,
                                           language="en")
            return mail

    return dataclasses.replace(shop, checkout=Doctored(real.mailbox))


def test_checks_hold_the_shop_to_itself(tmp_path):
    """SA-6 (confirmation page and e-mail agree with the cart; an e-mail arrives; the payment goes
    through), SA-3 (e-mail language), SA-2 (a refusal says why), PD-1 (the form takes the address as typed)."""
    run = run_journeys(tmp_path, "-m", "checkout", "--markets", "DE,JP,NL,US",
                       "--adapter", "tests.scenarios.test_checkout_journey:doctored_shop",
                       "-k", "guest_checkout or delivery_coverage")
    assert run.returncode == 1, run.output
    de, jp, nl, us = (walker(m) for m in ("DE", "JP", "NL", "US"))
    assert set(run.failed()) == {f"test_guest_checkout[chromium-{p.id}]" for p in (de, jp, nl, us)} | {
        f"test_delivery_coverage[chromium-{us.id}]"}, run.outcomes
    guest = run.messages[f"test_guest_checkout[chromium-{de.id}]"]
    for what, where, entry in (("items", "confirmation", "SA-6"), ("total", "confirmation", "SA-6"),
                               ("discount", "confirmation", "SA-6"), ("delivery between", "confirmation", "SA-6"),
                               ("order number", "confirmation e-mail", "SA-6"), ("total", "confirmation e-mail", "SA-6"),
                               ("total written as on the confirmation", "confirmation e-mail", "SA-3")):
        assert re.search(rf"{de.id} checkout: expected {what} .+, the {where} shows .+ \({entry}\)", guest), (what, guest)
    assert f"{de.id} checkout: expected language {de.language}, the confirmation e-mail shows en (SA-3)" in guest
    assert (f"{jp.id} checkout: expected a confirmation e-mail for order JP-"
            in run.messages[f"test_guest_checkout[chromium-{jp.id}]"])
    assert (f"{nl.id} checkout: expected the payment with {nl.payment_method} to go through, the payment step refuses "
            f"it: Die Zahlung wurde abgelehnt. (SA-6)") in run.messages[f"test_guest_checkout[chromium-{nl.id}]"]
    assert (f"{us.id} checkout: expected the form to take postcode {us.address.postcode!r} as typed, the address step "
            f"refuses it: Please enter a valid postcode. (PD-1)") in run.messages[f"test_guest_checkout[chromium-{us.id}]"]
    assert (f"{us.id} checkout: expected a refusal saying why for 99501 Anchorage (Alaska), the address step only flags "
            f"postcode: Please enter a valid postcode. (SA-2)") in run.messages[f"test_delivery_coverage[chromium-{us.id}]"]
