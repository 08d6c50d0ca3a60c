"""A market's business days: its weekend and public holidays as the `holidays` package
(python-holidays) knows them for its country, with what its settings change (`settings.Holidays`:
a region's holidays too, more holiday categories, days closed or open besides).

The one place the storefront counts business days: delivery estimates (shipping.py), the refund
run (aftersales/operations.py) and the support desk's calendar (support/hours.py) all ask it. A
country's calendar is built for one year at a time, when a day of that year is first asked
about, and kept (`_YEARS`): nothing is built at import, and the same day always gets the same
answer.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import holidays

from .settings import Holidays, Market, ShopConfig


# (country, subdiv, categories, year) -> that year's holidays, built when a day of it is first asked about
_YEARS: dict[tuple[str, str | None, tuple[str, ...], int], holidays.HolidayBase] = {}


def _year(country: str, subdiv: str | None, categories: tuple[str, ...], year: int) -> holidays.HolidayBase:
    """The country's holidays of one year (the library imports the country's module on first use)."""
    key = (country, subdiv, categories, year)
    if key not in _YEARS:
        _YEARS[key] = holidays.country_holidays(country, subdiv=subdiv, years=year, categories=categories or None)
    return _YEARS[key]


def check_holidays(config: ShopConfig) -> None:
    """Fails at start-up on a region or category python-holidays does not know for the market's
    country (a typo would otherwise fail the first estimate). Builds no calendar."""
    for code, market in config.markets.items():
        for part, spec in (("shipping", market.shipping.holidays), ("support", market.support.holidays)):
            if spec is None or not (spec.subdiv or spec.categories):
                continue
            try:
                holidays.country_holidays(market.country, subdiv=spec.subdiv, categories=tuple(spec.categories) or None)
            except (NotImplementedError, ValueError) as e:
                raise ValueError(f"markets.{code}.{part}.holidays: {e}") from None


@dataclass(frozen=True)
class Workdays:
    country: str  # ISO 3166-1 alpha-2
    subdiv: str | None = None
    categories: tuple[str, ...] = ()  # empty: the library's default (public holidays)
    closed: frozenset[dt.date] = frozenset()  # days off besides the country's holidays
    open: frozenset[dt.date] = frozenset()  # days worked although the calendar has them off
    weekend: frozenset[int] | None = None  # 0 = Monday; None: the country's, as the library knows it

    @classmethod
    def of(cls, country: str, spec: Holidays, weekend: list[int] | None = None) -> "Workdays":
        return cls(country, spec.subdiv, tuple(spec.categories), frozenset(spec.closed), frozenset(spec.open),
                   None if weekend is None else frozenset(weekend))

    def _calendar(self, day: dt.date) -> holidays.HolidayBase:
        return _year(self.country, self.subdiv, self.categories, day.year)

    def is_holiday(self, day: dt.date) -> bool:
        """A day off besides the weekend: a public holiday (or one the settings add)."""
        return day in self.closed or (day not in self.open and day in self._calendar(day))

    def is_business_day(self, day: dt.date) -> bool:
        if day in self.closed:
            return False
        if day in self.open:
            return True
        if self.weekend is None:
            return self._calendar(day).is_working_day(day)
        return day.weekday() not in self.weekend and day not in self._calendar(day)

    def add(self, start: dt.date, days: int) -> dt.date:
        """The `days`-th business day after `start` (`start` itself where `days` is 0)."""
        day = start
        while days > 0:
            day += dt.timedelta(days=1)
            days -= self.is_business_day(day)
        return day

    def holidays(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """The holidays from `first` to `last`, both included."""
        return [d for d in (first + dt.timedelta(days=n) for n in range((last - first).days + 1)) if self.is_holiday(d)]


def shipping_days(market: Market) -> Workdays:
    """The days the market's warehouse and carriers work: deliveries and refunds count on them."""
    return Workdays.of(market.country, market.shipping.holidays, market.shipping.weekend)


def support_days(market: Market, spec: Holidays | None = None) -> Workdays:
    """The support desk's calendar: its own holidays (`spec`, as a channel states them) or the market's."""
    return Workdays.of(market.country, market.support_holidays if spec is None else spec, market.shipping.weekend)
