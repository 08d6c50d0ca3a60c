"""Where an order is, for the chatbot: only for the customer who owns it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..aftersales.delivery import delivered_on
from ..checkout import today_in
from ..db import Order
from ..settings import Market
from ..toolkit.access import is_owner
from ..toolkit.context import Ctx


@dataclass(frozen=True)
class OrderLookup:
    ref: str
    found: bool  # False as well for someone else's order: references cannot be probed
    status: str | None = None  # processing | in_transit | delivered
    earliest: dt.date | None = None
    latest: dt.date | None = None
    delivered: dt.date | None = None


def status(order: Order, market: Market) -> str:
    """Delivered as the after-sales part counts it (the day return windows start); before that,
    being prepared on the day it was placed and on its way after."""
    if delivered_on(order, market):
        return "delivered"
    created = order.created_at.replace(tzinfo=order.created_at.tzinfo or dt.timezone.utc)
    placed = created.astimezone(ZoneInfo(market.time_zone)).date()
    return "processing" if today_in(market) <= placed else "in_transit"


def look_up(db: Session, ctx: Ctx, ref: str, market: Market) -> OrderLookup:
    order = db.scalar(select(Order).where(Order.ref == ref))
    if order is None or not is_owner(ctx, db, order.owner, order.customer_id):
        return OrderLookup(ref, False)
    order_market = ctx.shop.config.markets.get(order.market, market)
    return OrderLookup(ref, True, status(order, order_market), order.delivery_from, order.delivery_to,
                       delivered_on(order, order_market))
