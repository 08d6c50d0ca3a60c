"""Pure after-sales rules: periods and their last days, the refund run's calendar and amounts,
test cards, and what each after-sales fault profile changes in the settings the systems read."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from storefront.aftersales import refunds
from storefront.aftersales.operations import add_months, applied, refund_dates, return_last_day, warranty_last_day
from storefront.cards import TEST_CARDS, CardRefused, check_card, luhn_ok
from storefront.loading import load_shop
from storefront.policy import facts


@pytest.fixture(scope="module")
def markets():
    return load_shop().config.markets


@pytest.mark.parametrize("day, months, expected", [
    ("2026-11-23", 24, "2028-11-23"),
    ("2024-02-29", 12, "2025-02-28"),  # no 29 February: the month's last day
    ("2026-08-31", 6, "2027-02-28"),
    ("2026-01-31", 1, "2026-02-28"),
    ("2026-12-15", 1, "2027-01-15"),
    ("2026-03-31", -1, "2026-02-28"),
    ("2026-01-15", -24, "2024-01-15"),
])
def test_add_months(day, months, expected):
    assert add_months(dt.date.fromisoformat(day), months).isoformat() == expected


def test_last_days_count_from_delivery_that_day_included():
    delivered = dt.date(2026, 11, 2)
    assert return_last_day(delivered, 14) == dt.date(2026, 11, 16)
    assert warranty_last_day(delivered, 24) == dt.date(2028, 11, 2)


def test_refund_dates_skip_weekends_and_holidays(markets):
    # DE: accepted Wednesday 23 Dec 2026; 25 Dec is a holiday, 26-27 a weekend
    assert refund_dates(markets["DE"], dt.date(2026, 12, 23), (3, 5)) == (dt.date(2026, 12, 29), dt.date(2026, 12, 31))
    # US: Thanksgiving, 26 Nov 2026
    assert refund_dates(markets["US"], dt.date(2026, 11, 24), (5, 7)) == (dt.date(2026, 12, 2), dt.date(2026, 12, 4))
    # SA: the weekend is Friday and Saturday
    assert refund_dates(markets["SA"], dt.date(2026, 11, 25), (5, 7)) == (dt.date(2026, 12, 2), dt.date(2026, 12, 6))
    # DE: accepted Wednesday 1 October 2025; 3 October is German Unity Day (a calendar that
    # ignored it would pay by Wednesday 8 October)
    assert refund_dates(markets["DE"], dt.date(2025, 10, 1), (3, 5)) == (dt.date(2025, 10, 7), dt.date(2025, 10, 9))
    # JP: accepted Tuesday 27 April 2027; 29 April is Showa Day
    assert refund_dates(markets["JP"], dt.date(2027, 4, 27), (1, 2)) == (dt.date(2027, 4, 28), dt.date(2027, 4, 30))


def _order(subtotal, discount, tax, tax_included, total):
    return SimpleNamespace(subtotal=Decimal(subtotal), discount=Decimal(discount), tax=Decimal(tax),
                           tax_included=tax_included, total=Decimal(total), currency="EUR")


def _ret(*lines):
    return SimpleNamespace(lines=[SimpleNamespace(unit_price=Decimal(p), quantity=q) for p, q in lines])


def test_refund_amounts():
    # VAT included, a 10.00 discount on 128.40 of goods, 4.90 shipping: 123.30 paid
    order = _order("128.40", "10.00", "19.69", True, "123.30")
    first = refunds.amount(order, _ret(("105.91", 1)), completes_order=False, refunded_before=Decimal(0))
    assert first == Decimal("97.66")
    assert refunds.amount(order, _ret(("22.49", 1)), completes_order=True, refunded_before=first) == Decimal("25.64")
    # sales tax added at checkout comes back with the goods
    taxed = _order("100.00", "0", "8.00", False, "113.00")
    assert refunds.amount(taxed, _ret(("25.00", 1)), completes_order=False, refunded_before=Decimal(0)) == Decimal("27.00")


@pytest.mark.parametrize("number", sorted(TEST_CARDS))
def test_every_test_card_passes_luhn_and_is_taken(number):
    assert luhn_ok(number)
    assert check_card(" ".join(number[i:i + 4] for i in range(0, len(number), 4))) == number


@pytest.mark.parametrize("number, code", [("", "card_required"), ("4242424242424241", "invalid_card"),
                                          ("42424242424242424242", "invalid_card"), ("٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢", "invalid_card"),
                                          ("4532015112830366", "not_a_test_card")])
def test_other_numbers_are_refused(number, code):
    with pytest.raises(CardRefused) as err:
        check_card(number)
    assert err.value.code == code


def test_the_back_office_follows_the_policy_unless_misconfigured(markets):
    for m in markets.values():
        rules, stated = applied(m), facts(m, "page")
        assert (rules.return_days, rules.return_reason_required, rules.refund_business_days, rules.warranty_months,
                rules.warranty_fee) == (stated.return_days, stated.return_reason_required, stated.refund_business_days,
                                        stated.warranty_months, 0), m.country


@pytest.mark.parametrize("fault, market, field, value", [
    ("return-window", "PL", "return_days", 7),
    ("return-window", "CN", "return_reason_required", True),
    ("slow-refunds", "SE", "refund_business_days", (10, 15)),
    ("warranty-refused", "ES", "warranty_months", 12),
    ("warranty-refused", "ES", "warranty_fee", Decimal("14.90")),
])
def test_after_sales_faults_change_what_the_back_office_applies_not_what_the_shop_states(markets, fault, market, field, value):
    faulty = load_shop(fault_names=[fault]).config.markets[market]
    assert getattr(applied(faulty), field) == value
    assert facts(faulty, "page") == facts(markets[market], "page")  # the policy as stated is untouched
    assert getattr(applied(markets[market]), field) != value


def test_pii_fault_opens_orders_and_tickets_and_unmasks_irish_phones():
    shop = load_shop(fault_names=["pii-exposed"])
    assert not {"/orders/", "/api/orders/", "/tickets/", "/api/tickets/"} & set(shop.config.access.owner_only)
    assert {"/returns/", "/warranty/", "/api/returns/", "/api/warranty/"} <= set(shop.config.access.owner_only)
    assert "phone" not in shop.config.markets["IE"].privacy.masked
    assert "phone" in shop.config.markets["GB"].privacy.masked


def test_consent_fault_drops_the_prompt_in_brazil_only(markets):
    faulty = load_shop(fault_names=["consent-missing"]).config.markets
    assert markets["BR"].consent_required and not faulty["BR"].consent_required
    assert {c for c, m in faulty.items() if m.consent_required != markets[c].consent_required} == {"BR"}
