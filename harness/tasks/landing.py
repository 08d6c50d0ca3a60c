"""Arriving at the shop, and what the visitor sees there."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..screenplay import Actor, BrowseTheWeb, Key, UseTheShop, report
from ..shop.capabilities import Capability
from ..shop.catalogue import AddedToCart, CategoryView, Landing, ProductView

LANDING = Key[Landing]("landing", "the landing page")
PRODUCT = Key[ProductView | None]("product", "the product page (None: nothing it may buy is on show)")
ADDED = Key[AddedToCart | None]("added", "the product put in the cart (None: no product to put there)")


@dataclass(frozen=True)
class AskedFor:
    """A restricted category as the persona asked for it: its page, and one of its products
    put in the cart directly (as from a link)."""

    category: str
    view: CategoryView
    sku: str | None  # None: the shop carries nothing of the category anywhere
    added: AddedToCart | None  # None: nothing to add, or the adapter has no cart


RESTRICTED = Key[list[AskedFor]]("restricted", "what the market restricts, asked for directly")


def page_of(actor: Actor):
    return actor.ability(BrowseTheWeb).page


def shop_of(actor: Actor):
    return actor.ability(UseTheShop).shop


@dataclass
class Land:
    """Opens the shop's home page as the persona arrives: from its address, in its language."""

    description: str = "{actor} lands on the shop"
    needs: ClassVar = (Capability.CATALOGUE,)
    notes: ClassVar = (LANDING,)
    precondition: ClassVar = True

    @classmethod
    def on_the_shop(cls) -> "Land":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        actor.remember(LANDING, shop_of(actor).catalogue.land(page_of(actor)))
        report.screenshot(page_of(actor), "landing")


@dataclass
class AcceptConsent:
    """Accepts the consent prompt where the shop shows one."""

    description: str = "{actor} answers the consent prompt"
    needs: ClassVar = (Capability.CONSENT_PROMPT,)
    notes: ClassVar = ()

    @classmethod
    def if_asked(cls) -> "AcceptConsent":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        if actor.recall(LANDING).consent_prompt:
            shop_of(actor).catalogue.accept_consent(page_of(actor))


@dataclass
class OpenProduct:
    """Opens a product page: a given one, or the first on show that the market allows."""

    sku: str | None = None
    description: str = "{actor} opens a product page"
    needs: ClassVar = (Capability.CATALOGUE,)
    notes: ClassVar = (PRODUCT,)

    @classmethod
    def allowed_on_show(cls) -> "OpenProduct":
        return cls(None, "{actor} opens a product on show that its market allows")

    def perform_as(self, actor: Actor) -> None:
        sku = self.sku or _allowed_on_show(actor)
        if sku is None:  # nothing on show it may buy: the expectations say so
            actor.remember(PRODUCT, None)
            return
        actor.remember(PRODUCT, shop_of(actor).catalogue.open_product(page_of(actor), sku))
        report.screenshot(page_of(actor), "product page")


def _allowed_on_show(actor: Actor) -> str | None:
    allowed = set(actor.policy.categories.allowed)
    card = next((c for c in actor.recall(LANDING).products if c.category in allowed), None)
    return card.sku if card else None


@dataclass
class AddToCart:
    """Adds the product the persona has open to the cart."""

    quantity: int = 1
    description: str = "{actor} adds the product to the cart"
    needs: ClassVar = (Capability.CART,)
    notes: ClassVar = (ADDED,)

    @classmethod
    def the_product(cls) -> "AddToCart":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        product = actor.recall(PRODUCT)
        if product is None:
            actor.remember(ADDED, None)
            return
        actor.remember(ADDED, shop_of(actor).catalogue.add_to_cart(page_of(actor), product.sku, self.quantity))


@dataclass
class AskForRestrictedProducts:
    """For each category the market restricts: opens its page, then tries to buy one of its
    products directly, as a visitor with a link from another market would."""

    description: str = "{actor} asks for what its market restricts"
    needs: ClassVar = (Capability.CATALOGUE,)
    notes: ClassVar = (RESTRICTED,)

    @classmethod
    def directly(cls) -> "AskForRestrictedProducts":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        catalogue, page = shop_of(actor).catalogue, page_of(actor)
        has_cart = Capability.CART in actor.offers
        asked = []
        for category in actor.policy.categories.restricted:
            with report.step(f"{actor.name} opens the {category} category and adds one of its products to the cart"):
                view = catalogue.open_category(page, category)
                sku = next(iter(catalogue.products_in(page, category)), None)
                added = catalogue.add_to_cart(page, sku) if sku and has_cart else None
                asked.append(AskedFor(category, view, sku, added))
        actor.remember(RESTRICTED, asked)
        report.screenshot(page, "a restricted product asked for")
