"""Database tables of the aftersales part of the shop (on storefront.db.Base): returns with
their lines, and warranty claims. Each copies its order's owner and customer, so whoever may
open the order may open what was filed on it."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, Money, _now


class ReturnRequest(Base):
    __tablename__ = "returns"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    order_ref: Mapped[str] = mapped_column(String(32))
    owner: Mapped[str] = mapped_column(String(64), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    market: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(16))  # the order's: decision e-mails go out in it
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16))  # accepted | refused
    reason: Mapped[str | None] = mapped_column(String(32))  # a code of returns.REASONS, None if none given
    comment: Mapped[str] = mapped_column(Text, default="")
    requested_on: Mapped[dt.date]  # in the market's time zone
    delivered_on: Mapped[dt.date]
    refund_status: Mapped[str] = mapped_column(String(16))  # pending | none
    refund_amount: Mapped[Decimal | None] = mapped_column(Money)
    refund_from: Mapped[dt.date | None]
    refund_to: Mapped[dt.date | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
    lines: Mapped[list["ReturnLine"]] = relationship(cascade="all, delete-orphan", order_by="ReturnLine.id")


class ReturnLine(Base):
    __tablename__ = "return_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id"), index=True)
    sku: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(Text)
    quantity: Mapped[int]
    unit_price: Mapped[Decimal] = mapped_column(Money)


class WarrantyClaim(Base):
    __tablename__ = "warranty_claims"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    order_ref: Mapped[str] = mapped_column(String(32))
    owner: Mapped[str] = mapped_column(String(64), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    market: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(16))
    currency: Mapped[str] = mapped_column(String(3))
    sku: Mapped[str] = mapped_column(String(32))
    item_name: Mapped[str] = mapped_column(Text)
    problem: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # accepted | refused
    fee: Mapped[Decimal] = mapped_column(Money)  # what the warranty service charges on the claim
    requested_on: Mapped[dt.date]
    delivered_on: Mapped[dt.date]
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
