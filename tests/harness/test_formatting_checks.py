"""The formatting helpers the price checks stand on (`harness/expectations/formatting.py`): CLDR
money for a page's language and the market's country, and the comparison that ignores what a
reader cannot see (bidi marks, the kind of space) but not what it can (separators, symbol)."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

from harness.expectations.formatting import comparable, locale_for, money
from harness.expectations.service_area import prices_formatted_for_its_locale
from harness.screenplay import PASSED
from harness.screenplay.checks import run_check
from harness.shop.catalogue import Price
from harness.tasks.landing import LANDING

from .check_actors import clean_actor, filed

AMOUNT = Decimal("1234.5")


def test_the_locale_is_the_language_in_the_market_s_country_then_the_language_then_english():
    assert str(locale_for("de", "CH")) == "de_CH"
    assert str(locale_for("zh-Hant", "TW")) == "zh_Hant_TW"
    assert str(locale_for("xx", "ZZ")) == "en"


def test_money_is_cldr_s_for_the_language_and_the_country():
    assert money(AMOUNT, "EUR", "de", "DE") == "1.234,50\xa0€"
    assert money(AMOUNT, "CHF", "de", "CH") == "CHF\xa01'234.50"
    assert money(AMOUNT, "CHF", "fr", "CH") == "1'234,50\xa0CHF"  # one country, two ways to write it
    assert money(AMOUNT, "JPY", "ja", "JP") == "￥1,234"  # no minor unit
    assert money(AMOUNT, "SAR", "ar", "SA") == "\u200f1,234.50\xa0ر.س.\u200f"


def test_comparable_drops_bidi_marks_and_makes_every_space_one():
    assert comparable("\u200f1,234.50\xa0ر.س.\u200f") == "1,234.50 ر.س."
    assert comparable("1\u202f234,50\u2009kr") == comparable("1\xa0234,50 kr") == "1 234,50 kr"
    assert comparable("  1.234,50 \xa0 € ") == "1.234,50 €"


def test_comparable_keeps_what_a_reader_sees():
    assert comparable("1.234,50 €") != comparable("1,234.50 €")
    assert comparable("€ 1.234,50") != comparable("1.234,50 €")
    assert comparable("1.234,50 €") != comparable("1.234,50 EUR")


PRICES = prices_formatted_for_its_locale()


def _priced(market: str, text: str):
    def change(landing):
        card = landing.products[0]
        return dataclasses.replace(landing, products=[dataclasses.replace(
            card, price=Price(AMOUNT, card.price.currency, text))])
    return clean_actor("service area", market, landing=change)


def test_a_price_check_passes_a_shop_writing_another_space_or_no_bidi_marks():
    assert run_check(_priced("NO", "1\u202f234,50 kr"), PRICES).status == PASSED
    assert run_check(_priced("SA", "1,234.50 ر.س."), PRICES).status == PASSED


def test_a_price_check_fails_a_shop_writing_other_separators():
    actor = _priced("DE", "1,234.50 €")
    assert actor.recall(LANDING).language == "de"
    assert filed(actor, run_check(actor, PRICES)) == [
        "expected price of SKU-1 1.234,50\xa0€, the landing page shows 1,234.50 € (SA-3)"]
