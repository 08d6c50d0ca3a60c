"""Database tables of the support part of the shop (on storefront.db.Base)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, _now


class Ticket(Base):
    """A customer's request to a person: a ticket (help centre form, chatbot hand-off, e-mail,
    API) or a phone callback request (kind "callback")."""

    __tablename__ = "tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    owner: Mapped[str] = mapped_column(String(64), index=True)  # the session or API token that opened it
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    market: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))  # help_centre | chat | email | api
    kind: Mapped[str] = mapped_column(String(16), default="ticket")  # ticket | callback
    window: Mapped[str | None] = mapped_column(String(16))  # a callback's time window (support/hours.py WINDOWS)
    topic: Mapped[str] = mapped_column(String(32), default="other")
    order_ref: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str] = mapped_column(String(200), default="")
    name: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open | answered | escalated | closed
    level: Mapped[int] = mapped_column(default=1)  # 1 first line, 2 after escalation
    escalated_from: Mapped[str | None] = mapped_column(String(32))  # the level-1 ticket this one continues
    escalated_to: Mapped[str | None] = mapped_column(String(32))
    # Times are stored as naive UTC (tickets.py writes them): a timestamp column without time zone
    # would shift an aware value into the database session's zone on PostgreSQL.
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)  # UTC
    promised_by: Mapped[dt.datetime | None]  # UTC: the first response promised in the acknowledgement
    first_response_at: Mapped[dt.datetime | None]  # UTC: when an agent first answered
    messages: Mapped[list["TicketMessage"]] = relationship(cascade="all, delete-orphan", order_by="TicketMessage.id")


class TicketMessage(Base):
    __tablename__ = "ticket_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    author: Mapped[str] = mapped_column(String(16))  # customer | bot | agent | system
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
