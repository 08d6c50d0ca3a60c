"""The market policy: what customers of one market must get, as the business states it.

QA owns these files (personas/policy/<CC>.yaml). They are written independently of any shop's
configuration: the harness checks the shop against them, never the other way round. A file
states only what the business promises: a promise left out (None, or an empty list) is not made,
and its checks are reported *not promised*, not failed.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pycountry
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from .workdays import Workdays, check as check_calendar

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
REMEDIES = ("replacement", "refund", "pick_up")
_CLOCK = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def _id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError("not an id (a lower-case letter or digit, then up to 39 of a-z 0-9 _ -, e.g. bank_transfer)")
    return value


def _country(value: str) -> str:
    if not (len(value) == 2 and value.isupper() and pycountry.countries.get(alpha_2=value)):
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return value


def _once(values: list) -> list:
    seen = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{value!r} is listed twice")
        seen.add(value)
    return values


# The business's own names for its payment methods and product categories (a shop adapter maps
# them to the shop's): open, but shaped like ids.
Id = Annotated[str, AfterValidator(_id)]
Country = Annotated[str, AfterValidator(_country)]  # ISO 3166-1 alpha-2


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Rate = Annotated[Decimal, Field(ge=0, le=50)]  # percent


class Tax(Strict):
    """How prices are taxed in the market.

    - `kind`: vat_included (shelf prices contain VAT at `rate` percent), sales_tax (net shelf
      prices, tax added at checkout) or none.
    - `rate`: the percentage; for sales_tax, the rate wherever `regions` states none (0 there
      states no rate at all: the amount is not checked).
    - `regions`: sales_tax only; the rate of each region that sets its own, keyed by ISO 3166-2
      (`US-CA: 7.25`, `CA-QC: 14.975`): the rate due on a delivery there, state or province
      rates combined with the national one where both apply. A region's 0 states that no tax is
      due there (US-OR).
    """

    kind: Literal["vat_included", "sales_tax", "none"]
    rate: Rate = Decimal(0)
    regions: dict[str, Rate] = {}

    @model_validator(mode="after")
    def _regions(self) -> "Tax":
        if self.regions and self.kind != "sales_tax":
            raise ValueError(f"regions: rates by region are for sales_tax, not {self.kind}")
        for code in self.regions:
            if not pycountry.subdivisions.get(code=code):
                raise ValueError(f"regions: {code!r} is not an ISO 3166-2 code (e.g. US-CA, CA-QC)")
        return self

    def rate_in(self, region: str | None) -> Decimal | None:
        """The percentage due on a delivery to `region` (ISO 3166-2); None where the policy states
        none (sales tax with no rate for the region and no general one)."""
        if self.kind == "none":
            return Decimal(0)
        if self.kind == "sales_tax":
            if region in self.regions:
                return self.regions[region]
            return self.rate or None
        return self.rate


class Place(Strict):
    """An example address: a real place, with the postcode as people write it."""

    city: str = Field(min_length=1)
    postcode: str | None = None
    region: str | None = None  # ISO 3166-2, e.g. JP-13
    area: str | None = None  # the named area it lies in (an island, a territory)


class Delivery(Strict):
    inside: list[Place] = Field(min_length=1)  # the shop must deliver here (given delivery, one at least)
    outside: list[Place] = []  # ... and clearly refuse these, before payment


class ShippingMethod(Strict):
    id: str
    days: tuple[int, int] | None = None  # business days, fastest and slowest; None: no estimate promised

    @model_validator(mode="after")
    def _ordered(self) -> "ShippingMethod":
        if self.days is not None and not 0 <= self.days[0] <= self.days[1] <= 60:
            raise ValueError(f"days must be 0 <= fastest <= slowest <= 60, not {list(self.days)}")
        return self


class Calendar(Strict):
    """The market's business days, where the business counts them otherwise than its country
    does. Business days (delivery, refunds) and the support desk's open days follow the
    country's weekend and public holidays as the `holidays` package (python-holidays) knows them
    (harness/policy/workdays.py); a policy states only what the business does besides.

    - `subdiv`: a region whose own holidays count as well (the warehouse's), as python-holidays
      names it: GB `ENG`, CA `ON`, AU `NSW`.
    - `categories`: the python-holidays categories that count, where more than the public
      holidays do: `[public, de_facto]` (Sweden's Christmas Eve).
    - `closed`: days off besides them (a company closing day).
    - `open`: days worked although the calendar has them off.
    """

    subdiv: str | None = None
    categories: Annotated[list[str], AfterValidator(_once)] = []
    closed: list[dt.date] = []
    open: list[dt.date] = []

    def workdays(self, market: str) -> Workdays:
        return Workdays(market, self.subdiv, tuple(self.categories), frozenset(self.closed), frozenset(self.open))


class Categories(Strict):
    allowed: Annotated[list[Id], AfterValidator(_once)] = Field(min_length=1)
    restricted: Annotated[list[Id], AfterValidator(_once)] = []

    @model_validator(mode="after")
    def _disjoint(self) -> "Categories":
        both = sorted(set(self.allowed) & set(self.restricted))
        if both:
            raise ValueError(f"{both[0]!r} is both allowed and restricted")
        return self


class Returns(Strict):
    days: int = Field(ge=0, le=365)  # from delivery
    reason_required: bool


class Refunds(Strict):
    business_days: tuple[int, int]

    @field_validator("business_days")
    @classmethod
    def _range(cls, v: tuple[int, int]) -> tuple[int, int]:
        if not 0 <= v[0] <= v[1] <= 90:
            raise ValueError(f"must be 0 <= fastest <= slowest <= 90, not {list(v)}")
        return v


class Warranty(Strict):
    months: int = Field(ge=0, le=120)


class Hours(Strict):
    days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(min_length=1)
    open: str
    close: str

    @model_validator(mode="after")
    def _clock(self) -> "Hours":
        for value in (self.open, self.close):
            if not _CLOCK.match(value):
                raise ValueError(f"{value!r} is not a time of day HH:MM")
        if self.open >= self.close:
            raise ValueError(f"opens at {self.open} but closes at {self.close}")
        return self


class Support(Strict):
    channels: list[Literal["help_centre", "chat", "email", "callback"]] = Field(min_length=1)
    languages: list[str] = Field(min_length=1)
    hours: list[Hours] = []  # empty: no opening hours promised
    first_response_hours: int | None = Field(None, ge=1, le=720)  # business hours; None: no target promised


class Remedies(Strict):
    damaged_parcel: Literal["replacement", "refund", "pick_up"]
    wrong_item: Literal["replacement", "refund", "pick_up"]
    missing_parcel: Literal["replacement", "refund", "pick_up"]


class Loyalty(Strict):
    points: bool
    coupon_with_points: bool | None = None  # None: the policy says nothing about combining them


class Privacy(Strict):
    masked: list[Literal["phone", "email", "card"]] = []


class Promotion(Strict):
    id: str
    threshold: Decimal = Field(gt=0)  # spend at least this, in the market's currency
    discount: Decimal = Field(gt=0)

    @model_validator(mode="after")
    def _less(self) -> "Promotion":
        if self.discount >= self.threshold:
            raise ValueError(f"discount {self.discount} is not below the threshold {self.threshold}")
        return self


class ServiceLevels(Strict):
    """Targets a load run must meet for this market's traffic."""

    p95_ms: float = Field(gt=0, le=60_000)
    error_rate: float = Field(ge=0, le=1)  # failed requests / requests
    checkout_success: float = Field(ge=0, le=1)  # placed orders / attempted
    support_first_response_s: float = Field(gt=0, le=86_400)


class RefusedVisitor(Strict):
    """What a visitor from a refused country must get (SA-7)."""

    explanation: bool = True  # told why, in its language
    alternatives: bool = True  # offered another market, a partner shop or notify-me


class ServiceArea(Strict):
    """Where the business sells: normally stated once, in defaults.yaml."""

    served: Annotated[list[Country], AfterValidator(_once)] = []  # served besides the markets with a policy file
    refused: Annotated[list[Country], AfterValidator(_once)] = []  # countries whose visitors the shop refuses
    refused_visitor: RefusedVisitor = RefusedVisitor()

    @model_validator(mode="after")
    def _disjoint(self) -> "ServiceArea":
        both = [c for c in self.refused if c in self.served]
        if both:
            raise ValueError(f"{both[0]!r} is both served and refused")
        return self


class MarketPolicy(Strict):
    market: str  # ISO 3166-1 alpha-2
    name: str
    languages: list[str] = Field(min_length=1)  # BCP 47, default first
    currency: str  # ISO 4217
    time_zone: str
    tax: Tax
    # What follows is promised only where stated: None or an empty list is no promise.
    consent_required: bool | None = None
    categories: Categories
    delivery: Delivery | None = None
    shipping: list[ShippingMethod] = []
    payment_methods: Annotated[list[Id], AfterValidator(_once)] = []  # the business's own ids: card, invoice, none...
    promotions: list[Promotion] = []
    returns: Returns | None = None
    refunds: Refunds | None = None
    warranty: Warranty | None = None
    remedies: Remedies | None = None
    loyalty: Loyalty | None = None
    support: Support | None = None
    calendar: Calendar = Calendar()
    privacy: Privacy = Privacy()
    service_area: ServiceArea = ServiceArea()
    traffic_weight: float = Field(ge=0, le=1000)
    service_levels: ServiceLevels
    # A real egress proxy in the market (e.g. a residential or cloud proxy in the country) for a
    # staging shop behind a CDN that reads the real client address; None: the loopback geo-proxy
    # stamping X-Forwarded-For. `--egress-proxy CC=URL` overrides it for one run.
    proxy: str | None = None

    @property
    def workdays(self) -> Workdays:
        """The market's business days: its country's weekend and holidays, and the policy's `calendar`."""
        return self.calendar.workdays(self.market)

    @field_validator("proxy")
    @classmethod
    def _proxy(cls, v: str | None) -> str | None:
        if v is not None and not (v.startswith(("http://", "https://", "socks5://")) and len(v.split("://", 1)[1]) > 0):
            raise ValueError("not a proxy URL (http://host:port, https://... or socks5://...)")
        return v

    @field_validator("market")
    @classmethod
    def _market(cls, v: str) -> str:
        return _country(v)

    @field_validator("currency")
    @classmethod
    def _currency(cls, v: str) -> str:
        if not (len(v) == 3 and v.isupper() and pycountry.currencies.get(alpha_3=v)):
            raise ValueError(f"{v!r} is not an ISO 4217 currency code")
        return v

    @field_validator("languages")
    @classmethod
    def _languages(cls, v: list[str]) -> list[str]:
        for tag in v:
            if not known_language(tag):
                raise ValueError(f"{tag!r} is not a language tag CLDR knows (e.g. de, fr-CA, zh-Hant)")
        return v

    @field_validator("shipping")
    @classmethod
    def _shipping(cls, v: list[ShippingMethod]) -> list[ShippingMethod]:
        ids = [method.id for method in v]
        for i, method in enumerate(ids):
            if method in ids[:i]:
                raise ValueError(f"id {method!r} is listed twice")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> "MarketPolicy":
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"time_zone: {self.time_zone!r} is not an IANA time zone") from None
        zones = country_zones(self.market)
        if zones and self.time_zone not in zones:
            raise ValueError(f"time_zone: {self.time_zone!r} is not a time zone of {self.market} "
                             f"(e.g. {', '.join(sorted(zones)[:3])})")
        for tag in self.support.languages if self.support else ():
            if not known_language(tag):
                raise ValueError(f"support.languages: {tag!r} is not a language tag CLDR knows")
        foreign = [code for code in self.tax.regions if not code.startswith(f"{self.market}-")]
        if foreign:
            raise ValueError(f"tax.regions: {foreign[0]!r} is not a region of {self.market}")
        if self.calendar.subdiv or self.calendar.categories:
            try:
                check_calendar(self.market, self.calendar.subdiv, self.calendar.categories)
            except ValueError as e:
                raise ValueError(f"calendar: {e}") from None
        for place in self.delivery.inside + self.delivery.outside if self.delivery else ():
            if place.region and not pycountry.subdivisions.get(code=place.region):
                raise ValueError(f"delivery: region {place.region!r} is not an ISO 3166-2 code")
        return self


@cache
def known_language(tag: str) -> bool:
    try:
        Locale.parse(tag.replace("-", "_"))
        return True
    except (UnknownLocaleError, ValueError):
        return False


@cache
def country_zones(country: str) -> frozenset[str]:
    return frozenset(get_global("territory_zones").get(country, ()))
