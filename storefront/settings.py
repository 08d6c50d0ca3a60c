"""The storefront's own configuration: markets, catalogue, geo-IP table.

These files are the shop's settings, the thing a fault profile overlays. The harness
never reads them: it states its own expectations in its market policy.
"""
from __future__ import annotations

import csv
import ipaddress
from decimal import Decimal
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

CONFIG_DIR = Path(__file__).parent / "config"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class TaxRule(Strict):
    """vat_included: shown prices contain VAT at `rate` percent.
    sales_tax: shown prices are net; tax at `regions[code]` (or `rate`) is added at checkout.
    none: no tax."""

    kind: Literal["vat_included", "sales_tax", "none"]
    rate: Decimal = Decimal(0)
    regions: dict[str, Decimal] = {}


class PostcodeRule(Strict):
    pattern: str  # full-match regex on the postcode as typed (after trimming)
    example: str


class AddressForm(Strict):
    # Field order as the country's address form shows it.
    fields: list[Literal["name", "company", "street", "street2", "postcode", "city", "region", "vat_id"]]
    postcode: PostcodeRule | None = None  # None: the country has no postcodes
    region_label: str | None = None
    regions: dict[str, str] = {}  # code -> name, when `region` is a field


class Area(Strict):
    """A set of addresses: postcode prefixes or ranges ("01000..19999", "*"), and/or region codes."""

    name: str = ""
    postcodes: list[str] = []
    regions: list[str] = []


class ShippingMethod(Strict):
    id: str
    price: Decimal
    days: tuple[int, int]  # business days, min and max


class Shipping(Strict):
    covered: list[Area]
    excluded: list[Area] = []
    methods: list[ShippingMethod]
    weekend: list[int] = [5, 6]  # ISO weekday - 1 (0 = Monday)
    holidays: list[str] = []  # ISO dates


class PromotionTerms(Strict):
    threshold: Decimal  # spend at least this (market currency, after tax as shown)
    discount: Decimal  # save this much


class Promotion(Strict):
    id: str
    advertised: PromotionTerms  # what banners and the API show
    rule: PromotionTerms | None = None  # what checkout applies; defaults to the advertised terms

    @model_validator(mode="after")
    def _rule_defaults_to_advertised(self) -> "Promotion":
        if self.rule is None:
            self.rule = self.advertised.model_copy()
        return self


class Market(Strict):
    country: str  # ISO 3166-1 alpha-2
    name: str  # English name
    continent: Literal["Africa", "Asia", "Europe", "North America", "South America", "Oceania"]
    languages: list[str]  # BCP 47 tags, default first
    currency: str  # ISO 4217
    time_zone: str
    tax: TaxRule
    consent_required: bool
    restricted_categories: list[str] = []
    address: AddressForm
    shipping: Shipping
    payment_methods: list[str]
    promotions: list[Promotion] = []
    # Issue 3 adds returns, refunds, warranty, support here.
    model_config = ConfigDict(extra="allow")

    @field_validator("languages")
    @classmethod
    def _languages_present(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("a market needs at least one language")
        return v


class Currency(Strict):
    rate: Decimal  # units of this currency per 1 EUR
    round_to: Decimal = Decimal("0.01")  # shown prices are rounded to a multiple of this


class Storage(Strict):
    """How customer data is stored. A real database column's limits and encoding."""

    phone_max_length: int = 16
    text_encoding: str = "utf-8"


class Pages(Strict):
    unserved_template: str = "unserved.html"


class Gateway(Strict):
    """Payment service provider account: methods switched off per market."""

    disabled: dict[str, list[str]] = {}


class ShopConfig(Strict):
    default_market: str
    trusted_proxies: list[str] = ["127.0.0.0/8", "::1/128"]
    currencies: dict[str, Currency]
    storage: Storage = Storage()
    pages: Pages = Pages()
    gateway: Gateway = Gateway()
    markets: dict[str, Market]

    @model_validator(mode="after")
    def _consistent(self) -> "ShopConfig":
        for code, m in self.markets.items():
            if code != m.country:
                raise ValueError(f"markets.{code}: key differs from country {m.country}")
            if m.currency not in self.currencies:
                raise ValueError(f"markets.{code}.currency: {m.currency} has no entry in currencies")
        if self.default_market not in self.markets:
            raise ValueError(f"default_market: {self.default_market} is not a market")
        return self


class Product(Strict):
    sku: str
    category: str
    price_eur: Decimal  # net, before tax
    names: dict[str, str]  # language -> name; "en" required
    descriptions: dict[str, str] = {}

    @field_validator("names")
    @classmethod
    def _english_name(cls, v: dict[str, str]) -> dict[str, str]:
        if "en" not in v:
            raise ValueError("names.en is required")
        return v


class Catalogue(Strict):
    categories: dict[str, dict[str, str]]  # id -> language -> label
    products: list[Product]


class GeoRange(BaseModel):
    network: ipaddress.IPv4Network | ipaddress.IPv6Network
    country: str


def load_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def load_geoip(path: Path) -> list[GeoRange]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh) if r and not r[0].startswith("#")]
    return [GeoRange(network=ipaddress.ip_network(net.strip()), country=cc.strip()) for net, cc in rows]
