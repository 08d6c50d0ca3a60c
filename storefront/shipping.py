"""Delivery coverage and estimates in business days."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .settings import Area, Market, ShippingMethod
from .workdays import shipping_days


def normalize_postcode(postcode: str | None) -> str:
    return "".join((postcode or "").split()).replace("-", "").upper()


def _postcode_matches(entry: str, postcode: str) -> bool:
    if entry == "*":
        return True
    if not postcode:
        return False
    low, sep, high = entry.partition("..")
    if sep:
        key = postcode[: len(low)]
        return len(key) == len(low) and low <= key <= high
    return postcode.startswith(normalize_postcode(entry))


def area_matches(area: Area, postcode: str | None, region: str | None) -> bool:
    pc = normalize_postcode(postcode)
    return any(_postcode_matches(e, pc) for e in area.postcodes) or (region is not None and region in area.regions)


@dataclass(frozen=True)
class Coverage:
    deliverable: bool
    excluded_area: str | None = None  # name of the area that refused it


def coverage(market: Market, postcode: str | None, region: str | None) -> Coverage:
    shipping = market.shipping
    if not any(area_matches(a, postcode, region) for a in shipping.covered):
        return Coverage(False)
    for area in shipping.excluded:
        if area_matches(area, postcode, region):
            return Coverage(False, area.name or None)
    return Coverage(True)


def estimate(market: Market, method: ShippingMethod, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of delivery: the method's business days after `today`, on the
    market's calendar (workdays.py)."""
    days = shipping_days(market)
    return days.add(today, method.days[0]), days.add(today, method.days[1])
