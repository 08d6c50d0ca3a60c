"""The checkout journey passes on the clean storefront and catches each fault it is for.

Checks the storefront has no fault profile for are proven two other ways: a market policy that
disagrees with the clean shop (the check compares the two, so either side may be wrong), and a
doctored adapter that reads the clean shop as a broken one would show itself (`doctored_shop`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import shutil
from dataclasses import dataclass
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

from .journeys import Run, shared_run, walks
from .partial_shops import ADAPTER

pytestmark = pytest.mark.slow

LEAN = ("--adapter", ADAPTER + "catalogue_and_guest_checkout")  # the faults are caught without the rest
SHOP = ("--adapter", ADAPTER + "without_support_and_aftersales")  # those that need the account, the mail or the order API


@functools.cache
def _factory(seed: int) -> PersonaFactory:
    return PersonaFactory(load_policy(), seed)


def walker(market: str, seed: int = 1) -> Persona:
    """The persona that walks `market`'s journeys with --seed `seed` (one per market)."""
    factory = _factory(seed)
    return next(p for p in (factory.persona(market, n) for n in range(1, 1000)) if p.archetype in HOME)


def _at_home(market: str, lives, seed: int = 1) -> Persona:
    """The first persona of `market` at home (an archetype that walks checkout) whose address `lives`."""
    factory = _factory(seed)
    return next(p for p in (factory.persona(market, n) for n in range(1, 1000)) if p.archetype in HOME and lives(p.address))


def _at_home_in(region: str, seed: int = 1) -> Persona:
    """The first persona at home living in `region` (ISO 3166-2)."""
    return _at_home(region.split("-")[0], lambda address: address.region == region, seed)


def bavarian() -> Persona:
    """The first persona at home in DE living in Bavaria (postcodes from 80000), which coverage-gap drops."""
    return _at_home("DE", lambda address: (address.postcode or "0") >= "80000")


def guest(p: Persona) -> str:
    return f"test_guest_checkout[chromium-{p.id}]"


def registered(p: Persona) -> str:
    return f"test_registered_checkout[chromium-{p.id}]"


def coverage(p: Persona) -> str:
    return f"test_delivery_coverage[chromium-{p.id}]"


@dataclass(frozen=True)
class Shared:
    """A run several faults share: each profile breaks its own market (storefront/faults.py), and
    no two break the same market's same walk; the walks beside them must pass."""

    faults: tuple[str, ...]
    adapter: tuple[str, ...]
    failing: tuple[str, ...]  # the walks its faults fail
    passing: tuple[str, ...] = ()


@functools.cache
def shared() -> dict[str, Shared]:
    nl, de, ch, pl, at, es, pt, jp, fr = (walker(m) for m in ("NL", "DE", "CH", "PL", "AT", "ES", "PT", "JP", "FR"))
    return {
        # each on its market's guest checkout, with only a catalogue and a guest checkout
        "lean": Shared(("payment-mismatch", "hidden-threshold", "wrong-currency", "payment-extra", "province-tax-wrong"),
                       LEAN, (guest(nl), guest(de), guest(ch), guest(pl), guest(_at_home_in("CA-QC"))), (guest(at),)),
        # DE's tax (vat-missing) apart from its promotion (hidden-threshold), on a shop with mail and an order API
        "mail": Shared(("confirmation-unmasked", "wrong-currency", "vat-missing"), SHOP,
                       (guest(es), guest(ch), guest(de)), (guest(pt),)),
        # every customer's data is mangled, but only once stored: the Bavarian refused at the address
        # step (coverage-gap) has stored nothing, nor has DE's walk to the policy's example places
        "stored": Shared(("data-mangling", "coverage-gap"), SHOP,
                         (guest(de), registered(de), guest(jp), registered(jp), guest(bavarian()), coverage(de)),
                         (coverage(fr),)),
    }


@pytest.fixture(scope="module")
def faulted(tmp_path_factory):
    runs = {}

    def run(name: str):
        if name not in runs:
            spec = shared()[name]
            runs[name] = shared_run(tmp_path_factory, f"checkout-{name}", "-m", "checkout", "--faults",
                                    ",".join(spec.faults), *spec.adapter, *walks(*spec.failing, *spec.passing))
        return runs[name]

    return run


@pytest.mark.parametrize("name", ["lean", "mail", "stored"])
def test_faults_sharing_a_run_leave_each_others_walks_alone(faulted, name):
    """Every walk of the run was walked, and the only ones that fail are those a fault fails."""
    run, spec = faulted(name), shared()[name]
    assert run.returncode == 1, run.output
    assert set(run.outcomes) == {*spec.failing, *spec.passing}, run.outcomes
    assert set(run.failed()) == set(spec.failing), run.outcomes


