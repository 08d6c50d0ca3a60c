"""Named misconfigurations of the staging shop, each reproducing one failure. Applied to one
instance's copy of the database (manage.py apply_faults NAME ...), never to the cached template.

FAULTS is importable without Django (tests/oscar/staging.py reads it from the harness's venv)."""

FAULTS = {
    "at-vat-wrong": "Austria's VAT rate is 19 % instead of 20 % (prices in AT include 19 %)",
    "at-not-shipped": "Austria is served (EUR prices) but no longer a shipping country nor in any "
                      "shipping method's countries",
    "gb-currency-wrong": "the GB region prices in EUR instead of GBP (same amounts, wrong currency)",
    "us-price-missing": "HOM-002 (Ceramic Mug) has no stock record in the US region: unavailable, "
                        "no price, while priced in EU and GB",
}

MISSING_IN_US = "HOM-002"


def apply(name: str) -> None:
    """Apply one fault to the database Django is configured with."""
    from django.db import transaction

    with transaction.atomic():
        _APPLY[name]()


def _at_vat_wrong():
    from decimal import Decimal

    from .models import ServedCountry

    assert ServedCountry.objects.filter(country_id="AT").update(vat_rate=Decimal("0.19")) == 1


def _at_not_shipped():
    from oscar.core.loading import get_model

    Country = get_model("address", "Country")
    OrderAndItemCharges = get_model("shipping", "OrderAndItemCharges")
    austria = Country.objects.get(pk="AT")
    austria.is_shipping_country = False
    austria.save()
    for method in OrderAndItemCharges.objects.filter(countries=austria):
        method.countries.remove(austria)


def _gb_currency_wrong():
    from oscar.core.loading import get_model

    from .models import Region

    StockRecord = get_model("partner", "StockRecord")
    region = Region.objects.get(code="gb")
    region.currency = "EUR"
    region.save()
    assert StockRecord.objects.filter(partner=region.partner).update(price_currency="EUR") > 0


def _us_price_missing():
    from oscar.core.loading import get_model

    StockRecord = get_model("partner", "StockRecord")
    deleted, _ = StockRecord.objects.filter(partner__region__code="us", product__upc=MISSING_IN_US).delete()
    assert deleted == 1


_APPLY = {
    "at-vat-wrong": _at_vat_wrong,
    "at-not-shipped": _at_not_shipped,
    "gb-currency-wrong": _gb_currency_wrong,
    "us-price-missing": _us_price_missing,
}
assert _APPLY.keys() == FAULTS.keys()
