"""The traveller checks in both directions, without a browser: a customer who bought at home in a
clean shop (`clean_shop.py`) and comes back from abroad, with one thing changed the way a broken
shop shows it, and the finding that names the persona, what the policy expects, what the shop
showed and the catalogue id; and the reason when a check cannot be made (SA-5)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from harness.expectations.traveller import (detected_in_its_market_at_home, finds_its_orders_from_abroad,
                                            logs_in_from_abroad)
from harness.screenplay import NOT_CHECKED, PASSED, Actor
from harness.screenplay.checks import run_check
from harness.shop.account import AccountOrder, OrderList, OrderSummary, SignedIn
from harness.shop.capabilities import Capability
from harness.shop.catalogue import Refusal
from harness.tasks.account import ACCOUNT_ORDER, BOUGHT, ORDERS, SIGNED_IN, Bought
from harness.tasks.landing import LANDING
from harness.tasks.travel import WHEREABOUTS

from .check_actors import clean_actor, filed, replace, said, unobserved
from .clean_shop import REF

ABROAD = ("FR", "192.0.2.7")  # where its requests come from after travelling
FROM = "from FR (192.0.2.7)"


def actor_for(market: str = "DE", **changed) -> Actor:
    """Bought at home in a clean shop, now abroad (its requests from France)."""
    return clean_actor("traveller", market, whereabouts=ABROAD, **changed)


# ---------------------------------------------------------------------------- SA-5 detected at home

AT_HOME = detected_in_its_market_at_home()


def test_taken_for_its_own_market_at_home_passes():
    outcome = run_check(actor_for(), AT_HOME)
    assert outcome.status == PASSED and outcome.seen == ["market: expected DE, the landing page at home shows DE"]


def test_taken_for_another_market_or_refused_at_home_is_a_finding():
    actor = actor_for(landing=replace(market="AT"))
    assert filed(actor, run_check(actor, AT_HOME)) == ["expected market DE, the landing page at home shows AT (SA-5)"]
    actor = actor_for(landing=replace(market=None))
    assert filed(actor, run_check(actor, AT_HOME)) == ["expected market DE, the landing page at home shows nothing (SA-5)"]


# ---------------------------------------------------------------------------- SA-5 logs in from abroad

LOGS_IN = logs_in_from_abroad()


def test_logging_in_from_abroad_passes_and_says_from_where():
    outcome = run_check(actor_for(), LOGS_IN)
    assert outcome.status == PASSED and outcome.seen == [f"logged in {FROM}"]


def test_a_login_refused_abroad_is_a_finding_with_the_shop_s_reason():
    actor = actor_for(signed_in=SignedIn(False, refusal=Refusal("Not available in your region", "de", status=403)))
    assert filed(actor, run_check(actor, LOGS_IN)) == [
        f"expected to log in {FROM}, the login page refuses: Not available in your region (SA-5)"]
    actor = actor_for(signed_in=SignedIn(False))
    assert filed(actor, run_check(actor, LOGS_IN)) == [f"expected to log in {FROM}, the login page refuses (SA-5)"]


# ---------------------------------------------------------------------------- SA-5 its orders from abroad

ORDERS_ABROAD = finds_its_orders_from_abroad()


def test_the_order_bought_at_home_in_the_list_and_on_its_page_passes():
    outcome = run_check(actor_for(), ORDERS_ABROAD)
    assert outcome.status == PASSED, said(outcome)
    assert len(outcome.seen) == 3  # in the list, on its page, with its total


def test_a_purchase_at_home_that_stopped_is_a_finding():
    actor = actor_for(bought=Bought(None, "the payment step refused the card"))
    assert filed(actor, run_check(actor, ORDERS_ABROAD)) == [
        "expected to buy at home, the checkout at home stopped: the payment step refused the card (SA-5)"]


def test_an_order_list_refused_or_without_the_order_is_a_finding():
    actor = actor_for(orders=OrderList([], Refusal("Please log in again", "fr", status=401)))
    assert filed(actor, run_check(actor, ORDERS_ABROAD)) == [
        f"expected order {REF}, the order list {FROM} is refused: Please log in again (SA-5)"]
    actor = actor_for(orders=OrderList([OrderSummary("ORD-00000001", "9.99 EUR")]))
    assert filed(actor, run_check(actor, ORDERS_ABROAD)) == [
        f"expected order {REF}, the order list {FROM} shows ORD-00000001 (SA-5)"]
    actor = actor_for(orders=OrderList([]))
    assert filed(actor, run_check(actor, ORDERS_ABROAD)) == [
        f"expected order {REF}, the order list {FROM} shows nothing (SA-5)"]


def test_an_order_page_refused_or_empty_is_a_finding():
    actor = actor_for(account_order=AccountOrder(None, refusal=Refusal("Not found", "fr", status=404)))
    assert filed(actor, run_check(actor, ORDERS_ABROAD)) == [
        f"expected order {REF}, the order page {FROM} is refused: Not found (SA-5)"]
    actor = actor_for(account_order=AccountOrder(None))
    assert filed(actor, run_check(actor, ORDERS_ABROAD)) == [
        f"expected order {REF}, the order page {FROM} is refused: no order shown (SA-5)"]


def test_another_order_or_another_total_on_the_order_page_is_a_finding():
    actor = actor_for(account_order=replace(ref="ORD-00000001"))
    assert filed(actor, run_check(actor, ORDERS_ABROAD)) == [
        f"expected order {REF}, the order page {FROM} shows ORD-00000001 (SA-5)"]
    actor = actor_for()
    total = actor.recall(BOUGHT).order.totals.total
    actor = actor_for(account_order=replace(total=total + Decimal("1.00")))
    assert filed(actor, run_check(actor, ORDERS_ABROAD)) == [
        f"expected total of {REF} {total}, the order page {FROM} shows {total + Decimal('1.00')} (SA-5)"]


# ---------------------------------------------------------------------------- nothing observed: not checked

LACKS_ACCOUNTS = Capability.ACCOUNTS.lacking


@pytest.mark.parametrize("made, key, why", [
    (AT_HOME, LANDING, Capability.CATALOGUE.lacking),
    (LOGS_IN, SIGNED_IN, LACKS_ACCOUNTS),
    (LOGS_IN, WHEREABOUTS, "no address abroad to come from"),
    (ORDERS_ABROAD, BOUGHT, "the adapter has no cart"),
    (ORDERS_ABROAD, ORDERS, LACKS_ACCOUNTS),
    (ORDERS_ABROAD, ACCOUNT_ORDER, "the journey stopped: the login page refuses"),
], ids=["at home/landing", "logs in/signed in", "logs in/whereabouts", "orders/bought", "orders/orders",
        "orders/account order"])
def test_a_check_whose_observation_was_not_made_is_not_checked_with_the_journey_s_reason(made, key, why):
    outcome = run_check(unobserved(actor_for(), key, why), made)
    assert (outcome.status, outcome.why) == (NOT_CHECKED, why)
