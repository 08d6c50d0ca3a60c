"""Support times as a customer reads them: localised, in the zone they are shown in."""
from __future__ import annotations

import datetime as dt
import functools

from babel import Locale
from babel.dates import format_skeleton, format_time, get_timezone_name

from ..i18n import Formatter


@functools.lru_cache(maxsize=4096)
def _when(value: dt.datetime, locale: Locale) -> str:
    date = format_skeleton("yMMMEd", value, tzinfo=value.tzinfo, locale=locale)
    time = format_time(value, "short", tzinfo=value.tzinfo, locale=locale)
    return locale.datetime_formats["medium"].format(time, date)


def when(fmt: Formatter, value: dt.datetime) -> str:
    """Date and time of day, e.g. "Mon, Dec 21, 2026, 2:00 PM" (in `value`'s own zone)."""
    return _when(value, fmt.locale)


def day(fmt: Formatter, value: dt.date) -> str:
    """A calendar day with its weekday, e.g. "Mon, Dec 21" """
    return format_skeleton("MMMEd", value, locale=fmt.locale)


def clock(fmt: Formatter, value: dt.datetime) -> str:
    return format_time(value, "short", tzinfo=value.tzinfo, locale=fmt.locale)


def zone_name(fmt: Formatter, value: dt.datetime) -> str:
    """The zone's name as the customer knows it at that moment, e.g. "Japan Standard Time"."""
    return get_timezone_name(value, "long", locale=fmt.locale)
