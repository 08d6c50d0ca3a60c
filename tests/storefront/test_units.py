"""Pure modules: shipping coverage and estimates on the market's calendar, pricing and tax, address
checks, stored data."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from storefront import workdays
from storefront.addresses import check_address, check_contact
from storefront.customer_data import CustomerData
from storefront.loading import load_shop
from storefront.pricing import round_to, shelf_price, totals
from storefront.settings import Holidays, Storage
from storefront.shipping import coverage, estimate, normalize_postcode
from storefront.workdays import Workdays, check_holidays, shipping_days


@pytest.fixture(scope="module")
def shop():
    return load_shop()


@pytest.fixture(scope="module")
def m(shop):
    return shop.config.markets


@pytest.mark.parametrize("country, postcode, region, deliverable, area", [
    ("DE", "10115", None, True, None),
    ("DE", "80331", None, True, None),
    ("DE", "01067", None, True, None),
    ("DE", "27498", None, False, "Heligoland"),
    ("DE", "78266", None, False, "Büsingen am Hochrhein"),
    ("DE", "00999", None, False, None),
    ("DE", "", None, False, None),
    ("NL", "1012 JS", None, True, None),
    ("NL", "1792 AB", None, False, "Texel"),
    ("CH", "9490", None, False, "Liechtenstein"),
    ("CH", "8001", None, True, None),
    ("US", "99501", "AK", False, "Alaska"),
    ("US", "10001", "NY", True, None),
    ("JP", "100-2101", "13", False, "Ogasawara Islands"),
    ("JP", "100-0001", "13", True, None),
    ("SA", "11564", "01", True, None),
    ("SA", "45142", "09", False, "Southern border areas"),
])
def test_coverage(m, country, postcode, region, deliverable, area):
    c = coverage(m[country], postcode, region)
    assert (c.deliverable, c.excluded_area) == (deliverable, area)


def test_coverage_gap_profile_drops_bavaria():
    de = load_shop(fault_names=["coverage-gap"]).config.markets["DE"]
    assert not coverage(de, "80331", None).deliverable
    assert not coverage(de, "99084", None).deliverable
    assert coverage(de, "10115", None).deliverable


def test_normalize_postcode():
    assert normalize_postcode(" 1012 js ") == "1012JS"
    assert normalize_postcode("100-0001") == "1000001"
    assert normalize_postcode(None) == ""


def test_business_days_skip_weekends_and_holidays():
    de = Workdays("DE")
    assert de.add(dt.date(2026, 12, 18), 1) == dt.date(2026, 12, 21)  # Friday: the weekend
    assert de.add(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 28)  # Christmas Day, then the weekend
    assert de.add(dt.date(2026, 12, 18), 0) == dt.date(2026, 12, 18)
    # SA: Friday and Saturday are the weekend (python-holidays knows it)
    assert Workdays("SA").add(dt.date(2027, 1, 6), 1) == dt.date(2027, 1, 7)
    assert Workdays("SA").add(dt.date(2027, 1, 7), 1) == dt.date(2027, 1, 10)
    # a weekend the settings state wins over the country's
    assert Workdays("SA", weekend=frozenset({5, 6})).add(dt.date(2027, 1, 7), 1) == dt.date(2027, 1, 8)


@pytest.mark.parametrize("country, day, name", [
    ("DE", dt.date(2025, 10, 3), "German Unity Day, a Friday"),
    ("JP", dt.date(2027, 4, 29), "Showa Day, a Thursday (the hand-written table had left it out)"),
    ("US", dt.date(2026, 11, 26), "Thanksgiving"),
])
def test_a_public_holiday_of_the_market_is_no_business_day(country, day, name):
    days = Workdays(country)
    assert day.weekday() < 5 and days.is_holiday(day) and not days.is_business_day(day), name
    assert days.add(day - dt.timedelta(days=1), 1) > day
    assert days.holidays(day - dt.timedelta(days=1), day + dt.timedelta(days=1)) == [day]


def test_a_delivery_estimate_skips_the_market_s_public_holiday(m):
    """Ordered on Thursday 2 October 2025, express (1 business day) arrives on Monday 6 October:
    3 October is German Unity Day. A calendar that ignored it would promise Friday 3 October."""
    express = next(x for x in m["DE"].shipping.methods if x.id == "express")
    assert estimate(m["DE"], express, dt.date(2025, 10, 2)) == (dt.date(2025, 10, 6), dt.date(2025, 10, 6))
    ignoring = Workdays("DE", open=frozenset({dt.date(2025, 10, 3)}))
    assert ignoring.add(dt.date(2025, 10, 2), 1) == dt.date(2025, 10, 3)


def test_the_settings_add_regions_categories_and_days_closed_or_open():
    easter_monday, christmas_eve, unity_day = dt.date(2027, 3, 29), dt.date(2026, 12, 24), dt.date(2025, 10, 3)
    assert Workdays("GB").is_business_day(easter_monday)  # not a bank holiday in Scotland
    assert not Workdays("GB", subdiv="ENG").is_business_day(easter_monday)
    assert Workdays("SE").is_business_day(christmas_eve)
    assert not Workdays("SE", categories=("public", "de_facto")).is_business_day(christmas_eve)
    assert not Workdays("DE", closed=frozenset({dt.date(2025, 10, 2)})).is_business_day(dt.date(2025, 10, 2))
    assert Workdays("DE", open=frozenset({unity_day})).is_business_day(unity_day)
    spec = Holidays(subdiv="ENG", closed=[christmas_eve])
    assert Workdays.of("GB", spec) == Workdays("GB", "ENG", (), frozenset({christmas_eve}))


def test_the_markets_calendars(m):
    assert not shipping_days(m["GB"]).is_business_day(dt.date(2027, 3, 29))  # England's Easter Monday
    assert not shipping_days(m["SE"]).is_business_day(dt.date(2026, 12, 24))  # Christmas Eve, de facto
    assert shipping_days(m["HK"]).is_business_day(dt.date(2026, 12, 12))  # Hong Kong works Saturdays
    assert not shipping_days(m["IL"]).is_business_day(dt.date(2026, 12, 11))  # a Friday


def test_a_region_or_category_python_holidays_does_not_know_fails_at_start_up(shop):
    config = shop.config.model_copy(deep=True)
    config.markets["GB"].shipping.holidays = Holidays(subdiv="XX")
    with pytest.raises(ValueError, match="markets.GB.shipping.holidays: .*XX"):
        check_holidays(config)
    config.markets["GB"].shipping.holidays = Holidays(categories=["no_such"])
    with pytest.raises(ValueError, match="markets.GB.shipping.holidays: .*no_such"):
        check_holidays(config)


def test_a_calendar_is_built_per_country_and_year_when_first_asked(m, monkeypatch):
    monkeypatch.setattr(workdays, "_YEARS", {})
    standard = next(x for x in m["DE"].shipping.methods if x.id == "standard")  # 2-4 business days
    first = estimate(m["DE"], standard, dt.date(2030, 12, 24))
    assert sorted(workdays._YEARS) == [("DE", None, (), 2030), ("DE", None, (), 2031)]
    # the same inputs, the same dates: 25-26 December and 1 January are holidays
    assert estimate(m["DE"], standard, dt.date(2030, 12, 24)) == first == (dt.date(2030, 12, 30), dt.date(2031, 1, 2))


def test_estimate(m):
    standard = next(x for x in m["DE"].shipping.methods if x.id == "standard")
    earliest, latest = estimate(m["DE"], standard, dt.date(2026, 12, 23))
    assert earliest <= latest
    assert earliest.weekday() < 5 and latest.weekday() < 5
    assert "2026-12-25" not in (earliest.isoformat(), latest.isoformat())


def test_round_to():
    assert round_to(Decimal("14.875"), Decimal("0.01")) == Decimal("14.88")
    assert round_to(Decimal("4382.4"), Decimal("10")) == Decimal("4380")
    assert round_to(Decimal("4385"), Decimal("10")) == Decimal("4390")


@pytest.mark.parametrize("country, sku, price", [
    ("DE", "HOM-002", "14.88"),   # 12.50 * 1.19
    ("JP", "APP-002", "4380"),    # 24.90 * 160 * 1.10, to 10 yen
    ("US", "HOM-002", "13.50"),   # 12.50 * 1.08, sales tax comes at checkout
    ("CH", "HOM-002", "12.70"),   # 12.50 * 0.94 * 1.081 = 12.702
])
def test_shelf_price(shop, m, country, sku, price):
    market = m[country]
    assert shelf_price(shop.products[sku], market, shop.config.currencies[market.currency]) == Decimal(price)


def test_shelf_price_without_vat_for_the_vat_missing_profile():
    faulty = load_shop(fault_names=["vat-missing"])
    de = faulty.config.markets["DE"]
    assert faulty.price(faulty.products["HOM-002"], de) == Decimal("12.50")


def test_totals_vat_included_with_promotion(m):
    t = totals(m["DE"], Decimal("128.40"), Decimal("4.90"), None)
    assert t.discount == Decimal("10.00") and t.promotion == "spend-100-save-10"
    assert t.tax_included and t.total == Decimal("123.30")
    assert t.tax == Decimal("19.69")  # 123.30 * 19 / 119 = 19.687
    assert totals(m["DE"], Decimal("99.99"), Decimal("0"), None).discount == Decimal("0.00")
    assert totals(m["DE"], Decimal("100.00"), Decimal("0"), None).discount == Decimal("10.00")


def test_totals_sales_tax_by_region(m):
    t = totals(m["US"], Decimal("100.00"), Decimal("5.99"), "NY")
    assert not t.tax_included and t.tax_rate == Decimal("4") and t.tax == Decimal("4.00")
    assert t.total == Decimal("109.99")
    assert totals(m["US"], Decimal("100.00"), Decimal("0"), "OR").tax == Decimal("0.00")


def test_hidden_threshold_profile_moves_the_rule_not_the_advert():
    promo = load_shop(fault_names=["hidden-threshold"]).config.markets["DE"].promotions[0]
    assert promo.advertised.threshold == 100 and promo.rule.threshold == 150


def test_check_address_and_contact(m):
    ok = check_address({"name": "A", "street": "B 1", "postcode": " 10115 ", "city": "Berlin"}, m["DE"])
    assert ok.errors == {} and ok.values["postcode"] == "10115" and ok.values["country"] == "DE"
    bad = check_address({"name": "A", "street": "B", "postcode": "1011", "city": "C", "country": "AT"}, m["DE"])
    assert set(bad.errors) == {"postcode", "country"}
    assert check_address({"region": "XX"}, m["JP"]).errors["region"]
    assert check_contact({"email": "a@example.com", "phone": "+81312345678"}, m["JP"]).errors == {}
    assert set(check_contact({"email": "nope", "phone": "123"}, m["JP"]).errors) == {"email", "phone"}


def test_customer_data_storage():
    clean = CustomerData(Storage())
    assert clean.text("山田 太郎") == "山田 太郎" and clean.phone("+81312345678") == "+81312345678"
    narrow = CustomerData(Storage(phone_max_length=11, text_encoding="latin-1"))
    assert narrow.text("山田 太郎") == "?? ??" and narrow.text("Müller") == "Müller"
    assert narrow.phone("+81312345678") == "+8131234567"


def test_every_fault_profile_loads(shop):
    from storefront.faults import PROFILES

    # each one alone is started by test_faults; all together must load too
    assert [p.name for p in load_shop(fault_names=list(PROFILES)).faults] == list(PROFILES)


def test_every_market_accepts_and_delivers_to_its_example_postcode(m):
    for code, market in m.items():
        if market.address.postcode is None:
            continue
        example = market.address.postcode.example
        region = next(iter(market.address.regions), None)
        data = {f: "x" for f in market.address.fields} | {"postcode": example, "region": region or ""}
        checked = check_address(data, market)
        assert "postcode" not in checked.errors, (code, example)
        # a region that is excluded as a whole does not count against the example
        if not any(region in a.regions for a in market.shipping.excluded):
            assert coverage(market, checked.values["postcode"], region).deliverable, (code, example)


@pytest.mark.parametrize("country, typed, stored", [
    ("DE", "１０１１５", "10115"),         # full-width digits
    ("JP", "１００－０００１", "100-0001"),  # full-width digits and hyphen
    ("SA", "١١٥٦٤", "11564"),            # Arabic-Indic digits
    ("NL", "1012 js", "1012 JS"),
    ("GB", "sw1a 1aa", "SW1A 1AA"),
])
def test_postcodes_are_read_as_typed(m, country, typed, stored):
    market = m[country]
    data = {f: "x" for f in market.address.fields} | {"postcode": typed, "region": next(iter(market.address.regions), "")}
    checked = check_address(data, market)
    assert "postcode" not in checked.errors and checked.values["postcode"] == stored


def test_postcode_in_other_digits_is_not_valid_where_it_does_not_match(m):
    assert check_address({"postcode": "١٠١١"}, m["DE"]).errors["postcode"]


def test_translations_keep_every_placeholder():
    """Pages call .format(...) on translated text: a renamed or lost {placeholder} would be a 500."""
    import re
    from pathlib import Path

    from babel.messages.pofile import read_po

    from storefront.i18n import LOCALES_DIR

    placeholder = re.compile(r"\{[^{}]*\}")
    wrong = []
    for po in sorted(Path(LOCALES_DIR).glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as fh:
            for msg in read_po(fh):
                if not msg.id or not msg.string or msg.fuzzy:
                    continue
                if isinstance(msg.id, str):
                    same = sorted(placeholder.findall(msg.id)) == sorted(placeholder.findall(msg.string))
                else:  # plural forms may leave a placeholder out, never add one
                    known = set(placeholder.findall(" ".join(msg.id)))
                    same = all(set(placeholder.findall(s)) <= known for s in msg.string if s)
                if not same:
                    wrong.append(f"{po.parent.parent.name}/{po.name}: {msg.id!r} -> {msg.string!r}")
    assert wrong == []
