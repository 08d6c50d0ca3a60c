"""Support opening hours as the help centre shows them: per weekday, in the time zone the shop
shows times in (the customer's market, or the head office's where support is set up that way)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel.dates import format_time, get_timezone_name

from ..i18n import Formatter
from ..settings import Market, OpeningHours, SupportOps
from ..support import hours as support_hours
from ..workdays import Workdays

MAX_HOLIDAYS_SHOWN = 6
HOLIDAYS_AHEAD = 366  # days


@dataclass(frozen=True)
class OpenDay:
    weekday: int  # 0 = Monday, in the shown time zone
    opens: dt.time
    closes: dt.time

    def label(self, fmt: Formatter) -> str:
        return fmt.locale.days["format"]["wide"][self.weekday]

    def times(self, fmt: Formatter) -> str:
        return f"{format_time(self.opens, 'short', locale=fmt.locale)}–{format_time(self.closes, 'short', locale=fmt.locale)}"


def shown_zone(market: Market, ops: SupportOps) -> str:
    """The IANA name of the zone support times are shown in (the support part decides it)."""
    return support_hours.shown_zone(market, ops).key


def _clock(day: dt.date, hhmm: str, zone: ZoneInfo) -> dt.datetime:
    hh, mm = (int(x) for x in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(0, 0), zone) + dt.timedelta(hours=hh, minutes=mm)


def week(hours: tuple[OpeningHours, ...] | list[OpeningHours], market_zone: str, shown: str,
         today: dt.date) -> list[OpenDay]:
    """The opening hours of the current week (so the offset between the zones is today's),
    converted from the market's time zone to `shown`, one entry per open day."""
    src, dst = ZoneInfo(market_zone), ZoneInfo(shown)
    monday = today - dt.timedelta(days=today.weekday())
    out = []
    for h in hours:
        for d in h.days:
            day = monday + dt.timedelta(days=d)
            opens, closes = _clock(day, h.open, src).astimezone(dst), _clock(day, h.close, src).astimezone(dst)
            out.append(OpenDay(opens.weekday(), opens.time(), closes.time()))
    return sorted(out, key=lambda o: (o.weekday, o.opens))


def zone_name(zone: str, fmt: Formatter) -> str:
    return get_timezone_name(ZoneInfo(zone), "long", locale=fmt.locale, zone_variant="generic")


def upcoming_holidays(days: Workdays, market_zone: str, now: dt.datetime | None = None) -> list[dt.date]:
    """The next holidays the desk closes for, from today in the market on (a year ahead at most)."""
    today = (now or dt.datetime.now(dt.timezone.utc)).astimezone(ZoneInfo(market_zone)).date()
    return days.holidays(today, today + dt.timedelta(days=HOLIDAYS_AHEAD))[:MAX_HOLIDAYS_SHOWN]
