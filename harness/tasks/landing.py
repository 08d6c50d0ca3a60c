"""Arriving at the shop, and what the visitor sees there."""
from __future__ import annotations

from dataclasses import dataclass

from ..screenplay import Actor, BrowseTheWeb, UseTheShop, report


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
    sku: str
    description: str = "{actor} opens a product page"

    def perform_as(self, actor: Actor) -> None:
        actor.remember(f"product:{self.sku}", shop_of(actor).catalogue.open_product(page_of(actor), self.sku))


@dataclass
class AddToCart:
    sku: str
    quantity: int = 1
    description: str = "{actor} adds a product to the cart"

    def perform_as(self, actor: Actor) -> None:
        actor.remember(f"added:{self.sku}", shop_of(actor).catalogue.add_to_cart(page_of(actor), self.sku, self.quantity))


@dataclass
class OpenCategory:
    category: str
    description: str = "{actor} opens a category"

    def perform_as(self, actor: Actor) -> None:
        actor.remember(f"category:{self.category}", shop_of(actor).catalogue.open_category(page_of(actor), self.category))
