"""Support opening hours on the market's calendar, and the first-response promise.

A market's support desk works the hours of `market.support.hours` in the market's own time
zone, closed on its holidays (`market.support_holidays` on the market's calendar, workdays.py). The promise made on every ticket ("first response
within N business hours") counts only the time the desk is open. Times are *shown* in the
customer's time zone (the market's) unless the shop's `support.show_times_in` says
"head_office"; `support.honour_holidays` false makes the desk's calendar forget holidays.

Everything here is pure: the clock is always an argument.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..settings import Market, OpeningHours, SupportOps
from ..workdays import Workdays, support_days

UTC = dt.timezone.utc
SEARCH_DAYS = 400  # a promise further out than this is no promise: the market has no opening hours
Interval = tuple[dt.datetime, dt.datetime]  # UTC, start < end

# Callback time windows a customer may ask for, in the market's wall-clock hours.
WINDOWS: dict[str, tuple[dt.time, dt.time | None]] = {
    "any": (dt.time(0), None),
    "morning": (dt.time(0), dt.time(12)),
    "afternoon": (dt.time(12), dt.time(17)),
    "evening": (dt.time(17), None),
}


def as_utc(value: dt.datetime) -> dt.datetime:
    """Aware UTC; a naive value (as databases return it) is taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _clock(text: str) -> tuple[int, int]:
    hh, _, mm = text.partition(":")
    return int(hh), int(mm)


def _at(day: dt.date, hm: tuple[int, int], zone: ZoneInfo) -> dt.datetime:
    hh, mm = hm
    extra, hh = divmod(hh, 24)  # "24:00" is midnight at the end of the day
    local = dt.datetime.combine(day + dt.timedelta(days=extra), dt.time(hh, mm), tzinfo=zone)
    return local.astimezone(UTC)


@dataclass(frozen=True)
class Calendar:
    """When one market's support desk is open."""

    zone: ZoneInfo
    hours: tuple[OpeningHours, ...]
    holidays: Workdays | None  # the days it closes for holidays; None: it closes for none

    @classmethod
    def of(cls, market: Market, ops: SupportOps) -> "Calendar":
        return cls(ZoneInfo(market.time_zone), tuple(market.support.hours),
                   support_days(market) if ops.honour_holidays else None)

    def is_holiday(self, day: dt.date) -> bool:
        return self.holidays is not None and self.holidays.is_holiday(day)

    def day(self, day: dt.date, window: str = "any") -> list[Interval]:
        """The opening intervals of one local day (none on a holiday), within a callback window."""
        if self.is_holiday(day):
            return []
        w_from, w_to = WINDOWS[window]
        lo = _at(day, (w_from.hour, w_from.minute), self.zone)
        hi = _at(day, (w_to.hour, w_to.minute), self.zone) if w_to else _at(day, (24, 0), self.zone)
        out = []
        for h in self.hours:
            if day.weekday() in h.days:
                start, end = max(_at(day, _clock(h.open), self.zone), lo), min(_at(day, _clock(h.close), self.zone), hi)
                if start < end:
                    out.append((start, end))
        return _merged(sorted(out))

    def intervals(self, start: dt.datetime, window: str = "any", days: int = SEARCH_DAYS) -> Iterator[Interval]:
        """Opening intervals from `start` on, the first one clipped to begin at `start`."""
        start = as_utc(start)
        first = start.astimezone(self.zone).date() - dt.timedelta(days=1)  # an interval past midnight may still run
        for n in range(days + 1):
            for s, e in self.day(first + dt.timedelta(days=n), window):
                if e > start:
                    yield max(s, start), e

    def is_open(self, at: dt.datetime) -> bool:
        at = as_utc(at)
        return any(s <= at < e for s, e in self.day(at.astimezone(self.zone).date()))

    def next_opening(self, at: dt.datetime) -> dt.datetime | None:
        """When the desk next opens after `at` (UTC); None if it never does."""
        at = as_utc(at)
        for s, _ in self.intervals(at):
            if s > at:
                return s
        return None

    def promise(self, start: dt.datetime, business_hours: float, window: str = "any") -> dt.datetime | None:
        """`start` plus `business_hours` of opening time (UTC): the first response promised to a
        ticket opened at `start`. A callback counts only the hours of its time window."""
        remaining = dt.timedelta(hours=business_hours)
        for s, e in self.intervals(start, window):
            if e - s >= remaining:
                return s + remaining
            remaining -= e - s
        return None

    def upcoming_holidays(self, today: dt.date, days: int) -> list[dt.date]:
        return [] if self.holidays is None else self.holidays.holidays(today, today + dt.timedelta(days=days))


def _merged(intervals: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for s, e in intervals:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def shown_zone(market: Market, ops: SupportOps) -> ZoneInfo:
    """The time zone support times are shown in: the customer's (the market's), unless the shop
    shows them in the head office's."""
    return ZoneInfo(market.time_zone if ops.show_times_in == "customer" else ops.head_office_time_zone)
