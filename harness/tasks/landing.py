"""Arriving at the shop, and what the visitor sees there."""
from __future__ import annotations

from dataclasses import dataclass

from ..screenplay import Actor, BrowseTheWeb, UseTheShop, report
from ..shop.catalogue import AddedToCart, CategoryView


def page_of(actor: Actor):
    return actor.ability(BrowseTheWeb).page


def shop_of(actor: Actor):
    return actor.ability(UseTheShop).shop


@dataclass
class Land:
    """Opens the shop's home page as the persona arrives: from its address, in its language."""

    description: str = "{actor} lands on the shop"

    @classmethod
    def on_the_shop(cls) -> "Land":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        landing = shop_of(actor).catalogue.land(page_of(actor))
        actor.remember("landing", landing)
        report.screenshot(page_of(actor), "landing")


@dataclass
class AcceptConsent:
    """Accepts the consent prompt where the shop shows one."""

    description: str = "{actor} answers the consent prompt"

    @classmethod
    def if_asked(cls) -> "AcceptConsent":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        if actor.recall("landing").consent_prompt:
            shop_of(actor).catalogue.accept_consent(page_of(actor))


@dataclass
class OpenProduct:
    """Opens a product page: a given one, or the first on show that the market allows."""

    sku: str | None = None
    description: str = "{actor} opens a product page"

    @classmethod
    def allowed_on_show(cls) -> "OpenProduct":
        return cls(None, "{actor} opens a product on show that its market allows")

    def perform_as(self, actor: Actor) -> None:
        sku = self.sku or _allowed_on_show(actor)
        if sku is None:  # nothing on show it may buy: the expectations say so
            actor.remember("product", None)
            return
        view = shop_of(actor).catalogue.open_product(page_of(actor), sku)
        actor.remember(f"product:{sku}", view)
        actor.remember("product", view)
        report.screenshot(page_of(actor), "product page")


def _allowed_on_show(actor: Actor) -> str | None:
    allowed = set(actor.policy.categories.allowed)
    card = next((c for c in actor.recall("landing").products if c.category in allowed), None)
    return card.sku if card else None


@dataclass
class AddToCart:
    """Adds a product to the cart: a given one, or the one the persona has open."""

    sku: str | None = None
    quantity: int = 1
    description: str = "{actor} adds a product to the cart"

    @classmethod
    def the_product(cls) -> "AddToCart":
        return cls(None, 1, "{actor} adds the product to the cart")

    def perform_as(self, actor: Actor) -> None:
        sku = self.sku or (actor.recall("product").sku if actor.recall("product") else None)
        if sku is None:
            actor.remember("added", None)
            return
        added = shop_of(actor).catalogue.add_to_cart(page_of(actor), sku, self.quantity)
        actor.remember(f"added:{sku}", added)
        actor.remember("added", added)


@dataclass
class OpenCategory:
    category: str
    description: str = "{actor} opens a category"

    def perform_as(self, actor: Actor) -> None:
        actor.remember(f"category:{self.category}", shop_of(actor).catalogue.open_category(page_of(actor), self.category))


@dataclass(frozen=True)
class AskedFor:
    """A restricted category as the persona asked for it: its page, and one of its products
    put in the cart directly (as from a link)."""

    category: str
    view: CategoryView
    sku: str | None  # None: the shop carries nothing of the category anywhere
    added: AddedToCart | None


@dataclass
class AskForRestrictedProducts:
    """For each category the market restricts: opens its page, then tries to buy one of its
    products directly, as a visitor with a link from another market would."""

    description: str = "{actor} asks for what its market restricts"

    @classmethod
    def directly(cls) -> "AskForRestrictedProducts":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        catalogue, page = shop_of(actor).catalogue, page_of(actor)
        asked = []
        for category in actor.policy.categories.restricted:
            with report.step(f"{actor.name} opens the {category} category and adds one of its products to the cart"):
                view = catalogue.open_category(page, category)
                sku = next(iter(catalogue.products_in(page, category)), None)
                added = catalogue.add_to_cart(page, sku) if sku else None
                asked.append(AskedFor(category, view, sku, added))
        actor.remember("restricted", asked)
        report.screenshot(page, "a restricted product asked for")
