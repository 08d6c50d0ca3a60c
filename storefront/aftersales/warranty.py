"""The warranty service: a claim on an item is accepted inside the warranty period from delivery,
refused outside it. Its period and any fee are what the service applies (operations.applied)."""
from __future__ import annotations

import secrets
from decimal import Decimal

from sqlalchemy.orm import Session

from ..checkout import today_in
from ..db import Order
from ..i18n import N_, currency_step
from ..shop import Shop
from .delivery import delivered_on
from .errors import AftersalesError
from .models import WarrantyClaim
from .operations import applied, warranty_last_day

MAX_PROBLEM = 2000


def claim_warranty(db: Session, shop: Shop, order: Order, sku: str, problem: str) -> WarrantyClaim:
    """Decides and adds the claim (not committed); raises AftersalesError for a claim it cannot take."""
    market = shop.config.markets[order.market]
    delivered = delivered_on(order, market)
    if delivered is None:
        raise AftersalesError("not_delivered", N_("This order has not been delivered yet. You can make a warranty claim once it has arrived."),
                              status=409)
    line = next((line for line in order.lines if line.sku == sku), None)
    if line is None:
        raise AftersalesError("bad_item", N_("This item is not part of the order."), field="sku")
    problem = (problem or "").strip()
    if not problem:
        raise AftersalesError("problem_required", N_("Please describe the problem."), field="problem")
    if len(problem) > MAX_PROBLEM:
        raise AftersalesError("problem_too_long", N_("Please keep the description under {max} characters."),
                              field="problem", max=MAX_PROBLEM)
    rules = applied(market)
    today = today_in(market)
    accepted = today <= warranty_last_day(delivered, rules.warranty_months)
    step = currency_step(order.currency)
    claim = WarrantyClaim(
        ref=f"W-{market.country}-{secrets.token_hex(4).upper()}", order_id=order.id, order_ref=order.ref,
        owner=order.owner, customer_id=order.customer_id, market=market.country, language=order.language,
        currency=order.currency, sku=sku, item_name=line.name, problem=problem,
        status="accepted" if accepted else "refused",
        fee=(rules.warranty_fee if accepted else Decimal(0)).quantize(step),
        requested_on=today, delivered_on=delivered,
    )
    db.add(claim)
    db.flush()
    return claim
