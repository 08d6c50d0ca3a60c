"""The reference storefront's landing, catalogue and product pages."""
from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import Page

from ..catalogue import AddedToCart, CategoryView, Landing, ProductView, Promotion
from . import pages


HREFLANG = re.compile(r'hreflang="([^"]+)"')


class ReferenceCatalogue:
    def __init__(self):
        self._skus: dict[str, list[str]] = {}  # category -> SKUs (the catalogue does not change during a run)
        self._languages: dict[str, list[str]] = {}  # market -> the languages its switch offers (fixed in a run)

    def land(self, page: Page) -> Landing:
        response = page.goto("/")
        raw = pages.read(page)
        return Landing(
            market=raw["market"], language=raw["lang"], currency=raw["currency"], consent_prompt=raw["consent"],
            products=pages.cards(raw),
            promotions=[Promotion(Decimal(p["threshold"]), Decimal(p["discount"])) for p in raw["promotions"]],
            payment_badges=raw["badges"], refusal=pages.refusal(raw, response.status if response else 0),
            categories=raw["categories"], languages=self._languages_of(page, raw["market"]),
        )

    def _languages_of(self, page: Page, market: str | None) -> list[str] | None:
        """The languages the "change country or language" page offers `market`: its row's
        hreflang links, fetched without rendering (one request per market and run)."""
        if market is None:
            return None
        if market not in self._languages:
            html = page.request.get("/markets").text()
            row = re.search(rf'<li data-market="{re.escape(market)}">(.*?)</li>', html, re.S)
            if row is None:
                return None
            self._languages[market] = HREFLANG.findall(row.group(1))
        return self._languages[market]

    def accept_consent(self, page: Page) -> None:
        pages.submit(page, page.get_by_test_id("consent-accept"))

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
        """From the product page: the one open, else it opens it."""
        if page.url.split("?")[0].endswith(f"/p/{sku}"):
            raw = pages.read(page)
            purchasable, refused = bool(raw["product"] and raw["product"]["purchasable"]), pages.refusal(raw)
        else:
            view = self.open_product(page, sku)
            purchasable, refused = view.purchasable, view.refusal
        if not purchasable:
            return AddedToCart(False, refused)
        page.get_by_test_id("quantity").fill(str(quantity))
        status = pages.submit(page, page.get_by_test_id("add-to-cart"))
        raw = pages.read(page)
        refused = pages.refusal(raw, status)
        return AddedToCart(refused is None and sku in raw["cart"], refused)

    def products_in(self, page: Page, category: str) -> list[str]:
        """From the product API of a market that sells the category (`?market=`)."""
        if category not in self._skus:
            markets = page.request.get("/api/markets").json()
            seller = next((m["country"] for m in markets if category not in m["restricted_categories"]), None)
            found = []
            if seller:
                listed = page.request.get("/api/products", params={"category": category, "market": seller}).json()
                found = [p["sku"] for p in listed["products"] if p["category"] == category]
            self._skus[category] = found
        return self._skus[category]
