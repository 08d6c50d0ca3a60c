"""Opening tickets: the one path every channel (help centre, chatbot, e-mail, API) goes through."""
from __future__ import annotations

import secrets

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
