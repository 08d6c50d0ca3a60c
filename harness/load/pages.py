"""Load over an adapter without a traffic part: the landing, category and product pages its
catalogue reaches in a browser (`harness.adapter.pages`), requested as each market's visitors."""
from __future__ import annotations

from ..shop.traffic import Http, Visit

LABELS = {"landing": "{landing}", "categories": "{category page}", "products": "{product page}"}


class PageTraffic:
    """`pages`: market -> {"landing": path, "categories": [...], "products": [...], "cookies": {...}}.
    A market whose landing showed no category or product (refused, say) gets its landing instead."""

    # The same whatever was found, so that a worker knows its users' tasks before the master
    # sends it the pages.
    actions = frozenset({"browse", "category", "product"})

    def __init__(self, pages: dict[str, dict]):
        self.pages = pages

    def browse(self, http: Http, visit: Visit) -> None:
        http.get(self._of(visit).get("landing") or "/", LABELS["landing"])

    def category(self, http: Http, visit: Visit) -> None:
        self._one_of(http, visit, "categories")

    def product(self, http: Http, visit: Visit) -> None:
        self._one_of(http, visit, "products")

    def _one_of(self, http: Http, visit: Visit, kind: str) -> None:
        found = self._of(visit).get(kind)
        if found:
            http.get(visit.rng.choice(found), LABELS[kind])
        else:
            self.browse(http, visit)

    def _of(self, visit: Visit) -> dict:
        return self.pages.get(visit.market) or {}
