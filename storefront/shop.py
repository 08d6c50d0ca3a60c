"""The loaded shop: validated settings with fault overlays applied, and what derives from them.

Every part of the shop reads it; loading.py builds it at start-up.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .detection import MarketDetector
from .fault_base import FaultProfile
from .geo import GeoIPTable
from .pricing import shelf_price
from .settings import Catalogue, Market, Product, ShopConfig


@dataclass
class Shop:
    config: ShopConfig
    catalogue: Catalogue
    geoip: GeoIPTable
    detector: MarketDetector
    faults: list[FaultProfile]
    products: dict[str, Product] = field(default_factory=dict)
    _prices: dict[tuple[str, str], Decimal] = field(default_factory=dict)

    def price(self, product: Product, market: Market) -> Decimal:
        key = (product.sku, market.country)
        if key not in self._prices:
            self._prices[key] = shelf_price(product, market, self.config.currencies[market.currency])
        return self._prices[key]

    def allowed(self, product: Product, market: Market) -> bool:
        return product.category not in market.restricted_categories

    def payment_methods_at_checkout(self, market: Market) -> list[str]:
        off = set(self.config.gateway.disabled.get(market.country, []))
        return [m for m in market.payment_methods if m not in off]