def _clean_walks() -> list[str]:
    """What the faults, the policy at odds and the doctored adapter fail, walked on the clean shop:
    each failure is theirs, not the market's."""
    de, at, lu, fr, jp, nl, us = (walker(m) for m in ("DE", "AT", "LU", "FR", "JP", "NL", "US"))
    at_odds = [guest(de), coverage(de), guest(at), guest(lu)]
    doctored = [guest(fr), guest(jp), guest(nl), guest(us), coverage(us)]
    return list(dict.fromkeys([w for spec in shared().values() for w in spec.failing] + at_odds + doctored))


@pytest.fixture(scope="module")
def clean(tmp_path_factory, running_shop):
    return shared_run(tmp_path_factory, "checkout-clean", "-m", "checkout", "--target", running_shop(),
                      *walks(*_clean_walks()))


def test_clean_storefront_passes(clean):
    assert clean.returncode == 0, clean.output
    assert set(clean.outcomes) == set(_clean_walks()), clean.outcomes
    assert set(clean.outcomes.values()) == {"passed"}, clean.failed()


def test_coverage_gap_refuses_an_address_inside_coverage(faulted):
    """SA-2: DE lost Bavaria; a persona living there cannot check out, and the policy's Munich is refused."""
    run, bav, de = faulted("stored"), bavarian(), walker("DE")
    walked = {guest(bav): run.messages[guest(bav)], coverage(de): run.messages[coverage(de)]}
    assert {run.outcomes[w] for w in walked} == {"failed"} and run.outcomes[coverage(walker("FR"))] == "passed", run.outcomes
    refused = f"{bav.id} checkout: expected delivery to {bav.address.postcode} {bav.address.city}, the address step refuses it: "
    assert refused in walked[guest(bav)], walked
    munich = f"{de.id} checkout: expected delivery to 80331 München, the address step refuses it: "
    assert munich in walked[coverage(de)], walked
    said = "\n".join(walked.values()).splitlines()
    assert all(line.endswith("(SA-2)") for line in said if " checkout: " in line), said  # nothing of data-mangling's


@pytest.mark.parametrize("fault, market, run, says", [
    ("payment-mismatch", "NL", "lean", [
        "{NL} checkout: expected payment method ideal (advertised on the shop's pages and a payment method of the "
        "market), the payment step offers card, paypal, klarna (SA-6)"]),
    ("hidden-threshold", "DE", "lean", ["{DE} checkout: expected a discount of 10 EUR on a subtotal of ",
                                        "(spend 100 EUR, save 10 EUR), the cart shows 0 EUR (AS-3)"]),
    ("vat-missing", "DE", "mail", ["{DE} checkout: expected VAT included in the prices (19%), the review adds tax on top: ",
                                   "{DE} checkout: expected a total of "]),
    ("wrong-currency", "CH", "lean", ["{CH} checkout: expected currency CHF, the confirmation shows EUR (SA-3)",
                                      "{CH} checkout: expected currency CHF, the cart shows EUR (SA-3)"]),
    ("payment-extra", "PL", "lean", [
        "{PL} checkout: expected only the policy's payment methods card, blik, paypal, the payment step offers klarna (SA-6)",
        "{PL} checkout: expected only the policy's payment methods card, blik, paypal, the landing page advertises "
        "klarna (SA-6)"]),
])
def test_fault_is_caught_with_its_message(faulted, fault, market, run, says):
    run, test = faulted(run), guest(walker(market))
    assert [w for w, outcome in run.outcomes.items() if f"-{market}-" in w] == [test], run.outcomes
    assert run.outcomes[test] == "failed", run.outcomes
    for text in says:
        assert text.format(**{market: walker(market).id}) in run.messages[test], run.messages[test]


def test_unmasked_data_and_another_currency_are_caught_wherever_they_show(faulted):
    """PD-2: ES masks nothing any more (confirmation-unmasked), though its policy masks phone, e-mail
    and card: caught on the confirmation page and in its e-mail, while the data is still as typed
    (PD-1 holds). SA-3: CH priced in EUR (wrong-currency) is caught in the cart and the order API
    too. One run for both; PT, untouched, passes."""
    run = faulted("mail")
    es, ch, pt = walker("ES"), walker("CH"), walker("PT")
    assert es.payment_method == "card", "the ES walker pays by card, so the card is shown too"
    assert (run.outcomes[guest(es)], run.outcomes[guest(ch)], run.outcomes[guest(pt)]) == ("failed", "failed", "passed")
    said = run.messages[guest(es)]
    local = es.email.split("@")[0]  # the run's address is the persona's, plus-tagged with the run and journey
    for field, shown, where in (("phone", f"{es.phone} (PD-2)", "the confirmation"), ("email", f"{local}+", "the confirmation"),
                                ("card", f"{es.card_number} (PD-2)", "the confirmation"),
                                ("phone", f"{es.phone} (PD-2)", "the confirmation e-mail"),
                                ("card", f"{es.card_number} (PD-2)", "the confirmation e-mail")):
        assert f"{es.id} checkout: expected the {field} masked, {where} shows {shown}" in said, said
    assert run.check(guest(es), "personal data masked on the confirmation")["status"] == "failed"
    assert run.check(guest(es), "confirmation shows what it typed")["status"] == "passed"
    said = run.messages[guest(ch)]
    for where in ("the cart", "the order API"):
        assert f"{ch.id} checkout: expected currency CHF, {where} shows EUR (SA-3)" in said, said
    assert run.check(guest(pt), "personal data masked on the confirmation")["status"] == "passed"


