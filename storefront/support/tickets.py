"""Opening tickets: the one path every channel (help centre, chatbot, e-mail, API) goes through."""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from ..settings import Market
from ..shop import Shop
from .models import Ticket, TicketMessage


def open_ticket(db: Session, shop: Shop, market: Market, language: str, *, owner: str, channel: str, text: str,
                kind: str = "ticket", topic: str = "other", customer_id: int | None = None, email: str = "",
                name: str = "", phone: str = "", order_ref: str | None = None,
                conversation: list[tuple[str, str]] = ()) -> Ticket:
    """Adds the ticket (not committed). `conversation` is what led to it, as (author, text)
    pairs: the chatbot transcript on a hand-off."""
    ticket = Ticket(ref=f"T-{market.country}-{secrets.token_hex(4).upper()}", owner=owner, customer_id=customer_id,
                    market=market.country, language=language, channel=channel, kind=kind, topic=topic,
                    order_ref=order_ref, email=email, name=name, phone=phone)
    ticket.messages = [TicketMessage(author=a, text=t) for a, t in conversation]
    ticket.messages.append(TicketMessage(author="customer", text=text))
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
    # First cut: the promise ignores opening hours; support/hours.py replaces this.
    market = shop.config.markets[ticket.market]
    zone = ZoneInfo(market.time_zone)
    created = ticket.created_at.replace(tzinfo=dt.timezone.utc) if ticket.created_at.tzinfo is None else ticket.created_at
    promised = created + dt.timedelta(hours=market.support.first_response_hours)
    return Acknowledgement(ticket.ref, promised.astimezone(zone), market.time_zone)
