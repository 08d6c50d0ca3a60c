"""Opening tickets: the one path every channel (help centre, chatbot, e-mail, API) goes through,
their acknowledgement and their escalation."""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..customer_data import CustomerData
from ..i18n import N_, Formatter
from ..settings import Market
from ..shop import Shop
from .hours import UTC, Calendar, as_utc, shown_zone
from .models import Ticket, TicketMessage

# What a ticket is about: code -> label (translated where shown).
TOPICS = {
    "order": N_("An order"),
    "delivery": N_("Delivery"),
    "damaged_parcel": N_("A damaged parcel"),
    "wrong_item": N_("A wrong item"),
    "missing_parcel": N_("A missing parcel"),
    "returns": N_("A return"),
    "refund": N_("A refund"),
    "warranty": N_("A warranty claim"),
    "payment": N_("Payment"),
    "other": N_("Something else"),
}
KINDS = ("ticket", "callback")
TOP_LEVEL = 2

# The support channel a market must offer for a request to come in through each way in.
_CHANNEL_NEEDED = {"help_centre": "help_centre", "api": "help_centre", "chat": "chat", "email": "email"}


def accepts(market: Market, channel: str, kind: str = "ticket") -> bool:
    """Whether the market's support takes this request: a market without a channel has no one
    behind it to answer."""
    needed = "callback" if kind == "callback" else _CHANNEL_NEEDED.get(channel, channel)
    return needed in market.support.channels


def _stored(when: dt.datetime) -> dt.datetime:
    return as_utc(when).replace(tzinfo=None)  # see models.Ticket: naive UTC in the database


def _new_ref(market: str) -> str:
    return f"T-{market}-{secrets.token_hex(4).upper()}"


def promised_by(shop: Shop, market: Market, opened: dt.datetime, window: str | None = None) -> dt.datetime | None:
    """The first response promised to a request opened at `opened` (aware UTC), or None where
    acknowledgements promise nothing."""
    if not shop.config.support.acknowledge_with_reference:
        return None
    desk = Calendar.of(market, shop.config.support)
    return desk.promise(opened, market.support.first_response_hours, window or "any")


def open_ticket(db: Session, shop: Shop, market: Market, language: str, *, owner: str, channel: str, text: str,
                kind: str = "ticket", topic: str = "other", customer_id: int | None = None, email: str = "",
                name: str = "", phone: str = "", order_ref: str | None = None,
                conversation: list[tuple[str, str]] = (), window: str | None = None,
                now: dt.datetime | None = None) -> Ticket:
    """Adds the ticket (not committed). `conversation` is what led to it, as (author, text)
    pairs: the chatbot transcript on a hand-off. `text` is the customer's request; a callback
    may come without one."""
    now = as_utc(now or dt.datetime.now(UTC))
    store = CustomerData(shop.config.storage)
    promise = promised_by(shop, market, now, window if kind == "callback" else None)
    ticket = Ticket(ref=_new_ref(market.country), owner=owner, customer_id=customer_id, market=market.country,
                    language=language, channel=channel, kind=kind, topic=topic if topic in TOPICS else "other",
                    window=(window or "any") if kind == "callback" else None, order_ref=order_ref or None,
                    email=email, name=store.text(name), phone=store.phone(phone), status="open", level=1,
                    created_at=_stored(now), promised_by=_stored(promise) if promise else None)
    ticket.messages = [TicketMessage(author=a, text=store.text(t), created_at=_stored(now)) for a, t in conversation]
    if text:
        ticket.messages.append(TicketMessage(author="customer", text=store.text(text), created_at=_stored(now)))
    db.add(ticket)
    db.flush()
    return ticket


@dataclass(frozen=True)
class Acknowledgement:
    """What the customer is told when a ticket is opened: its reference and when to expect an
    answer, in the time zone times are shown in."""

    reference: str | None  # None where tickets are acknowledged without one
    promised_by: dt.datetime | None  # time-zone aware
    time_zone: str

    def as_json(self) -> dict:
        return {"reference": self.reference, "time_zone": self.time_zone,
                "promised_by": self.promised_by.isoformat() if self.promised_by else None}


def acknowledgement(shop: Shop, ticket: Ticket) -> Acknowledgement:
    ops = shop.config.support
    zone = shown_zone(shop.config.markets[ticket.market], ops)
    promised = as_utc(ticket.promised_by).astimezone(zone) if ticket.promised_by else None
    return Acknowledgement(ticket.ref if ops.acknowledge_with_reference else None, promised, zone.key)


class CannotEscalate(Exception):
    pass


def escalate(db: Session, shop: Shop, ticket: Ticket, now: dt.datetime | None = None) -> Ticket:
    """Hands the ticket to the next level as a new ticket (not committed). What the next level
    receives is the shop's `support.escalation_carries_conversation` setting: the conversation
    and order reference, or only a pointer back to the first ticket."""
    if ticket.level >= TOP_LEVEL or ticket.escalated_to:
        raise CannotEscalate(ticket.ref)
    now = as_utc(now or dt.datetime.now(UTC))
    market = shop.config.markets[ticket.market]
    fmt = Formatter(ticket.language, market.country, market.currency)
    carries = shop.config.support.escalation_carries_conversation
    promise = promised_by(shop, market, now, ticket.window)
    up = Ticket(ref=_new_ref(market.country), owner=ticket.owner, customer_id=ticket.customer_id, market=ticket.market,
                language=ticket.language, channel=ticket.channel, kind=ticket.kind, window=ticket.window,
                topic=ticket.topic, order_ref=ticket.order_ref if carries else None, email=ticket.email,
                name=ticket.name, phone=ticket.phone, status="open", level=ticket.level + 1,
                escalated_from=ticket.ref, created_at=_stored(now), promised_by=_stored(promise) if promise else None)
    if carries:
        up.messages = [TicketMessage(author=m.author, text=m.text, created_at=m.created_at) for m in ticket.messages]
        note = fmt._("Escalated from {ref}: the conversation and the order reference were passed on, "
                     "so you need not repeat anything.")
    else:
        up.messages = []
        note = fmt._("Escalated from {ref}.")
    up.messages.append(TicketMessage(author="system", text=note.format(ref=ticket.ref), created_at=_stored(now)))
    ticket.status = "escalated"
    ticket.escalated_to = up.ref
    ticket.messages.append(TicketMessage(author="system", created_at=_stored(now),
                                         text=fmt._("Escalated to level {level} as {ref}.").format(level=up.level, ref=up.ref)))
    db.add(up)
    db.flush()
    return up
