"""The JSON API's view of returns and warranty claims. Policy facts come from the "api" channel."""
from __future__ import annotations

from ..i18n import Formatter
from ..policy import facts
from ..shop import Shop
from . import wording
from .models import ReturnRequest, WarrantyClaim
from .operations import return_last_day, warranty_last_day


def return_json(shop: Shop, ret: ReturnRequest, fmt: Formatter) -> dict:
    f = facts(shop.config.markets[ret.market], "api")
    refund = None
    if ret.status == "accepted":
        refund = {"status": ret.refund_status, "amount": str(ret.refund_amount), "currency": ret.currency,
                  "expected_from": ret.refund_from.isoformat(), "expected_to": ret.refund_to.isoformat(),
                  "message": wording.refund_expected(fmt, ret)}
    return {
        "ref": ret.ref, "order": ret.order_ref, "market": ret.market, "status": ret.status,
        "reason": ret.reason, "comment": ret.comment,
        "items": [{"sku": line.sku, "name": line.name, "quantity": line.quantity, "unit_price": str(line.unit_price)}
                  for line in ret.lines],
        "requested_on": ret.requested_on.isoformat(), "delivered_on": ret.delivered_on.isoformat(),
        "policy": {"return_days": f.return_days, "reason_required": f.return_reason_required,
                   "last_day": return_last_day(ret.delivered_on, f.return_days).isoformat(),
                   "refund_business_days": list(f.refund_business_days)},
        "message": f"{wording.return_decision(fmt, ret, f)} {wording.return_policy(fmt, f, ret.delivered_on)}",
        "refund": refund,
    }


def claim_json(shop: Shop, claim: WarrantyClaim, fmt: Formatter) -> dict:
    f = facts(shop.config.markets[claim.market], "api")
    return {
        "ref": claim.ref, "order": claim.order_ref, "market": claim.market, "status": claim.status,
        "sku": claim.sku, "item": claim.item_name, "problem": claim.problem,
        "fee": str(claim.fee), "currency": claim.currency,
        "requested_on": claim.requested_on.isoformat(), "delivered_on": claim.delivered_on.isoformat(),
        "policy": {"warranty_months": f.warranty_months,
                   "last_day": warranty_last_day(claim.delivered_on, f.warranty_months).isoformat()},
        "message": f"{wording.warranty_decision(fmt, claim, f)} {wording.warranty_fee(fmt, claim)} "
                   f"{wording.warranty_policy(fmt, f, claim.delivered_on)}",
    }
