"""Masking customer data on pages and in e-mails, as the market's privacy rule says.

`shown(market, "phone", value)` is what a page may print: the value itself where the market
does not mask that field, else a masked form that keeps just enough to recognise it.
"""
from __future__ import annotations

from .db import Order
from .settings import Market

MASK = "•"


def mask_phone(value: str) -> str:
    digits = [c for c in value if c.isdigit()]
    if len(digits) <= 4:
        return MASK * len(digits)
    keep_head = 2 if value.startswith("+") else 0  # the country code stays recognisable
    head = "+" + "".join(digits[:keep_head]) if keep_head else ""
    return head + MASK * (len(digits) - keep_head - 2) + "".join(digits[-2:])


def mask_email(value: str) -> str:
    local, at, domain = value.partition("@")
    if not at:
        return MASK * len(value)
    return (local[:1] + MASK * max(len(local) - 1, 3)) + "@" + domain


def mask_card(value: str) -> str:
    digits = "".join(c for c in value if c.isdigit())
    return f"{MASK * 4} {MASK * 4} {MASK * 4} {digits[-4:]}" if len(digits) >= 4 else MASK * len(digits)


MASKERS = {"phone": mask_phone, "email": mask_email, "card": mask_card}


def shown(market: Market, field: str, value: str | None) -> str:
    if not value:
        return ""
    return MASKERS[field](value) if field in market.privacy.masked else value


def order_contact(market: Market, order: Order) -> dict[str, dict]:
    """An order's phone, email and card: the text a page or e-mail may print, and whether it is masked."""
    out = {}
    for field, value in (("phone", order.phone), ("email", order.email), ("card", order.card_number)):
        text = shown(market, field, value)
        out[field] = {"text": text, "masked": text != value}
    return out
