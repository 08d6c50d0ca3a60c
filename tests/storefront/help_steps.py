"""Steps the help tests share: a visitor from any market, asking the chatbot, and reading what
the help centre's policy pages state (their machine-readable testids)."""
from __future__ import annotations

import csv
import functools
import ipaddress
import re
import unicodedata
from pathlib import Path

from .shopping import Server, Visitor

GEOIP = Path(__file__).resolve().parents[2] / "storefront" / "config" / "geoip.csv"
QUESTIONS = Path(__file__).with_name("chat_questions.yaml")
POLICY_INTENTS = ("return_window", "refund_time", "shipping_time", "warranty", "coupon_with_points",
                  "damaged_parcel", "wrong_item", "missing_parcel", "where_is_my_order")
COMPLAINTS = ("damaged_parcel", "wrong_item", "missing_parcel")


@functools.cache
def market_ips() -> dict[str, str]:
    """An IPv4 client address in each country of the storefront's geo-IP table."""
    out: dict[str, str] = {}
    with GEOIP.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            if not row or row[0].startswith("#"):
                continue
            net = ipaddress.ip_network(row[0].strip())
            if net.version == 4:
                out.setdefault(row[1].strip(), str(net[1]))
    return out


def visitor(server: Server, market: str, language: str | None = None) -> Visitor:
    return server.visitor(ip=market_ips()[market], lang=language)


def ask(v: Visitor, message, conversation: str | None = None, token: str | None = None) -> dict:
    r = v.api("POST", "/api/chat", token=token, json={"conversation": conversation, "message": message})
    assert r.status_code == 200, r.text
    return r.json()


def numbers(text: str) -> list[int]:
    """The whole numbers a text states, in any script's digits (١٤ is 14)."""
    ascii_digits = "".join(str(unicodedata.digit(c)) if unicodedata.category(c) == "Nd" else c for c in text)
    return [int(n) for n in re.findall(r"[0-9]+", ascii_digits)]


def policy_pages(v: Visitor) -> dict:
    """What the help centre states for the visitor's market, read from the pages' testids."""
    returns, refunds, warranty = v.page("/help/returns"), v.page("/help/refunds"), v.page("/help/warranty")
    shipping, payment, privacy = v.page("/help/shipping"), v.page("/help/payment"), v.page("/help/privacy")
    refund = refunds.testid("refund-days")
    coupon = payment.testid("coupon-with-points")
    methods = shipping.find_all(data_testid="shipping-method")
    return {
        "return_days": int(returns.testid("return-days").get("data-days")),
        "return_reason_required": returns.testid("return-reason").get("data-required") == "true",
        "refund_business_days": [int(refund.get("data-min")), int(refund.get("data-max"))],
        "warranty_months": int(warranty.testid("warranty-months").get("data-months")),
        "shipping": {m.get("data-method"): [int(m.get("data-min")), int(m.get("data-max"))] for m in methods},
        "default_shipping": methods[0].get("data-method"),
        "remedies": {r.get("data-complaint"): r.get("data-remedy") for r in returns.find_all(data_testid="remedy")},
        "loyalty_points": coupon.get("data-points") == "true",
        "coupon_with_points": coupon.get("data-allowed") == "true",
        "payment_methods": [m.get("data-method") for m in payment.find_all(data_testid="payment-method")],
        "masked_fields": [m.get("data-field") for m in privacy.find_all(data_testid="masked-field")],
        "consent_required": privacy.testid("consent-rule").get("data-required") == "true",
        "first_response_hours": int(returns.testid("first-response").get("data-hours")),
    }


def refund_ranges(facts: dict) -> int:
    """How many different refund timelines an answer's facts state."""
    days = facts.get("refund_business_days")
    if days is None:
        return 0
    ranges = days.values() if isinstance(days, dict) else [days]
    return len({tuple(r) for r in ranges})
