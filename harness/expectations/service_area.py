"""Service area: the visitor lands in its market (the one its address belongs to), in its language
and currency, sees what it may buy and is told why it may not buy the rest; a visitor from a
country the shop does not serve is told so kindly (SA-1, SA-3, SA-5, SA-7, PD-3)."""
from __future__ import annotations

from ..screenplay import Actor, report
from .formatting import comparable, money


def _primary(tag: str | None) -> str:
    return (tag or "").split("-")[0].lower()


def lands_in_its_market():
    def check(actor: Actor) -> None:
        landing = actor.recall("landing")
        actor.expects("SA-5", "market", actor.persona.market, landing.market, "the landing page")
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
            _formatted(actor, f"price of {card.sku}", card.price, landing.language, "the landing page")
    return check


def product_price_formatted_for_its_locale():
    """The product page's price, in the market's currency as CLDR formats it (SA-3)."""
    def check(actor: Actor) -> None:
        product = actor.recall("product")
        if product is None:
            return  # nothing it may buy on show: can_buy_what_its_market_allows says so
        actor.expects_true("SA-3", product.price is not None,
                           f"expected a price for {product.sku}, the product page shows none", "the product page shows a price")
        if product.price is not None:
            _formatted(actor, f"price of {product.sku}", product.price, actor.recall("landing").language,
                       "the product page")
    return check


def _formatted(actor: Actor, what: str, price, language: str, where: str) -> None:
    expected = money(price.amount, actor.policy.currency, language or actor.persona.language, actor.persona.market)
    actor.expects("SA-3", what, expected, price.text, where, same=lambda want, shown: comparable(want) == comparable(shown))


def shows_only_allowed_products():
    """Nothing of a restricted category on show or offered in the navigation, and every allowed
    category offered (SA-1)."""
    def check(actor: Actor) -> None:
        landing = actor.recall("landing")
        restricted = set(actor.policy.categories.restricted)
        shown = sorted(({card.category for card in landing.products} | set(landing.categories)) & restricted)
        actor.expects_true("SA-1", not shown,
                           f"expected no {', '.join(sorted(restricted))} on offer, the landing page offers {', '.join(shown)}",
                           "no restricted category on offer")
        missing = [c for c in actor.policy.categories.allowed if c not in landing.categories]
        actor.expects_true("SA-1", not missing,
                           f"expected {', '.join(missing)} on offer, the landing page's navigation lacks "
                           f"{'them' if len(missing) > 1 else 'it'}", "every allowed category on offer")
    return check


def can_buy_what_its_market_allows():
    """A product of an allowed category is on show, can be bought and goes into the cart (SA-1)."""
    def check(actor: Actor) -> None:
        product, added = actor.recall("product"), actor.recall("added")
        allowed = ", ".join(actor.policy.categories.allowed)
        if not actor.expects_true("SA-1", product is not None,
                                  f"expected products of {allowed} on show, the landing page shows none",
                                  "a product the market allows is on show"):
            return
        actor.expects_true("SA-1", product.purchasable and product.refusal is None,
                           f"expected {product.sku} ({product.category}) for sale, the product page refuses it"
                           + (f": {product.refusal.text}" if product.refusal else ""),
                           f"{product.sku} ({product.category}) can be bought")
        actor.expects_true("SA-1", added is not None and added.added,
                           f"expected {product.sku} ({product.category}) in the cart, the cart "
                           + (f"refuses it: {added.refusal.text}" if added and added.refusal else "does not hold it"),
                           f"{product.sku} is in the cart")
    return check


def refuses_restricted_products():
    """Each restricted category: its page lists nothing of it, and a product of it asked for
    directly is refused with an explanation in the visitor's language (SA-1)."""
    def check(actor: Actor) -> None:
        for asked in actor.recall("restricted"):
            category, view = asked.category, asked.view
            listed = [card.sku for card in view.products if card.category == category]
            actor.expects_true("SA-1", not listed,
                               f"expected {category} not on sale, the {category} page lists {', '.join(listed)}",
                               f"the {category} page lists none of it")
            if asked.sku is None:
                report.check(f"the shop carries no {category} anywhere: no product to ask for", True)
                continue
            added = asked.added
            if not actor.expects_true("SA-1", not added.added,
                                      f"expected {category} refused, the cart accepted {asked.sku}",
                                      f"{asked.sku} ({category}) is refused"):
                continue
            explains(actor, "SA-1", added.refusal, f"the product page of {asked.sku}")
    return check


def refuses_unserved_visitor_kindly():
    """A visitor from a country the policy does not list is refused, and told why in its own
    language, with an alternative: another market, or to be told when the shop opens there (SA-7)."""
    def check(actor: Actor) -> None:
        landing, unserved = actor.recall("landing"), actor.recall("unserved")
        where = f"the page for a visitor from {unserved.name}"
        if not actor.expects_true("SA-7", landing.market is None,
                                  f"expected a refusal, {where} shows the {landing.market} shop",
                                  f"a visitor from {unserved.name} is refused"):
            return
        explains(actor, "SA-7", landing.refusal, where)
        alternatives = landing.refusal.alternatives if landing.refusal else 0
        actor.expects_true("SA-7", alternatives > 0,
                           f"expected an alternative (another market or notify-me), {where} offers none",
                           f"{where} offers {alternatives} alternatives")
    return check


def explains(actor: Actor, entry: str, refusal, where: str) -> None:
    """A refusal says why, in the visitor's language (the page's language is the persona's)."""
    if not actor.expects_true(entry, refusal is not None and bool(refusal.text),
                              f"expected an explanation, {where} gives none", f"{where} explains the refusal"):
        return
    actor.expects(entry, "refusal language", _primary(actor.persona.language), _primary(refusal.language), where)


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
