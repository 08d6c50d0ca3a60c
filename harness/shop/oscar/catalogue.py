"""An Oscar shop's landing, catalogue and product pages, and adding to its basket.

Oscar's listings do not show a product's UPC (the harness's SKU): the catalogue is read once per
shop, product page by product page over `page.request` (no page rendered), into an index of
UPC -> the product's page and category, which the run keeps (a catalogue does not change in a run).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Page

from ..capabilities import Capability, NotOffered
from ..catalogue import AddedToCart, CategoryView, Landing, ProductCard, ProductView
from . import pages
from .ids import CATEGORIES

UPC = re.compile(r"<th>\s*UPC\s*</th>\s*<td>\s*([^<]+?)\s*</td>")
CATEGORY_LINK = re.compile(r'class="breadcrumb-item"><a href="([^"]*/catalogue/category/[^"]+)"')


@dataclass(frozen=True)
class Indexed:
    sku: str
    path: str  # without the language prefix: catalogue/the-pragmatic-gardener_1/
    category: str  # policy id


class OscarCatalogue:
    def __init__(self):
        self._products: dict[str, Indexed] = {}  # UPC -> where
        self._by_path: dict[str, Indexed] = {}
        self._categories: dict[str, str] = {}  # policy id -> path without the language prefix
        self._read = False  # the catalogue indexed (a shop listing no product is not read again)

    # --- the part's methods
    def land(self, page: Page) -> Landing:
        response = page.goto("/")
        raw = pages.read(page)
        self._learn_categories(raw)
        refused = pages.refusal(raw, response.status if response else 0)
        return Landing(market=None if refused else raw["country"], language=raw["lang"],
                       currency=None if refused else raw["currency"], consent_prompt=False,
                       products=self._cards(page, raw), refusal=refused,
                       categories=[CATEGORIES.to_policy(pages.slug_of(h)) for h in raw["categories"]])

    def accept_consent(self, page: Page) -> None:
        raise NotOffered(Capability.CONSENT_PROMPT)  # Oscar asks for no consent

    def open_category(self, page: Page, category: str) -> CategoryView:
        if category not in self._categories:
            self.land(page)
        path = self._categories.get(category)
        if path is None:  # the shop's navigation offers no such category
            response = page.goto(f"/{pages.language_prefix(page) or 'en'}/catalogue/category/{CATEGORIES.to_shop(category)}/")
        else:
            response = page.goto(f"/{pages.language_prefix(page)}/{path}")
        raw = pages.read(page)
        return CategoryView(self._cards(page, raw), pages.refusal(raw, response.status if response else 0))

    def open_product(self, page: Page, sku: str) -> ProductView:
        found = self.index(page).get(sku)
        if found is None:
            response = page.goto(f"/{pages.language_prefix(page) or 'en'}/search/?q={sku}")
            raw = pages.read(page)
            refused = pages.refusal(raw, response.status if response else 0)
            return ProductView(sku=sku, category="", price=None, purchasable=False, refusal=refused)
        response = page.goto(f"/{pages.language_prefix(page) or 'en'}/{found.path}")
        raw = pages.read(page)
        return self._product_view(raw, found, response.status if response else 0)

    def add_to_cart(self, page: Page, sku: str, quantity: int = 1) -> AddedToCart:
        found = self.index(page).get(sku)
        if found is None or not page.url.split("?")[0].endswith(found.path):
            view = self.open_product(page, sku)
        else:
            view = self._product_view(pages.read(page), found)
        if not view.purchasable:
            return AddedToCart(False, view.refusal)
        page.evaluate("q => { document.querySelector('#add_to_basket_form [name=quantity]').value = q }", str(quantity))
        status = pages.submit(page, page.locator("#add_to_basket_form button[type=submit]"))
        raw = pages.read(page)
        refused = pages.refusal(raw, status)
        return AddedToCart(refused is None and sku in self.basket_skus(page), refused)

    def products_in(self, page: Page, category: str) -> list[str]:
        return [p.sku for p in self.index(page).values() if p.category == category]

    # --- what the checkout part shares
    def index(self, page: Page) -> dict[str, Indexed]:
        """UPC -> the product's page and category, read once from the catalogue listing and each
        product page (over HTTP, as the persona)."""
        if not self._read:
            self._read = True
            language = pages.language_prefix(page) or "en"
            listing = page.request.get(f"/{language}/catalogue/")
            hrefs = dict.fromkeys(re.findall(r'<h3[^>]*>\s*<a href="([^"]+_\d+/)"', listing.text()))
            for href in hrefs:
                body = page.request.get(href).text()
                upc, crumb = UPC.search(body), CATEGORY_LINK.search(body)
                if upc:
                    found = Indexed(upc.group(1), pages.without_prefix(href),
                                    CATEGORIES.to_policy(pages.slug_of(crumb.group(1))) if crumb else "")
                    self._products[found.sku] = found
                    self._by_path[found.path] = found
        return self._products

    def sku_of(self, page: Page, href: str) -> str:
        found = self._indexed(page, href)
        return found.sku if found else ""

    def basket_skus(self, page: Page) -> list[str]:
        text = page.request.get(f"/{pages.language_prefix(page) or 'en'}/basket/").text()
        return [self.sku_of(page, h) for h in re.findall(r'<h3><a href="([^"]+)"', text)]

    # --- reading
    def _learn_categories(self, raw: dict) -> None:
        for href in raw["categories"]:
            self._categories.setdefault(CATEGORIES.to_policy(pages.slug_of(href)), pages.without_prefix(href))

    def _cards(self, page: Page, raw: dict) -> list[ProductCard]:
        cards = []
        for pod in raw["pods"]:
            found = self._indexed(page, pod["href"])
            if found is not None:  # a product on show without a price is shown so: price None
                cards.append(ProductCard(found.sku, pod["name"], found.category, pages.money(pod["price"], raw["lang"])))
        return cards

    def _indexed(self, page: Page, href: str) -> Indexed | None:
        """The product at `href` (any language), the catalogue read first where it is not yet."""
        self.index(page)
        return self._by_path.get(pages.without_prefix(href))

    def _product_view(self, raw: dict, found: Indexed, status: int = 0) -> ProductView:
        product = raw["product"]
        refused = pages.refusal(raw, status)
        if product is None:
            return ProductView(sku=found.sku, category=found.category, price=None, purchasable=False, refusal=refused)
        return ProductView(sku=found.sku, category=found.category, price=pages.money(product["price"], raw["lang"]),
                           purchasable=product["addable"], refusal=refused)
