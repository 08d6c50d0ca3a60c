"""Support opening hours and the first-response promise, with fixed clocks (no server)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from storefront.loading import load_shop
from storefront.settings import OpeningHours, SupportOps
from storefront.support.hours import Calendar, shown_zone
from storefront.support.models import Ticket
from storefront.support.tickets import acknowledgement, promised_by

CUSTOMER = SupportOps()
HEAD_OFFICE = SupportOps(show_times_in="head_office", honour_holidays=False)


@pytest.fixture(scope="module")
def shop():
    return load_shop()


@pytest.fixture(scope="module")
def m(shop):
    return shop.config.markets


def at(market, text: str) -> dt.datetime:
    """A wall-clock time in the market's zone."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(market.time_zone))


def local(market, value: dt.datetime) -> str:
    return value.astimezone(ZoneInfo(market.time_zone)).isoformat()


def test_friday_evening_ticket_is_promised_for_monday(m):
    de = Calendar.of(m["DE"], CUSTOMER)  # Mon-Fri 08-20, Sat 09-14; 12 business hours
    # 1 hour on Friday, 5 on Saturday, 6 on Monday
    assert local(m["DE"], de.promise(at(m["DE"], "2026-12-18 19:00"), 12)) == "2026-12-21T14:00:00+01:00"
    # after Saturday's closing: all 12 hours on Monday
    assert local(m["DE"], de.promise(at(m["DE"], "2026-12-19 15:00"), 12)) == "2026-12-21T20:00:00+01:00"


def test_a_holiday_is_skipped(m):
    de = Calendar.of(m["DE"], CUSTOMER)
    # Thursday 24 December, 19:00: 1 hour, Christmas Day and Saturday's Second Day of Christmas
    # closed, 11 on Monday
    assert local(m["DE"], de.promise(at(m["DE"], "2026-12-24 19:00"), 12)) == "2026-12-28T19:00:00+01:00"
    jp = Calendar.of(m["JP"], CUSTOMER)  # Mon-Fri 09-18; 1 January a holiday, then the weekend
    assert local(m["JP"], jp.promise(at(m["JP"], "2026-12-31 10:00"), 12)) == "2027-01-04T13:00:00+09:00"


def test_ignoring_holidays_promises_a_holiday(m):
    de = Calendar.of(m["DE"], HEAD_OFFICE)
    assert local(m["DE"], de.promise(at(m["DE"], "2026-12-24 19:00"), 12)) == "2026-12-25T19:00:00+01:00"


def test_a_public_holiday_of_the_market_s_country_is_skipped(m):
    """Thursday 2 October 2025, 19:00: 1 hour, Friday 3 October (German Unity Day) closed, 5 on
    Saturday, 6 on Monday. A desk that forgot the holiday would promise Friday 19:00."""
    de = Calendar.of(m["DE"], CUSTOMER)
    assert de.is_holiday(dt.date(2025, 10, 3)) and not de.is_open(at(m["DE"], "2025-10-03 10:00"))
    assert local(m["DE"], de.promise(at(m["DE"], "2025-10-02 19:00"), 12)) == "2025-10-06T14:00:00+02:00"
    forgetful = Calendar.of(m["DE"], HEAD_OFFICE)
    assert local(m["DE"], forgetful.promise(at(m["DE"], "2025-10-02 19:00"), 12)) == "2025-10-03T19:00:00+02:00"
    assert de.upcoming_holidays(dt.date(2025, 9, 30), 60) == [dt.date(2025, 10, 3)]
    assert forgetful.upcoming_holidays(dt.date(2025, 9, 30), 60) == []


def test_the_same_instant_across_markets(m):
    instant = dt.datetime(2026, 12, 18, 10, 0, tzinfo=dt.timezone.utc)  # a Friday
    de, jp, us, sa = (Calendar.of(m[c], CUSTOMER) for c in ("DE", "JP", "US", "SA"))
    assert de.is_open(instant)  # 11:00 in Berlin
    assert not jp.is_open(instant)  # 19:00 in Tokyo
    assert local(m["JP"], jp.next_opening(instant)) == "2026-12-21T09:00:00+09:00"
    assert not us.is_open(instant)  # 05:00 in New York; open every day from 08:00
    assert local(m["US"], us.next_opening(instant)) == "2026-12-18T08:00:00-05:00"
    # Riyadh: 13:00 on a Friday, the weekend; the desk works Sunday to Thursday
    assert not sa.is_open(instant)
    assert local(m["SA"], sa.next_opening(instant)) == "2026-12-20T09:00:00+03:00"


