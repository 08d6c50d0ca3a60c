"""E-mails the shop sends, in the customer's language and currency."""
from __future__ import annotations

from ..db import Order
from ..i18n import Formatter, text_direction
from ..privacy import order_contact
from ..shop import Shop
from ..toolkit.templates import render_mail


async def send_order_confirmation(app, shop: Shop, order: Order) -> None:
    market = shop.config.markets[order.market]
    fmt = Formatter(order.language, market.country, order.currency)
    values = dict(order=order, lines=list(order.lines), fmt=fmt, _=fmt._, market=market,
                  direction=text_direction(order.language), lang=order.language, contact=order_contact(market, order))
    subject = fmt._("Your order {ref}").format(ref=order.ref)
    await app.state.mailer.send(
        order.email, subject, order.language,
        render_mail("mail/order_confirmation.txt", **values),
        render_mail("mail/order_confirmation.html", **values),
    )