def test_sales_tax_is_held_to_the_rate_of_its_province(clean, faulted):
    """AS-5: a persona living in Quebec pays GST and QST (14.975 %) on the clean shop; with Quebec's
    QST left out (province-tax-wrong) the review's 5 % is caught, naming the province."""
    qc = _at_home_in("CA-QC")
    test = guest(qc)
    assert clean.outcomes[test] == "passed", clean.output
    assert clean.check(test, "totals follow the tax rule")["status"] == "passed"
    run = faulted("lean")
    assert run.outcomes[test] == "failed", run.outcomes
    said = run.messages[test]
    assert re.search(rf"{qc.id} checkout: expected sales tax of 14\.975% in CA-QC: [\d.]+ CAD, the review shows "
                     rf"[\d.]+ CAD \(AS-5\)", said), said
    assert run.check(test, "totals follow the tax rule")["failed_entries"] == ["AS-5"]


def test_data_mangling_is_caught_on_the_order_the_mail_and_the_account(faulted):
    """PD-1: latin-1 columns and phones cut to 11 characters, for a guest and a registered customer."""
    run = faulted("stored")
    de, jp = walker("DE"), walker("JP")
    mangled = [guest(de), registered(de), guest(jp), registered(jp)]
    assert [run.outcomes[w] for w in mangled] == ["failed"] * 4, run.outcomes
    guest_said, registered_said = run.messages[guest(de)], run.messages[registered(de)]
    assert f"{de.id} checkout: expected phone {de.phone}, the order API shows {de.phone[:11]} (PD-1)" in guest_said
    assert f"{de.id} checkout: expected phone {de.phone}, the confirmation e-mail shows +" in guest_said
    assert (f"{de.id} checkout: expected phone {de.phone}, the checkout form (from the account) shows {de.phone[:11]} (PD-1)"
            in registered_said)
    said = "\n".join(run.messages[w] for w in mangled)
    cut = jp.name.encode("latin-1", errors="replace").decode("latin-1")
    assert f"{jp.id} checkout: expected name {jp.name}, the confirmation shows {cut} (PD-1)" in said
    assert f"{jp.id} checkout: expected street {jp.address.street!r} in the address, the confirmation" in said


# ------------------------------------------------------- the policy disagrees with the shop, the shop with itself
# One run for both: the policy at odds in DE, AT and LU, the doctored adapter in FR, JP, NL and US.


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


@dataclass(frozen=True)
class AtOdds:
    run: Run
    at_odds: dict[str, Persona]  # DE, AT, LU: their policy at odds with the shop
    doctored: dict[str, Persona]  # FR, JP, NL, US: the shop at odds with itself
    failing: list[str]


@pytest.fixture(scope="module")
def at_odds(tmp_path_factory, running_shop) -> AtOdds:
    policy = _policy_at_odds(tmp_path_factory.mktemp("at-odds"))
    factory = PersonaFactory(load_policy(policy), 1)
    who = {m: next(p for p in (factory.persona(m, n) for n in range(1, 1000)) if p.archetype in HOME)
           for m in ("DE", "AT", "LU", "FR", "JP", "NL", "US")}
    de, at, lu, fr, jp, nl, us = who.values()
    failing = [guest(de), coverage(de), guest(at), guest(lu), guest(fr), guest(jp), guest(nl), guest(us), coverage(us)]
    run = shared_run(tmp_path_factory, "checkout-at-odds", "-m", "checkout", "--policy", str(policy),
                     "--adapter", "tests.scenarios.test_checkout_journey:doctored_shop", "--target", running_shop(),
                     *walks(*failing))
    return AtOdds(run, {m: who[m] for m in ("DE", "AT", "LU")}, {m: who[m] for m in ("FR", "JP", "NL", "US")}, failing)


