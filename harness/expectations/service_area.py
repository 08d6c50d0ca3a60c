"""Service area: the visitor lands in its market (the one its address belongs to), in its language
and currency, is offered the market's languages and no others, sees what it may buy (and nothing
the policy never decided on) and is told why it may not buy the rest; a visitor from a country the
shop refuses is told so kindly (SA-1, SA-3, SA-5, SA-7, PD-3)."""
from __future__ import annotations

from ..screenplay import Actor, CannotCheck, check
from ..shop.capabilities import Capability
from ..tasks.landing import ADDED, LANDING, PRODUCT, RESTRICTED
from ..tasks.travel import UNSERVED
from .formatting import comparable, money


def _primary(tag: str | None) -> str:
    return (tag or "").split("-")[0].lower()


@check("lands in its market, language and currency", "SA-5", "SA-3")
def lands_in_its_market(actor: Actor) -> None:
    landing = actor.recall(LANDING)
    actor.expects("SA-5", "market", actor.persona.market, landing.market, "the landing page")
    actor.expects("SA-3", "currency", actor.policy.currency, landing.currency, "the landing page")
    actor.expects("SA-3", "language", _primary(actor.persona.language), _primary(landing.language), "the landing page")


# Findings filed one by one for the first few prices formatted otherwise; the rest are counted
# in one (a wrong currency makes every price wrong, and one finding per product says nothing more).
PRICES_NAMED = 3


@check("the market's languages offered, and no others", "SA-3")
def offers_the_markets_languages(actor: Actor) -> None:
    """The shop's language switch offers the visitor's market every language of its policy, and no
    other: a language the business does not serve the market in (no support, no translated terms)
    is as wrong as one it lost (SA-3)."""
    offered = actor.recall(LANDING).languages
    if offered is None:
        raise CannotCheck("the adapter does not read the languages the shop offers")
    policy = actor.policy.languages
    said = ", ".join(offered) or "none"
    for tag in policy:
        actor.expects_true("SA-3", _same_tag(tag, offered),
                           f"expected {tag} among the languages offered, the language switch offers {said}",
                           f"{tag} offered")
    beyond = [tag for tag in offered if not _same_tag(tag, policy)]
    actor.expects_true("SA-3", not beyond,
                       f"expected only the policy's languages {', '.join(policy)}, the language switch also offers "
                       f"{', '.join(beyond)}", f"no language offered beyond the policy's ({said})")


def _same_tag(tag: str, tags) -> bool:
    return tag.casefold() in {t.casefold() for t in tags}


@check("prices formatted for its locale", "SA-3")
def prices_formatted_for_its_locale(actor: Actor) -> None:
    """Every price shown is the amount in the market's currency as CLDR formats it for the
    page's language and the market's country (separators, symbol and its position), and every
    product on show has one."""
    landing = actor.recall(LANDING)
    priced = [card for card in landing.products if card.price]
    actor.expects_true("SA-3", bool(priced), "expected prices on the landing page, it shows none",
                       "the landing page shows priced products")
    # a string comparison each: every price, not a sample
    wrong = [card for card in priced if comparable(_cldr(actor, card.price, landing.language)) != comparable(card.price.text)]
    for card in wrong[:PRICES_NAMED]:
        _formatted(actor, f"price of {card.sku}", card.price, landing.language, "the landing page")
    if len(wrong) > PRICES_NAMED:
        actor.expects_true("SA-3", False, f"expected every price formatted for the locale, the landing page shows "
                                          f"{len(wrong) - PRICES_NAMED} more otherwise: "
                                          f"{', '.join(card.sku for card in wrong[PRICES_NAMED:])}")
    if priced and not wrong:
        actor.saw(f"all {len(priced)} prices on the landing page formatted for the locale "
                  f"(e.g. {priced[0].price.text})")
    unpriced = [card.sku for card in landing.products if not card.price]
    if priced:
        actor.expects_true("SA-3", not unpriced, f"expected a price for every product on show, the landing page "
                                                 f"shows {', '.join(unpriced)} without one",
                           "every product on show has a price")


@check("product price formatted for its locale", "SA-3")
def product_price_formatted_for_its_locale(actor: Actor) -> None:
    """The product page's price, in the market's currency as CLDR formats it (SA-3)."""
    product = actor.recall(PRODUCT)
    if product is None:
        raise CannotCheck("no product it may buy is on show (the check of what it may buy says so)")
    actor.expects_true("SA-3", product.price is not None,
                       f"expected a price for {product.sku}, the product page shows none", "the product page shows a price")
    if product.price is not None:
        _formatted(actor, f"price of {product.sku}", product.price, actor.recall(LANDING).language, "the product page")


def _formatted(actor: Actor, what: str, price, language: str, where: str) -> None:
    actor.expects("SA-3", what, _cldr(actor, price, language), price.text, where,
                  same=lambda want, shown: comparable(want) == comparable(shown))


def _cldr(actor: Actor, price, language: str | None) -> str:
    """The price as CLDR writes the amount in the market's currency for the page's language."""
    return money(price.amount, actor.policy.currency, language or actor.persona.language, actor.persona.market)


