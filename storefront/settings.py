"""The storefront's own configuration: markets, catalogue, geo-IP table.

These files are the shop's settings, the thing a fault profile overlays. The harness
never reads them: it states its own expectations in its market policy.
"""
from __future__ import annotations

import csv
import datetime as dt
import ipaddress
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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


class Holidays(Strict):
    """A market's days off besides its weekend: its country's public holidays as the `holidays`
    package (python-holidays) knows them (workdays.py), and what is stated here besides."""

    subdiv: str | None = None  # a region whose holidays count too, as python-holidays names it (GB: ENG)
    categories: list[str] = []  # python-holidays categories that count; empty: public holidays
    closed: list[dt.date] = []  # days off besides them (a company's closing day)
    open: list[dt.date] = []  # days worked although the calendar has them off


class Shipping(Strict):
    covered: list[Area]
    excluded: list[Area] = []
    methods: list[ShippingMethod]
    weekend: list[int] | None = None  # ISO weekday - 1 (0 = Monday); None: the country's (python-holidays)
    holidays: Holidays = Holidays()


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


class Returns(Strict):
    days: int = Field(ge=0, le=365)  # counted from delivery
    reason_required: bool


class Refunds(Strict):
    business_days: tuple[int, int]  # from the return's acceptance to the money back


class Warranty(Strict):
    months: int = Field(ge=0, le=120)  # counted from delivery


class Loyalty(Strict):
    points: bool
    combine_with_coupon: bool


Remedy = Literal["replacement", "refund", "pick_up"]


class Remedies(Strict):
    """What the shop offers for each complaint type."""

    damaged_parcel: Remedy
    wrong_item: Remedy
    missing_parcel: Remedy


class OpeningHours(Strict):
    days: list[int]  # ISO weekday - 1 (0 = Monday)
    open: str  # "HH:MM", the market's time zone
    close: str

    @field_validator("open", "close")
    @classmethod
    def _clock(cls, v: str) -> str:
        hh, _, mm = v.partition(":")
        if not (hh.isdigit() and mm.isdigit() and 0 <= int(hh) <= 24 and 0 <= int(mm) < 60):
            raise ValueError(f"{v!r} is not a time of day HH:MM")
        return v


SupportChannel = Literal["help_centre", "chat", "email", "callback"]


class Support(Strict):
    channels: list[SupportChannel]  # empty: the market has no support at all
    languages: list[str]
    hours: list[OpeningHours]
    holidays: Holidays | None = None  # default: the market's shipping holidays
    first_response_hours: int = Field(ge=1)  # business hours, the promise made on every ticket


class Privacy(Strict):
    masked: list[Literal["phone", "email", "card"]]  # on order, ticket and return pages and e-mails


class Operations(Strict):
    """What the back-office systems apply, where it differs from the policy above (a
    misconfiguration: the returns desk, refund run or warranty service on other numbers).
    Unset, each follows the policy."""

    return_days: int | None = None
    return_reason_required: bool | None = None
    refund_business_days: tuple[int, int] | None = None
    warranty_months: int | None = None
    warranty_fee: Decimal = Decimal(0)


KnowledgeChannel = Literal["page", "chatbot", "email", "api"]


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
    returns: Returns
    refunds: Refunds
    warranty: Warranty
    loyalty: Loyalty
    remedies: Remedies
    support: Support
    privacy: Privacy
    operations: Operations = Operations()
    # Per-channel copies of policy facts that have drifted from the policy (a stale chatbot
    # knowledge base, an e-mail template with last year's numbers): channel -> fact -> value.
    # Empty when every channel reads the policy. See policy.py for the fact names.
    knowledge: dict[KnowledgeChannel, dict[str, Any]] = {}

    @property
    def support_holidays(self) -> Holidays:
        return self.shipping.holidays if self.support.holidays is None else self.support.holidays

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


class DeskCapacity(Strict):
    agents: int = Field(ge=1)
    handle_seconds: float = Field(ge=0)  # agent time to give a ticket its first response


class SupportDesk(Strict):
    """The simulated support team that gives tickets their first response."""

    agents: int = Field(4, ge=1)  # per market
    handle_seconds: float = Field(0.2, ge=0)
    markets: dict[str, DeskCapacity] = {}  # per-market overrides


class SupportOps(Strict):
    """How the support systems are set up across markets."""

    head_office_time_zone: str = "Europe/Berlin"
    show_times_in: Literal["customer", "head_office"] = "customer"
    honour_holidays: bool = True
    chatbot_handoff: bool = True  # "talk to a person" offered in every conversation
    chatbot_answers: dict[str, str] = {}  # intent -> the intent whose answer the bot gives instead
    escalation_carries_conversation: bool = True
    acknowledge_with_reference: bool = True  # ticket acknowledgements name their reference and promise
    help_centre_languages: dict[str, list[str]] = {}  # market -> languages its help content exists in
    desk: SupportDesk = SupportDesk()


class Access(Strict):
    """Path prefixes only the owner (the session or token that created it, or the logged-in
    customer) may open; everything else is public."""

    owner_only: list[str] = ["/orders/", "/tickets/", "/returns/", "/warranty/",
                             "/api/orders/", "/api/tickets/", "/api/returns/", "/api/warranty/"]


class RateLimit(Strict):
    requests_per_second: float = Field(gt=0)
    burst: int = Field(ge=1)


class FrontDoor(Strict):
    """The edge in front of the shop (a CDN or WAF rule set): per-region request budgets, by the
    client address's country. None in the shipped settings; each worker process keeps its own."""

    rate_limits: dict[str, RateLimit] = {}


class ShopConfig(Strict):
    default_market: str
    trusted_proxies: list[str] = ["127.0.0.0/8", "::1/128"]
    currencies: dict[str, Currency]
    storage: Storage = Storage()
    pages: Pages = Pages()
    gateway: Gateway = Gateway()
    support: SupportOps = SupportOps()
    access: Access = Access()
    front_door: FrontDoor = FrontDoor()
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
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


def load_geoip(path: Path) -> list[GeoRange]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh) if r and not r[0].startswith("#")]
    return [GeoRange(network=ipaddress.ip_network(net.strip()), country=cc.strip()) for net, cc in rows]
