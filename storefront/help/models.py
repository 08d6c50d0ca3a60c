"""Database tables of the help part of the shop (on storefront.db.Base): chatbot conversations."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, _now


class Conversation(Base):
    """A chat with the bot, owned by the browser session or API token that started it."""

    __tablename__ = "chat_conversations"
    id: Mapped[str] = mapped_column(String(24), primary_key=True)  # random: ids cannot be guessed
    owner: Mapped[str] = mapped_column(String(64), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    market: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(16))  # the page's language when it started; every reply uses it
    order_ref: Mapped[str | None] = mapped_column(String(32))  # the last order the customer asked about
    ticket_ref: Mapped[str | None] = mapped_column(String(32))  # set once handed off to a person
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
    messages: Mapped[list["ChatMessage"]] = relationship(cascade="all, delete-orphan", order_by="ChatMessage.id")


class ChatMessage(Base):
    __tablename__ = "chat_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("chat_conversations.id"), index=True)
    author: Mapped[str] = mapped_column(String(16))  # customer | bot
    text: Mapped[str] = mapped_column(Text)  # as typed
    intent: Mapped[str | None] = mapped_column(String(32))  # bot replies: the intent answered
    answer: Mapped[str | None] = mapped_column(String(48))  # bot replies: the answer given
    facts: Mapped[dict | None] = mapped_column(JSON)  # bot replies: the facts the reply states
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