def test_the_policy_and_the_doctored_adapter_fail_their_markets_walks(at_odds):
    run = at_odds.run
    assert run.returncode == 1, run.output
    assert set(run.outcomes) == set(run.failed()) == set(at_odds.failing), run.outcomes


def test_checks_hold_the_shop_to_the_policy(at_odds):
    """SA-2 (refusal outside coverage, shipping methods, estimates, the refusal's language), AS-3 (the
    promotion as advertised), AS-5 (VAT rate, sales tax, no tax), SA-3 (confirmation language)."""
    run, (de, at, lu) = at_odds.run, at_odds.at_odds.values()
    covered = run.messages[coverage(de)]
    assert (f"{de.id} checkout: expected a refusal for 50667 Köln, the address step accepts it and offers "
            f"standard, express, pickup (SA-2)") in covered
    assert (f"{de.id} checkout: expected shipping methods standard, express, pickup, economy to 10117 Berlin, "
            f"the shipping step for 10117 Berlin offers standard, express, pickup (SA-2)") in covered
    assert (f"{de.id} checkout: expected express delivered in 3-4 business days, the shipping step for 10117 Berlin "
            f"shows ") in covered
    assert f"{de.id} checkout: expected the refusal for 27498 Helgoland (Heligoland) in fr, the address step shows " in covered
    checked_out = run.messages[guest(de)]
    assert (f"{de.id} checkout: expected the promotion spend 100 EUR, save 15 EUR on the landing page, it shows "
            f"spend 100, save 10 (AS-3)") in checked_out
    assert f"{de.id} checkout: expected a discount of 15 EUR on a subtotal of " in checked_out
    assert f"{de.id} checkout: expected VAT of 20% included: " in checked_out
    assert f"{de.id} checkout: expected language fr, the confirmation shows " in checked_out
    assert f"{de.id} checkout: expected language fr, the confirmation e-mail shows " in checked_out
    assert (f"{at.id} checkout: expected sales tax added at checkout, the review shows it as included in the prices "
            f"(AS-5)") in run.messages[f"test_guest_checkout[chromium-{at.id}]"]
    assert f"{lu.id} checkout: expected no tax, the review shows " in run.messages[f"test_guest_checkout[chromium-{lu.id}]"]


def doctored_shop(url: str):
    """The clean reference shop read as a broken one would show itself (`--adapter
    tests.scenarios.test_checkout_journey:doctored_shop`): in FR the confirmation page and e-mail
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
            if market(page) != "FR":
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
            if ref.startswith("FR-"):
                return dataclasses.replace(mail, ref="FR-00000000", total=mail.total + 2, total_text="€ " + mail.total_text,
                                           language="en")
            return mail

    return dataclasses.replace(shop, checkout=Doctored(real.mailbox))


def test_checks_hold_the_shop_to_itself(at_odds):
    """SA-6 (confirmation page and e-mail agree with the cart; an e-mail arrives; the payment goes
    through), SA-3 (e-mail language), SA-2 (a refusal says why), PD-1 (the form takes the address as typed)."""
    run, (fr, jp, nl, us) = at_odds.run, at_odds.doctored.values()
    checked_out = run.messages[guest(fr)]
    for what, where, entry in (("items", "confirmation", "SA-6"), ("total", "confirmation", "SA-6"),
                               ("discount", "confirmation", "SA-6"), ("delivery between", "confirmation", "SA-6"),
                               ("order number", "confirmation e-mail", "SA-6"), ("total", "confirmation e-mail", "SA-6"),
                               ("total written as on the confirmation", "confirmation e-mail", "SA-3")):
        assert re.search(rf"{fr.id} checkout: expected {what} .+, the {where} shows .+ \({entry}\)", checked_out), (what, checked_out)
    assert f"{fr.id} checkout: expected language {fr.language}, the confirmation e-mail shows en (SA-3)" in checked_out
    assert (f"{jp.id} checkout: expected a confirmation e-mail for order JP-"
            in run.messages[f"test_guest_checkout[chromium-{jp.id}]"])
    assert (f"{nl.id} checkout: expected the payment with {nl.payment_method} to go through, the payment step refuses "
            f"it: Die Zahlung wurde abgelehnt. (SA-6)") in run.messages[f"test_guest_checkout[chromium-{nl.id}]"]
    assert (f"{us.id} checkout: expected the form to take postcode {us.address.postcode!r} as typed, the address step "
            f"refuses it: Please enter a valid postcode. (PD-1)") in run.messages[f"test_guest_checkout[chromium-{us.id}]"]
    assert (f"{us.id} checkout: expected a refusal saying why for 99501 Anchorage (Alaska), the address step only flags "
            f"postcode: Please enter a valid postcode. (SA-2)") in run.messages[f"test_delivery_coverage[chromium-{us.id}]"]
