"""When an order arrived: the day return windows and warranty periods count from.

An order is delivered on its latest estimated delivery date, unless staging said otherwise
(`Order.delivered_on`, set by the time-travel hook `POST /_staging/orders/{ref}/delivered`).
"""
from __future__ import annotations

import datetime as dt

from ..checkout import today_in
from ..db import Order
from ..settings import Market

MAX_DAYS_AGO = 3650


def delivery_date(order: Order) -> dt.date:
    """The day the order arrives or arrived."""
    return order.delivered_on or order.delivery_to


def delivered_on(order: Order, market: Market) -> dt.date | None:
    """The day the order arrived, or None while it is still on its way."""
    day = delivery_date(order)
    return day if day <= today_in(market) else None


def mark_delivered(order: Order, market: Market, days_ago: int) -> dt.date:
    if not 0 <= days_ago <= MAX_DAYS_AGO:
        raise ValueError(f"days_ago must be from 0 to {MAX_DAYS_AGO}")
    order.delivered_on = today_in(market) - dt.timedelta(days=days_ago)
    return order.delivered_on