@check("only allowed products on offer", "SA-1")
def shows_only_allowed_products(actor: Actor) -> None:
    """Nothing of a restricted category on show or offered in the navigation, nothing of a
    category the policy neither allows nor restricts (one the business never decided on for the
    market), and every allowed category offered (SA-1)."""
    landing = actor.recall(LANDING)
    allowed, restricted = set(actor.policy.categories.allowed), set(actor.policy.categories.restricted)
    offered = ({card.category for card in landing.products} | set(landing.categories)) - {""}
    shown = sorted(offered & restricted)
    actor.expects_true("SA-1", not shown,
                       f"expected no {', '.join(sorted(restricted))} on offer, the landing page offers {', '.join(shown)}",
                       "no restricted category on offer")
    unknown = sorted(offered - allowed - restricted)
    actor.expects_true("SA-1", not unknown,
                       f"expected only the categories the policy allows on offer, the landing page offers "
                       f"{', '.join(unknown)}, which the policy neither allows nor restricts",
                       "no category on offer that the policy neither allows nor restricts")
    missing = [c for c in actor.policy.categories.allowed if c not in landing.categories]
    actor.expects_true("SA-1", not missing,
                       f"expected {', '.join(missing)} on offer, the landing page's navigation lacks "
                       f"{'them' if len(missing) > 1 else 'it'}", "every allowed category on offer")


@check("can buy what its market allows", "SA-1")
def can_buy_what_its_market_allows(actor: Actor) -> None:
    """A product of an allowed category is on show, can be bought and goes into the cart (SA-1)."""
    product = actor.recall(PRODUCT)
    allowed = ", ".join(actor.policy.categories.allowed)
    if not actor.expects_true("SA-1", product is not None,
                              f"expected products of {allowed} on show, the landing page shows none",
                              "a product the market allows is on show"):
        return
    actor.expects_true("SA-1", product.purchasable and product.refusal is None,
                       f"expected {product.sku} ({product.category}) for sale, the product page refuses it"
                       + (f": {product.refusal.text}" if product.refusal else ""),
                       f"{product.sku} ({product.category}) can be bought")
    if Capability.CART not in actor.offers:
        actor.gap(f"{product.sku} put in the cart", Capability.CART.lacking)
        return
    added = actor.recall(ADDED)
    actor.expects_true("SA-1", added is not None and added.added,
                       f"expected {product.sku} ({product.category}) in the cart, the cart "
                       + (f"refuses it: {added.refusal.text}" if added and added.refusal else "does not hold it"),
                       f"{product.sku} is in the cart")


def _restricts(actor: Actor) -> str | None:
    return None if actor.policy.categories.restricted else f"{actor.policy.name} restricts no category"


@check("restricted products refused", "SA-1", promised=_restricts)
def refuses_restricted_products(actor: Actor) -> None:
    """Each restricted category: its page lists nothing of it, and a product of it asked for
    directly is refused with an explanation in the visitor's language (SA-1)."""
    for asked in actor.recall(RESTRICTED):
        category, view = asked.category, asked.view
        listed = [card.sku for card in view.products if card.category == category]
        actor.expects_true("SA-1", not listed,
                           f"expected {category} not on sale, the {category} page lists {', '.join(listed)}",
                           f"the {category} page lists none of it")
        if asked.sku is None:
            actor.saw(f"the shop carries no {category} anywhere: no product to ask for")
            continue
        added = asked.added
        if added is None:
            actor.gap(f"{asked.sku} ({category}) put in the cart directly", Capability.CART.lacking)
            continue
        if not actor.expects_true("SA-1", not added.added, f"expected {category} refused, the cart accepted {asked.sku}",
                                  f"{asked.sku} ({category}) is refused"):
            continue
        explains(actor, "SA-1", added.refusal, f"the product page of {asked.sku}")


def _refuses_someone(actor: Actor) -> str | None:
    return None if actor.policy.service_area.refused else "the policy refuses no country's visitors"


@check("refused visitor told why, kindly", "SA-7", promised=_refuses_someone)
def refuses_unserved_visitor_kindly(actor: Actor) -> None:
    """A visitor from a country the policy refuses is refused and, as the policy says, told why
    in its own language and offered an alternative: another market, or to be told when the shop
    opens there (SA-7)."""
    landing, unserved = actor.recall(LANDING), actor.recall(UNSERVED)
    visitor = actor.policy.service_area.refused_visitor
    where = f"the page for a visitor from {unserved.name}"
    if not actor.expects_true("SA-7", landing.market is None, f"expected a refusal, {where} shows the {landing.market} shop",
                              f"a visitor from {unserved.name} is refused"):
        return
    if visitor.explanation:
        explains(actor, "SA-7", landing.refusal, where)
    if visitor.alternatives:
        alternatives = landing.refusal.alternatives if landing.refusal else 0
        actor.expects_true("SA-7", alternatives > 0,
                           f"expected an alternative (another market or notify-me), {where} offers none",
                           f"{where} offers {alternatives} alternatives")


def explains(actor: Actor, entry: str, refusal, where: str) -> None:
    """A refusal says why, in the visitor's language (the page's language is the persona's)."""
    if not actor.expects_true(entry, refusal is not None and bool(refusal.text),
                              f"expected an explanation, {where} gives none", f"{where} explains the refusal"):
        return
    actor.expects(entry, "refusal language", _primary(actor.persona.language), _primary(refusal.language), where)


def _consent_rule(actor: Actor) -> str | None:
    return None if actor.policy.consent_required is not None else "the policy states no consent rule"


@check("consent prompt where required", "PD-3", needs=(Capability.CONSENT_PROMPT,), promised=_consent_rule)
def asks_for_consent_where_required(actor: Actor) -> None:
    """A consent prompt where the market's law requires one, before any tracking (PD-3)."""
    shown = actor.recall(LANDING).consent_prompt
    if actor.policy.consent_required:
        actor.expects_true("PD-3", shown, "expected a consent prompt, the landing page shows none",
                           "a consent prompt is shown")
    else:
        actor.expects_true("PD-3", not shown, "expected no consent prompt, the landing page shows one",
                           "no consent prompt is shown")
