"""The shop as a visitor first meets it: landing, catalogue, product pages, adding to the cart."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from playwright.sync_api import Page


@dataclass(frozen=True)
class Price:
    amount: Decimal
    currency: str
    text: str  # as the page shows it


@dataclass(frozen=True)
class Refusal:
    """A page saying no: to an unserved country, a restricted product, an address outside coverage."""

    text: str
    language: str  # the page's language (<html lang>)
    alternatives: int = 0  # other markets, partners or a notify-me offered
    status: int = 0  # HTTP status where known


@dataclass(frozen=True)
class ProductCard:
    sku: str
    name: str
    category: str
    price: Price | None  # None: the card shows no price


@dataclass(frozen=True)
class Promotion:
    threshold: Decimal
    discount: Decimal


@dataclass(frozen=True)
class Landing:
    """The home page as the visitor lands on it."""

    market: str | None  # the market the shop took the visitor for; None when refused
    language: str  # <html lang>
    currency: str | None
    consent_prompt: bool
    products: list[ProductCard] = field(default_factory=list)
    promotions: list[Promotion] = field(default_factory=list)
    payment_badges: list[str] = field(default_factory=list)  # payment methods the page advertises
    refusal: Refusal | None = None  # the visitor's country is not served
    categories: list[str] = field(default_factory=list)  # the categories the navigation offers (policy ids)
    # the languages the shop offers the visitor's market (its language switch, BCP 47); None: not read
    languages: list[str] | None = None


@dataclass(frozen=True)
class ProductView:
    sku: str
    category: str
    price: Price | None
    purchasable: bool
    refusal: Refusal | None  # why it cannot be bought here
    delivery_methods: list[str] = field(default_factory=list)  # methods the page advertises


@dataclass(frozen=True)
class CategoryView:
    products: list[ProductCard]
    refusal: Refusal | None


@dataclass(frozen=True)
class AddedToCart:
    added: bool
    refusal: Refusal | None = None


class Catalogue(Protocol):
    def land(self, page: Page) -> Landing:
        """Opens the shop's home page as the visitor arrives and reads it.

        Returns the `Landing`: the market the shop took the visitor for, `<html lang>`, the
        currency, whether a consent prompt is shown, the products on show, the promotions, the
        payment methods advertised, the categories the navigation offers (policy ids) and the
        languages the shop offers the market (its language switch; None where the adapter does
        not read them: that check is then not made). Where
        the shop does not serve the visitor's country, `market` is None and `refusal` is the
        page's `Refusal` (its text, language and the alternatives it offers): an answer, never
        raised. Raise `NotOffered(Capability.CATALOGUE)` where the adapter cannot read the shop's
        landing page.
        """
        ...

    def accept_consent(self, page: Page) -> None:
        """Accepts the consent prompt the page shows; returns None once it is answered.

        Called only where `Landing.consent_prompt` is true. Raise
        `NotOffered(Capability.CONSENT_PROMPT)` where the adapter cannot see or answer the
        shop's consent prompt.
        """
        ...

    def open_category(self, page: Page, category: str) -> CategoryView:
        """Opens the page of `category` (a policy id: map it to the shop's own, `IdMap`).

        Returns the `CategoryView`: the products it lists, and the page's `Refusal` where the
        shop refuses the category in this market (a restricted category, a 404), an answer,
        never raised. Raise `NotOffered(Capability.CATALOGUE)` where the adapter cannot open
        the shop's categories.
        """
        ...

    def open_product(self, page: Page, sku: str) -> ProductView:
        """Opens the product page of `sku`.

        Returns the `ProductView`: its category (policy id), the price as shown (None where the
        page shows none), whether it can be bought here, the delivery methods it advertises, and
        the page's `Refusal` where it cannot be bought in this market (restricted, not found),
        an answer, never raised. Raise `NotOffered(Capability.CATALOGUE)` where the adapter
        cannot open the shop's product pages.
        """
        ...

    def add_to_cart(self, page: Page, sku: str, quantity: int = 1) -> AddedToCart:
        """Adds `quantity` of `sku` to the cart from its product page (opened unless it is open).

        Returns `AddedToCart`: `added` only once the cart holds it; otherwise `added` False
        with the shop's `Refusal` (a restricted product, out of stock), never raised. Raise
        `NotOffered(Capability.CART)` where the adapter has no cart to put it in.
        """
        ...

    def products_in(self, page: Page, category: str) -> list[str]:
        """The SKUs the shop carries in `category` (a policy id), wherever it sells them.

        What a visitor may have a link to even where the category is not on show, to ask for a
        restricted product directly (a product API of another market, a sitemap); an empty list
        where the shop carries none. Raise `NotOffered(Capability.CATALOGUE)` where the adapter
        cannot list them.
        """
        ...
