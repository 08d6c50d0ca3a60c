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
    price: Price


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
    def land(self, page: Page) -> Landing: ...

    def accept_consent(self, page: Page) -> None: ...

    def open_category(self, page: Page, category: str) -> CategoryView: ...

    def open_product(self, page: Page, sku: str) -> ProductView: ...

    def add_to_cart(self, page: Page, sku: str, quantity: int = 1) -> AddedToCart:
        """Opens the product page and adds it to the cart: `added` only once the cart holds it."""
        ...

    def products_in(self, page: Page, category: str) -> list[str]:
        """SKUs the shop carries in a category, wherever it sells them: what a visitor may have a
        link to even where the category is not on show (to ask for a restricted product directly)."""
        ...
