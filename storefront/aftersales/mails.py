"""After-sales e-mails: return decision, refund, warranty decision. In the order's language and
currency, through the shop's mailer; the policy they quote comes from the "email" channel."""
from __future__ import annotations

from ..db import Order
from ..i18n import Formatter, text_direction
from ..policy import facts
from ..shop import Shop
from ..toolkit.templates import render_mail
from . import wording
from .models import ReturnRequest, WarrantyClaim


def _formatter(shop: Shop, market_code: str, language: str, currency: str) -> Formatter:
    return Formatter(language, shop.config.markets[market_code].country, currency)


async def _send(app, to: str, language: str, subject: str, template: str, **values) -> None:
    values.update(lang=language, direction=text_direction(language))
    await app.state.mailer.send(to, subject, language, render_mail(f"aftersales/mail/{template}.txt", **values),
                                render_mail(f"aftersales/mail/{template}.html", **values))


async def send_return_mails(app, shop: Shop, order: Order, ret: ReturnRequest) -> None:
    """The decision; for an accepted return, the refund notice as well."""
    fmt = _formatter(shop, ret.market, ret.language, ret.currency)
    f = facts(shop.config.markets[ret.market], "email")
    subject = (fmt._("Your return {ref} has been accepted") if ret.status == "accepted"
               else fmt._("Your return {ref} has been refused")).format(ref=ret.ref)
    common = dict(ret=ret, order=order, fmt=fmt, _=fmt._, lines=list(ret.lines))
    await _send(app, order.email, ret.language, subject, "return_decision", **common,
                decision=wording.return_decision(fmt, ret, f), policy=wording.return_policy(fmt, f, ret.delivered_on),
                reason_policy=wording.reason_policy(fmt, f))
    if ret.status == "accepted":
        await _send(app, order.email, ret.language, fmt._("Refund for your return {ref}").format(ref=ret.ref), "refund",
                    **common, expected=wording.refund_expected(fmt, ret), policy=wording.refund_policy(fmt, f))


async def send_warranty_mail(app, shop: Shop, order: Order, claim: WarrantyClaim) -> None:
    fmt = _formatter(shop, claim.market, claim.language, claim.currency)
    f = facts(shop.config.markets[claim.market], "email")
    subject = (fmt._("Your warranty claim {ref} has been accepted") if claim.status == "accepted"
               else fmt._("Your warranty claim {ref} has been refused")).format(ref=claim.ref)
    await _send(app, order.email, claim.language, subject, "warranty_decision", claim=claim, order=order, fmt=fmt,
                _=fmt._, decision=wording.warranty_decision(fmt, claim, f), fee=wording.warranty_fee(fmt, claim),
                policy=wording.warranty_policy(fmt, f, claim.delivered_on))
