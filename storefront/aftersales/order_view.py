"""What the order page shows of after-sales: delivery, the return and warranty forms, what was
filed, and the customer data as the order market's privacy rule lets a page show it."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Order
from ..i18n import Formatter
from ..policy import facts
from ..privacy import order_contact
from ..shop import Shop
from . import wording
from .delivery import delivered_on
from .models import ReturnRequest, WarrantyClaim
from .returns import REASONS, returnable


def order_view(shop: Shop, db: Session, order: Order, fmt: Formatter) -> dict:
    market = shop.config.markets[order.market]
    delivered = delivered_on(order, market)
    f = facts(market, "page")
    view = {
        "contact": order_contact(market, order),
        "delivered": delivered,
        "returns": db.scalars(select(ReturnRequest).where(ReturnRequest.order_id == order.id).order_by(ReturnRequest.id)).all(),
        "claims": db.scalars(select(WarrantyClaim).where(WarrantyClaim.order_id == order.id).order_by(WarrantyClaim.id)).all(),
        "reasons": REASONS,
        "reason_required": f.return_reason_required,
        "returnable": {},
        "return_policy": "",
        "reason_policy": "",
        "warranty_policy": "",
    }
    if delivered is not None:
        view.update(returnable=returnable(db, order), return_policy=wording.return_policy(fmt, f, delivered),
                    reason_policy=wording.reason_policy(fmt, f), warranty_policy=wording.warranty_policy(fmt, f, delivered))
    return view