def test_opening_and_closing_minutes(m):
    de = Calendar.of(m["DE"], CUSTOMER)
    assert de.is_open(at(m["DE"], "2026-12-21 08:00"))
    assert de.is_open(at(m["DE"], "2026-12-21 19:59"))
    assert not de.is_open(at(m["DE"], "2026-12-21 20:00"))
    assert not de.is_open(at(m["DE"], "2026-12-25 10:00"))  # Christmas Day


def test_business_hours_are_real_hours_across_a_clock_change():
    always = Calendar(ZoneInfo("America/New_York"), (OpeningHours(days=list(range(7)), open="00:00", close="24:00"),), None)
    start = dt.datetime(2027, 3, 13, 20, 0, tzinfo=always.zone)  # the clocks go forward at 02:00 on the 14th
    promised = always.promise(start, 12)
    assert promised - start == dt.timedelta(hours=12)
    assert promised.astimezone(always.zone).isoformat() == "2027-03-14T09:00:00-04:00"


def test_us_ticket_over_the_clock_change(m):
    us = Calendar.of(m["US"], CUSTOMER)  # every day 08-22
    assert local(m["US"], us.promise(at(m["US"], "2027-03-13 21:00"), 12)) == "2027-03-14T19:00:00-04:00"


def test_callback_window_counts_only_its_hours(m):
    jp = Calendar.of(m["JP"], CUSTOMER)
    # mornings 09-12: nothing left on Friday at 17:00, then 3 hours a day from Monday
    assert local(m["JP"], jp.promise(at(m["JP"], "2026-12-18 17:00"), 12, "morning")) == "2026-12-24T12:00:00+09:00"
    # evenings 17-18 only: half an hour on Friday, one on Monday, half an hour on Tuesday
    promised = jp.promise(at(m["JP"], "2026-12-18 17:30"), 2, "evening")
    assert local(m["JP"], promised) == "2026-12-22T17:30:00+09:00"


def test_no_opening_hours_no_promise():
    never = Calendar(ZoneInfo("UTC"), (), None)
    assert never.promise(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), 1) is None
    assert never.next_opening(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)) is None


def test_times_are_shown_in_the_customers_zone_unless_head_office(m):
    assert shown_zone(m["JP"], CUSTOMER).key == "Asia/Tokyo"
    assert shown_zone(m["JP"], HEAD_OFFICE).key == "Europe/Berlin"


def _ticket(market: str, created: dt.datetime) -> Ticket:
    return Ticket(ref=f"T-{market}-00000000", market=market, created_at=created, kind="ticket")


def test_acknowledgement_in_the_customers_zone(shop, m):
    created = at(m["JP"], "2026-12-31 10:00")
    ticket = _ticket("JP", created)
    ticket.promised_by = promised_by(shop, m["JP"], created)
    ack = acknowledgement(shop, ticket)
    assert ack.reference == "T-JP-00000000"
    assert ack.as_json() == {"reference": "T-JP-00000000", "time_zone": "Asia/Tokyo",
                             "promised_by": "2027-01-04T13:00:00+09:00"}


@pytest.mark.parametrize("fault, reference, promise", [
    ("head-office-hours", "T-JP-00000000", "2027-01-01T05:00:00+01:00"),
    ("no-ticket-reference", None, None),
])
def test_acknowledgement_under_faults(fault, reference, promise):
    faulty = load_shop(fault_names=[fault])
    jp = faulty.config.markets["JP"]
    created = at(jp, "2026-12-31 10:00")
    ticket = _ticket("JP", created)
    ticket.promised_by = promised_by(faulty, jp, created)
    ack = acknowledgement(faulty, ticket)
    assert (ack.reference, ack.as_json()["promised_by"]) == (reference, promise)
