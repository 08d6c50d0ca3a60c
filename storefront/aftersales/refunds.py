"""The refund run: how much an accepted return pays back, and when."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Order
from ..i18n import currency_step
from ..pricing import round_to
from ..settings import Market
from .models import ReturnRequest
from .operations import refund_dates


def amount(order: Order, ret: ReturnRequest, completes_order: bool, refunded_before: Decimal) -> Decimal:
    """The items' share of what was paid: after the order's discount, with sales tax where it
    was added; the return that completes the order pays back the rest, shipping included."""
    if completes_order:
        return order.total - refunded_before
    step = currency_step(order.currency)
    items = sum((line.unit_price * line.quantity for line in ret.lines), Decimal(0))
    share = items / order.subtotal if order.subtotal else Decimal(0)
    paid = (order.subtotal - order.discount) * share + (Decimal(0) if order.tax_included else order.tax * share)
    return round_to(paid, step).quantize(step)


def schedule(db: Session, market: Market, order: Order, ret: ReturnRequest, returned_before: Counter,
             business_days: tuple[int, int]) -> None:
    """Sets the accepted return's refund: its amount and the one date range the run pays in."""
    ordered: Counter = Counter()
    for line in order.lines:
        ordered[line.sku] += line.quantity
    now_returned = returned_before + Counter({line.sku: line.quantity for line in ret.lines})
    completes = all(now_returned[sku] >= qty for sku, qty in ordered.items())
    earlier = db.scalars(select(ReturnRequest.refund_amount).where(ReturnRequest.order_id == order.id,
                                                                   ReturnRequest.status == "accepted"))
    ret.refund_amount = amount(order, ret, completes, sum((a or Decimal(0) for a in earlier), Decimal(0)))
    ret.refund_from, ret.refund_to = refund_dates(market, ret.requested_on, business_days)
    ret.refund_status = "pending"
