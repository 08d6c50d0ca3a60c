"""What the contact page states about the support desk: channels, languages, opening hours of
the coming days, holidays, whether it is open now. Every fact as the page channel states it
(policy.py); times in the zone the shop shows them in."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..policy import facts
from ..settings import Market, SupportOps
from ..workdays import support_days
from .hours import Calendar, Interval, shown_zone

DAYS_SHOWN = 7
HOLIDAYS_AHEAD = 60  # days


@dataclass(frozen=True)
class DayHours:
    date: dt.date  # the market's calendar day
    holiday: bool
    intervals: list[tuple[dt.datetime, dt.datetime]]  # aware, in the shown zone


@dataclass(frozen=True)
class DeskView:
    channels: tuple[str, ...]
    languages: tuple[str, ...]
    first_response_hours: int
    zone: ZoneInfo  # times are shown in
    now: dt.datetime  # in the shown zone
    open_now: bool
    next_opening: dt.datetime | None  # shown zone; None while open, or if it never opens
    days: list[DayHours]
    holidays: list[dt.date]


def stated_calendar(market: Market, ops: SupportOps) -> Calendar:
    f = facts(market, "page")
    return Calendar(ZoneInfo(market.time_zone), tuple(f.support_hours),
                    support_days(market, f.support_holidays) if ops.honour_holidays else None)


def desk_view(market: Market, ops: SupportOps, now: dt.datetime) -> DeskView:
    f = facts(market, "page")
    desk = stated_calendar(market, ops)
    zone = shown_zone(market, ops)
    today = now.astimezone(desk.zone).date()

    def shown(intervals: list[Interval]):
        return [(s.astimezone(zone), e.astimezone(zone)) for s, e in intervals]

    days = [DayHours(d, desk.is_holiday(d), shown(desk.day(d)))
            for d in (today + dt.timedelta(days=n) for n in range(DAYS_SHOWN))]
    open_now = desk.is_open(now)
    upcoming = None if open_now else desk.next_opening(now)
    return DeskView(channels=f.support_channels, languages=f.support_languages,
                    first_response_hours=f.first_response_hours, zone=zone, now=now.astimezone(zone), open_now=open_now,
                    next_opening=upcoming.astimezone(zone) if upcoming else None, days=days,
                    holidays=desk.upcoming_holidays(today, HOLIDAYS_AHEAD))
