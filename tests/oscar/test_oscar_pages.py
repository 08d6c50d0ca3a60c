"""The Oscar adapter's reading, without a shop: prices as a page in any language and country
writes them, Oscar's URLs, the checkout's totals, the confirmation e-mail."""
from __future__ import annotations

from decimal import Decimal

import pytest

from harness.shop.mailbox import Mail
from harness.shop.oscar import pages
from harness.shop.oscar.checkout import OscarCheckout, _mail


@pytest.mark.parametrize("text, language, amount, currency", [
    ("11,90\xa0€", "de", "11.90", "EUR"), ("€\xa012,00", "de", "12.00", "EUR"), ("£10.80", "en", "10.80", "GBP"),
    ("$ 14,50", "en", "14.50", "USD"), ("€11.90", "en", "11.90", "EUR"), ("1.234,56 €", "de", "1234.56", "EUR"),
    ("$1,500", "en", "1500", "USD"), ("$12", "en", "12", "USD"),
])
def test_a_price_is_read_from_its_digits_whatever_the_pages_locale(text, language, amount, currency):
    price = pages.money(text, language)
    assert (price.amount, price.currency) == (Decimal(amount), currency)


def test_no_price_is_none():
    assert pages.money("", "en") is None and pages.money("\xa0", "de") is None


def test_oscars_urls():
    assert pages.pk_of("/de/catalogue/the-pragmatic-gardener_1/") == "1"
    assert pages.slug_of("/de/catalogue/category/books_1/") == "books"
    assert pages.without_prefix("/de/catalogue/category/books_1/") == "catalogue/category/books_1/"


def test_the_totals_with_vat_included_and_without_tax():
    rows = [["Warenkorb"], ["Summe", "11,90 €"], ["Versand"], ["Standard delivery", "4,90 €"], ["Bestellsumme", "16,80 €"],
            ["inkl. 19 % MwSt.", "2,68 €"]]
    totals = OscarCheckout(None, None)._totals({"lang": "de", "totals": {
        "rows": rows, "total": "16,80 €", "vat": {"rate": "19", "amount": "2,68 €"}}})
    assert (totals.subtotal, totals.shipping, totals.tax, totals.tax_added, totals.total) == (
        Decimal("11.90"), Decimal("4.90"), Decimal("2.68"), False, Decimal("16.80"))
    us = OscarCheckout(None, None)._totals({"lang": "en", "totals": {
        "rows": [["Cart"], ["Cart total", "$12.00"], ["Shipping"], ["Standard shipping (US)", "$5.00"],
                 ["Order total", "$17.00"]], "total": "$17.00", "vat": None}})
    assert (us.tax, us.tax_added, us.total) == (Decimal(0), None, Decimal("17.00"))  # none shown: no tax


GERMAN_MAIL = """Hallo,

Wir freuen uns, Ihre Bestellung 100004 zu bestätigen.

Ihre Bestellung enthält:

 * The Pragmatic Gardener - Menge: 1 - Preis: 11,90 €

Summe: 11,90 €
Versand: 4,90 €
Bestellsumme: 16,80 €

Lieferadresse:

  Isabel Ditschlerin
  Hauptstr. 1
  Berlin
  10117
  Germany

"""


def test_the_confirmation_mail_states_total_and_address_and_no_phone():
    mail = _mail(Mail("a@example.com", "Bestätigung der Bestellung 100004", "de", GERMAN_MAIL, ""), "100004")
    assert (mail.ref, mail.total, mail.total_text, mail.language) == ("100004", Decimal("16.80"), "16,80 €", "de")
    assert (mail.name, mail.address) == ("Isabel Ditschlerin", ["Hauptstr. 1", "Berlin", "10117", "Germany"])
    assert mail.phone is None  # Oscar's e-mail states no phone: not checked, never "shows nothing"
