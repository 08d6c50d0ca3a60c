"""Checking what a customer typed into a ticket or callback request, before anything is stored.

Names and messages are kept exactly as typed (any script, markup included: pages escape it);
only what no one can type on purpose is refused: control characters, text beyond the limits.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import phonenumbers

from ..addresses import EMAIL
from ..settings import Market
from .hours import WINDOWS
from .tickets import TOPICS

MAX_NAME = 200
MAX_EMAIL = 200
MAX_MESSAGE = 2000
ORDER_REF = re.compile(r"[A-Z0-9][A-Z0-9-]{0,31}")
FIELDS = ("name", "email", "phone", "order_ref", "topic", "message", "window")


@dataclass
class Checked:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)  # field -> msgid


def _unstorable(text: str, newlines: bool = False) -> bool:
    """Control characters (a NUL breaks PostgreSQL) and lone surrogates (no encoding takes them)."""
    allowed = "\n\r\t" if newlines else ""
    return any(unicodedata.category(c) in ("Cc", "Cs") and c not in allowed for c in text)


def valid_phone(phone: str, market: Market) -> bool:
    if len(phone) > 32:
        return False
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(phone, market.country))
    except phonenumbers.NumberParseException:
        return False


def check_request(data: dict, market: Market, kind: str) -> Checked:
    """`data` as a form or JSON body gave it; `kind` "ticket" or "callback"."""
    raw = {}
    out = Checked(raw)
    not_text = Checked({})  # a JSON number or list where text belongs: said so, whatever else is wrong
    for name in FIELDS:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            not_text.errors[name] = "This field must be text."
            value = ""
        raw[name] = (value or "").strip()
    unstorable = {name for name, value in raw.items() if _unstorable(value, newlines=name == "message")}

    if not raw["name"]:
        out.errors["name"] = "Please enter your name."
    elif len(raw["name"]) > MAX_NAME or "name" in unstorable:
        out.errors["name"] = "This name is too long or contains characters that cannot be stored."

    if not EMAIL.match(raw["email"]) or len(raw["email"]) > MAX_EMAIL or "email" in unstorable:
        out.errors["email"] = "Please enter a valid e-mail address."

    if raw["phone"] and (not valid_phone(raw["phone"], market) or "phone" in unstorable):
        out.errors["phone"] = "Please enter a valid phone number."
    elif not raw["phone"] and kind == "callback":
        out.errors["phone"] = "Please enter the phone number we should call."

    raw["order_ref"] = raw["order_ref"].upper()
    if raw["order_ref"] and not ORDER_REF.fullmatch(raw["order_ref"]):
        out.errors["order_ref"] = "This is not an order number: it has letters, digits and hyphens, like DE-1A2B3C4D."

    raw["topic"] = raw["topic"] or "other"
    if raw["topic"] not in TOPICS:
        out.errors["topic"] = "Please choose a topic from the list."

    if not raw["message"] and kind == "ticket":
        out.errors["message"] = "Please describe your request."
    elif len(raw["message"]) > MAX_MESSAGE:
        out.errors["message"] = "Your message is too long: please keep it under 2,000 characters."
    elif "message" in unstorable:
        out.errors["message"] = "Your message contains characters that cannot be stored."

    raw["window"] = raw["window"] or "any"
    if kind == "callback" and raw["window"] not in WINDOWS:
        out.errors["window"] = "Please choose a time window from the list."
    out.errors.update(not_text.errors)
    return out
