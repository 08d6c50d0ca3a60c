"""What the back-office systems apply: the returns desk, the refund run and the warranty service.

Each reads the market's `operations` settings and, where one is unset, the policy. They
differ from the policy only by misconfiguration, which is what the AS fault profiles model;
what the shop *tells* customers comes from policy.py instead.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..settings import Market
from ..workdays import shipping_days


@dataclass(frozen=True)
class Applied:
    return_days: int
    return_reason_required: bool
    refund_business_days: tuple[int, int]
    warranty_months: int
    warranty_fee: Decimal


def applied(market: Market) -> Applied:
    ops = market.operations

    def either(value, policy):
        return policy if value is None else value

    return Applied(
        return_days=either(ops.return_days, market.returns.days),
        return_reason_required=either(ops.return_reason_required, market.returns.reason_required),
        refund_business_days=tuple(either(ops.refund_business_days, market.refunds.business_days)),
        warranty_months=either(ops.warranty_months, market.warranty.months),
        warranty_fee=ops.warranty_fee,
    )


def return_last_day(delivered: dt.date, days: int) -> dt.date:
    """The last day a return may be asked for: `days` after delivery, that day included."""
    return delivered + dt.timedelta(days=days)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day where it has no such day (31 Aug + 6 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def warranty_last_day(delivered: dt.date, months: int) -> dt.date:
    return add_months(delivered, months)


def refund_dates(market: Market, accepted_on: dt.date, business_days: tuple[int, int]) -> tuple[dt.date, dt.date]:
    """When the refund run pays: business days after acceptance, on the market's calendar
    (its weekend and public holidays)."""
    days, (low, high) = shipping_days(market), business_days
    return days.add(accepted_on, low), days.add(accepted_on, high)
