"""The returns desk: decides a return request at once, inside the window or outside it.

The window and whether a reason is needed are what the desk applies (operations.applied):
the policy unless misconfigured. An accepted return gets its refund scheduled by the refund
run (refunds.py); a refused one is stored too, so the customer has a reference to quote.
"""
from __future__ import annotations

import secrets
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..checkout import today_in
from ..db import Order
from ..i18n import N_
from ..shop import Shop
from . import refunds
from .delivery import delivered_on
from .errors import AftersalesError
from .models import ReturnLine, ReturnRequest
from .operations import applied, return_last_day

# Reason codes, with their labels (translated where shown).
REASONS: dict[str, str] = {
    "changed_mind": N_("Changed my mind"),
    "damaged": N_("Arrived damaged"),
    "defective": N_("Does not work"),
    "wrong_item": N_("Wrong item delivered"),
    "not_as_described": N_("Not as described"),
    "other": N_("Other reason"),
}
MAX_COMMENT = 1000


def returned_so_far(db: Session, order: Order) -> Counter:
    """Quantities per SKU in the order's accepted returns."""
    rows = db.execute(select(ReturnLine.sku, ReturnLine.quantity).join(ReturnRequest)
                      .where(ReturnRequest.order_id == order.id, ReturnRequest.status == "accepted"))
    out: Counter = Counter()
    for sku, qty in rows:
        out[sku] += qty
    return out


def returnable(db: Session, order: Order, done: Counter | None = None) -> dict[str, int]:
    """What may still be returned: per SKU, the ordered quantity less what was returned."""
    done = returned_so_far(db, order) if done is None else done
    out: Counter = Counter()
    for line in order.lines:
        out[line.sku] += line.quantity
    return {sku: qty - done[sku] for sku, qty in out.items()}


def check_items(order: Order, items: list[tuple[str, int]], left: dict[str, int]) -> dict[str, int]:
    """The requested quantities per SKU (repeated SKUs added up), each within what is `left`."""
    wanted: Counter = Counter()
    for sku, qty in items:
        if qty < 0:
            raise AftersalesError("bad_quantity", N_("Please choose how many of each item to return."), field="items")
        wanted[sku] += qty
    wanted = Counter({sku: qty for sku, qty in wanted.items() if qty})
    if not wanted:
        raise AftersalesError("no_items", N_("Please choose at least one item to return."), field="items")
    names = {line.sku: line.name for line in order.lines}
    for sku, qty in wanted.items():
        if sku not in left:
            raise AftersalesError("bad_item", N_("This item is not part of the order."), field="items")
        if qty > left[sku]:
            raise AftersalesError("bad_quantity", N_("You can return at most {count} of “{item}”."), field="items",
                                  count=left[sku], item=names[sku])
    return dict(wanted)


def request_return(db: Session, shop: Shop, order: Order, items: list[tuple[str, int]], reason: str | None,
                   comment: str) -> ReturnRequest:
    """Decides and adds the return (not committed); raises AftersalesError for a request it cannot take."""
    market = shop.config.markets[order.market]
    delivered = delivered_on(order, market)
    if delivered is None:
        raise AftersalesError("not_delivered", N_("This order has not been delivered yet. You can ask for a return once it has arrived."),
                              status=409)
    done = returned_so_far(db, order)
    wanted = check_items(order, items, returnable(db, order, done))
    reason = (reason or "").strip() or None
    comment = (comment or "").strip()
    rules = applied(market)
    if reason is not None and reason not in REASONS:
        raise AftersalesError("bad_reason", N_("Please choose a reason from the list."), field="reason")
    if reason is None and rules.return_reason_required:
        raise AftersalesError("reason_required", N_("Please tell us why you are returning the items."), field="reason")
    if len(comment) > MAX_COMMENT:
        raise AftersalesError("comment_too_long", N_("Please keep the comment under {max} characters."), field="comment",
                              max=MAX_COMMENT)
    today = today_in(market)
    accepted = today <= return_last_day(delivered, rules.return_days)
    by_sku = {line.sku: line for line in order.lines}
    ret = ReturnRequest(
        ref=f"R-{market.country}-{secrets.token_hex(4).upper()}", order_id=order.id, order_ref=order.ref,
        owner=order.owner, customer_id=order.customer_id, market=market.country, language=order.language,
        currency=order.currency, status="accepted" if accepted else "refused", reason=reason, comment=comment,
        requested_on=today, delivered_on=delivered, refund_status="none",
        lines=[ReturnLine(sku=sku, name=by_sku[sku].name, quantity=qty, unit_price=by_sku[sku].unit_price)
               for sku, qty in wanted.items()],
    )
    if accepted:
        refunds.schedule(db, market, order, ret, done, rules.refund_business_days)
    db.add(ret)
    db.flush()
    return ret
