"""E-mails of the support part: ticket acknowledgements, in the ticket's language, with the
reference and promised time exactly as the ticket page shows them."""
from __future__ import annotations

from ..i18n import Formatter, text_direction
from ..privacy import shown
from ..shop import Shop
from ..toolkit.templates import render_mail
from . import display
from .models import Ticket
from .tickets import TOPICS, acknowledgement

Mail = tuple[str, str, str, str, str]  # to, subject, language, text, html: Mailer.send's arguments


def acknowledgement_mail(shop: Shop, ticket: Ticket, key: str | None = None) -> Mail:
    """`key` is the ticket's access key, written only into mail to whoever opened the ticket by
    e-mail (they have no browser session that owns it)."""
    market = shop.config.markets[ticket.market]
    fmt = Formatter(ticket.language, market.country, market.currency)
    ack = acknowledgement(shop, ticket)
    values = dict(
        ticket=ticket, ack=ack, key=key, fmt=fmt, _=fmt._, lang=ticket.language, direction=text_direction(ticket.language),
        topic=fmt._(TOPICS.get(ticket.topic, TOPICS["other"])), phone=shown(market, "phone", ticket.phone),
        request=next((m.text for m in ticket.messages if m.author == "customer"), ""),
        promised=display.when(fmt, ack.promised_by) if ack.promised_by else "",
        zone=display.zone_name(fmt, ack.promised_by) if ack.promised_by else "",
    )
    if ack.reference:
        subject = fmt._("We have received your request {ref}").format(ref=ack.reference)
    else:
        subject = fmt._("We have received your request")
    return (ticket.email, subject, ticket.language,
            render_mail("support/mail/acknowledgement.txt", **values),
            render_mail("support/mail/acknowledgement.html", **values))


async def send_ticket_acknowledgement(app, shop: Shop, ticket: Ticket, key: str | None = None) -> None:
    """The acknowledgement with the ticket's reference and promised response time; returns once
    the mail sink has it."""
    if ticket.email:
        await app.state.mailer.send(*acknowledgement_mail(shop, ticket, key))
