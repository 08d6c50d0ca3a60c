"""Service area: the visitor lands in its market, in its language and currency, sees what it may
buy and is told why it may not buy the rest (SA-1, SA-3, SA-7, PD-3)."""
from __future__ import annotations

from ..screenplay import Actor
from .formatting import comparable, money


def _primary(tag: str | None) -> str:
    return (tag or "").split("-")[0].lower()


def lands_in_its_market():
    def check(actor: Actor) -> None:
        landing = actor.recall("landing")
        actor.expects("SA-3", "market", actor.persona.market, landing.market, "the landing page")
        actor.expects("SA-3", "currency", actor.policy.currency, landing.currency, "the landing page")
        actor.expects("SA-3", "language", _primary(actor.persona.language), _primary(landing.language),
                      "the landing page")
    return check


def prices_formatted_for_its_locale():
    """Every price shown is the amount in the market's currency as CLDR formats it for the
    page's language and the market's country (separators, symbol and its position)."""
    def check(actor: Actor) -> None:
        landing = actor.recall("landing")
        priced = [card for card in landing.products if card.price]
        actor.expects_true("SA-3", bool(priced), "expected prices on the landing page, it shows none",
                           "the landing page shows priced products")
        for card in priced[:3]:
            price = card.price
            expected = money(price.amount, actor.policy.currency, landing.language or actor.persona.language,
                             actor.persona.market)
            actor.expects("SA-3", f"price of {card.sku}", expected, price.text, "the landing page",
                          same=lambda want, shown: comparable(want) == comparable(shown))
    return check


def shows_only_allowed_products():
    """Nothing of a restricted category is on show (SA-1)."""
    def check(actor: Actor) -> None:
        restricted = set(actor.policy.categories.restricted)
        shown = sorted({card.category for card in actor.recall("landing").products} & restricted)
        actor.expects_true("SA-1", not shown,
                           f"expected no {', '.join(sorted(restricted))} on show, the landing page shows {', '.join(shown)}",
                           "no restricted category on show")
    return check


def asks_for_consent_where_required():
    """A consent prompt where the market's law requires one, before any tracking (PD-3)."""
    def check(actor: Actor) -> None:
        shown = actor.recall("landing").consent_prompt
        if actor.policy.consent_required:
            actor.expects_true("PD-3", shown, "expected a consent prompt, the landing page shows none",
                               "a consent prompt is shown")
        else:
            actor.expects_true("PD-3", not shown, "expected no consent prompt, the landing page shows one",
                               "no consent prompt is shown")
    return check
