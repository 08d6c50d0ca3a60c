"""The loaded shop: validated settings with fault overlays applied, and what derives from them."""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from . import faults as faults_mod
from .detection import MarketDetector
from .geo import GeoIPTable
from .help.knowledge import check_knowledge
from .i18n import available_languages
from .pricing import shelf_price
from .settings import CONFIG_DIR, Catalogue, Market, Product, ShopConfig, load_geoip, load_yaml


@dataclass
class Shop:
    config: ShopConfig
    catalogue: Catalogue
    geoip: GeoIPTable
    detector: MarketDetector
    faults: list[faults_mod.FaultProfile]
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


def load_shop(config_file: Path | None = None, fault_names: list[str] = ()) -> Shop:
    config_file = config_file or CONFIG_DIR / "markets.yaml"
    profiles = faults_mod.resolve(list(fault_names))
    raw = faults_mod.RawSettings(
        markets=copy.deepcopy(load_yaml(config_file)),
        catalogue=load_yaml(CONFIG_DIR / "catalogue.yaml"),
        geoip=load_geoip(CONFIG_DIR / "geoip.csv"),
    )
    for profile in profiles:
        profile.overlay(raw)
    config = ShopConfig.model_validate(raw.markets)
    check_knowledge(config)
    catalogue = Catalogue.model_validate(raw.catalogue)
    geoip = GeoIPTable(raw.geoip)
    shop = Shop(
        config=config,
        catalogue=catalogue,
        geoip=geoip,
        detector=MarketDetector(config, geoip, available_languages()),
        faults=profiles,
        products={p.sku: p for p in catalogue.products},
    )
    return shop
