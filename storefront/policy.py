"""Policy facts: what the shop tells customers of a market, as each channel tells it.

One place derives every stated fact from the market's settings: the help centre pages
(channel "page"), the chatbot ("chatbot"), e-mails ("email") and the JSON API ("api") all
read `facts(market, channel)`, whichever part of the shop (help, support, after-sales) says
them. It reads only the settings, so every part can build on it without reaching into another.

A channel whose copy has drifted (a stale bot knowledge base, an e-mail template with last
year's numbers) carries overrides in the market's `knowledge` settings; that is the only way
channels come to disagree.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel

from .settings import Holidays, KnowledgeChannel, Market, OpeningHours, ShopConfig

CHANNELS: tuple[KnowledgeChannel, ...] = ("page", "chatbot", "email", "api")


@dataclass(frozen=True)
class ShippingFact:
    method: str
    price: Decimal
    days: tuple[int, int]  # business days


@dataclass(frozen=True)
class PolicyFacts:
    market: str
    return_days: int
    return_reason_required: bool
    refund_business_days: tuple[int, int]
    warranty_months: int
    shipping: tuple[ShippingFact, ...]
    excluded_areas: tuple[str, ...]
    payment_methods: tuple[str, ...]
    support_channels: tuple[str, ...]
    support_languages: tuple[str, ...]
    support_hours: tuple[OpeningHours, ...]
    support_holidays: Holidays  # what the market's calendar changes for the desk (workdays.py)
    first_response_hours: int
    loyalty_points: bool
    coupon_with_points: bool
    damaged_parcel: str  # remedy: replacement | refund | pick_up
    wrong_item: str
    missing_parcel: str
    # Privacy: the customer details shown masked, and whether tracking waits for consent.
    masked_fields: tuple[str, ...] = ()
    consent_required: bool = False

    def as_json(self) -> dict:
        out = dataclasses.asdict(self)
        out["shipping"] = [{"method": s.method, "price": str(s.price), "days": list(s.days)} for s in self.shipping]
        out["support_hours"] = [h.model_dump() for h in self.support_hours]
        out["support_holidays"] = self.support_holidays.model_dump(mode="json")
        for key, value in out.items():
            if isinstance(value, tuple):
                out[key] = list(value)
        return out


FACT_NAMES = frozenset(f.name for f in dataclasses.fields(PolicyFacts)) - {"market"}


def policy_facts(market: Market) -> PolicyFacts:
    """The facts as the policy states them."""
    return PolicyFacts(
        market=market.country,
        return_days=market.returns.days,
        return_reason_required=market.returns.reason_required,
        refund_business_days=tuple(market.refunds.business_days),
        warranty_months=market.warranty.months,
        shipping=tuple(ShippingFact(m.id, m.price, tuple(m.days)) for m in market.shipping.methods),
        excluded_areas=tuple(a.name for a in market.shipping.excluded if a.name),
        payment_methods=tuple(market.payment_methods),
        support_channels=tuple(market.support.channels),
        support_languages=tuple(market.support.languages),
        support_hours=tuple(market.support.hours),
        support_holidays=market.support_holidays,
        first_response_hours=market.support.first_response_hours,
        loyalty_points=market.loyalty.points,
        coupon_with_points=market.loyalty.combine_with_coupon,
        damaged_parcel=market.remedies.damaged_parcel,
        wrong_item=market.remedies.wrong_item,
        missing_parcel=market.remedies.missing_parcel,
        masked_fields=tuple(market.privacy.masked),
        consent_required=market.consent_required,
    )


def facts(market: Market, channel: KnowledgeChannel = "page") -> PolicyFacts:
    """The facts as `channel` states them: the policy, with that channel's drifted copies."""
    base = policy_facts(market)
    overrides = market.knowledge.get(channel, {})
    return dataclasses.replace(base, **_coerce(base, overrides)) if overrides else base


def _coerce(base: PolicyFacts, overrides: dict) -> dict:
    out = {}
    for name, value in overrides.items():
        current = getattr(base, name)
        if isinstance(current, tuple) and isinstance(value, list):
            value = tuple(value)
        elif isinstance(current, BaseModel) and isinstance(value, dict):
            value = type(current).model_validate(value)
        out[name] = value
    return out


def check_knowledge(config: ShopConfig) -> None:
    """Fails at start-up on a knowledge override naming no fact (a typo would silently do nothing)."""
    for code, market in config.markets.items():
        for channel, overrides in market.knowledge.items():
            unknown = sorted(set(overrides) - FACT_NAMES)
            if unknown:
                raise ValueError(f"markets.{code}.knowledge.{channel}: unknown fact {unknown[0]!r}; "
                                 f"known: {', '.join(sorted(FACT_NAMES))}")
