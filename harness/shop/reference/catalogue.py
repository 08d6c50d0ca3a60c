"""The reference storefront's landing, catalogue and product pages."""
from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import Page

from ..catalogue import AddedToCart, CategoryView, Landing, ProductView, Promotion
from . import pages


class ReferenceCatalogue:
    def land(self, page: Page) -> Landing:
        response = page.goto("/")
        raw = pages.read(page)
        return Landing(
            market=raw["market"], language=raw["lang"], currency=raw["currency"], consent_prompt=raw["consent"],
            products=pages.cards(raw),
            promotions=[Promotion(Decimal(p["threshold"]), Decimal(p["discount"])) for p in raw["promotions"]],
            payment_badges=raw["badges"], refusal=pages.refusal(raw, response.status if response else 0),
        )

    def accept_consent(self, page: Page) -> None:
        page.get_by_test_id("consent-accept").click()

    def open_category(self, page: Page, category: str) -> CategoryView:
        response = page.goto(f"/c/{category}")
        raw = pages.read(page)
        return CategoryView(pages.cards(raw), pages.refusal(raw, response.status if response else 0))

    def open_product(self, page: Page, sku: str) -> ProductView:
        response = page.goto(f"/p/{sku}")
        raw = pages.read(page)
        product = raw["product"] or {"sku": sku, "category": "", "price": None, "purchasable": False, "delivery": []}
        return ProductView(sku=product["sku"], category=product["category"], price=pages.price(product["price"]),
                           purchasable=product["purchasable"], refusal=pages.refusal(raw, response.status if response else 0),
                           delivery_methods=product["delivery"])

    def add_to_cart(self, page: Page, sku: str, quantity: int = 1) -> AddedToCart:
        view = self.open_product(page, sku)
        if not view.purchasable:
            return AddedToCart(False, view.refusal)
        page.get_by_test_id("quantity").fill(str(quantity))
        with page.expect_navigation():
            page.get_by_test_id("add-to-cart").click()
        raw = pages.read(page)
        refused = pages.refusal(raw)
        return AddedToCart(refused is None, refused)
