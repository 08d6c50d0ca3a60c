"""A market's business days, as its policy counts them: the weekend and public holidays of its
country as the `holidays` package (python-holidays) knows them, with what the policy's
`calendar` changes (a region's holidays too, more holiday categories, days closed or open besides).

The one place the harness counts business days: delivery estimates (expectations/checkout.py),
refund dates (expectations/aftersales.py) and the support desk's opening days
(expectations/support.py) all ask it. A country's calendar is built for one year at a time, when
a day of that year is first asked about, and kept (`_YEARS`): nothing is built at import, and
the same day always gets the same answer.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import holidays

# (country, subdiv, categories, year) -> that year's holidays, built when a day of it is first asked about
_YEARS: dict[tuple[str, str | None, tuple[str, ...], int], holidays.HolidayBase] = {}


def _year(country: str, subdiv: str | None, categories: tuple[str, ...], year: int) -> holidays.HolidayBase:
    """The country's holidays of one year (the library imports the country's module on first use)."""
    key = (country, subdiv, categories, year)
    if key not in _YEARS:
        _YEARS[key] = holidays.country_holidays(country, subdiv=subdiv, years=year, categories=categories or None)
    return _YEARS[key]


def check(country: str, subdiv: str | None, categories: Iterable[str]) -> None:
    """Raises ValueError where python-holidays knows no such country, region or category. Builds no calendar."""
    try:
        holidays.country_holidays(country, subdiv=subdiv, categories=tuple(categories) or None)
    except (NotImplementedError, ValueError) as e:
        raise ValueError(str(e)) from None


@dataclass(frozen=True)
class Workdays:
    country: str  # ISO 3166-1 alpha-2
    subdiv: str | None = None
    categories: tuple[str, ...] = ()  # empty: the library's default (public holidays)
    closed: frozenset[dt.date] = frozenset()  # days off besides the country's holidays
    open: frozenset[dt.date] = frozenset()  # days worked although the calendar has them off

    def _calendar(self, day: dt.date) -> holidays.HolidayBase:
        return _year(self.country, self.subdiv, self.categories, day.year)

    def is_holiday(self, day: dt.date) -> bool:
        """A day off besides the weekend: a public holiday (or one the policy adds)."""
        return day in self.closed or (day not in self.open and day in self._calendar(day))

    def is_business_day(self, day: dt.date) -> bool:
        if day in self.closed:
            return False
        return day in self.open or self._calendar(day).is_working_day(day)

    def between(self, start: dt.date, end: dt.date) -> int:
        """Business days after `start` up to and including `end` (minus the days back, when `end`
        is before it)."""
        if end <= start:
            return -((start - end).days)
        return sum(self.is_business_day(start + dt.timedelta(days=n)) for n in range(1, (end - start).days + 1))

    def add(self, start: dt.date, days: int) -> dt.date:
        """The `days`-th business day after `start` (`start` itself where `days` is 0)."""
        day = start
        while days > 0:
            day += dt.timedelta(days=1)
            days -= self.is_business_day(day)
        return day
