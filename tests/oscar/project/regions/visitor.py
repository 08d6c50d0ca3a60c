"""Which country the visitor is in (the `country` cookie the picker sets, else the country of its
address, else the default country) and what the shop makes of it: the region serving it, or none."""
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from .models import ServedCountry


@dataclass(frozen=True)
class Visitor:
    country: str  # ISO 3166-1 alpha-2, upper case
    served: ServedCountry | None  # None: the shop does not deliver there

    @property
    def region(self):
        return self.served.region if self.served else None

    @property
    def currency(self) -> str:
        return self.served.region.currency if self.served else ""

    @property
    def vat_rate(self) -> Decimal | None:
        return self.served.vat_rate if self.served else None

    # Plain strings for the page's data attributes (templates would localize a Decimal: "0,19").
    @property
    def region_code(self) -> str:
        return self.served.region.code if self.served else ""

    @property
    def vat_rate_text(self) -> str:
        return f"{self.served.vat_rate:.2f}" if self.served else ""

    @property
    def vat_percent(self) -> str:
        """The rate in percent ("19", "7.7"); "" for no tax or a country not served."""
        if not (self.served and self.served.vat_rate):
            return ""
        return f"{self.served.vat_rate * 100:f}".rstrip("0").rstrip(".")

    @property
    def served_text(self) -> str:
        return "true" if self.served else "false"


def country_code(value: str | None) -> str | None:
    """A two-letter code, upper case, or None for anything else."""
    value = (value or "").strip().upper()
    return value if len(value) == 2 and value.isascii() and value.isalpha() else None


def visitor(request=None) -> Visitor:
    """The request's visitor (looked up once per request); without a request, the default country's."""
    if request is not None and hasattr(request, "_staging_visitor"):
        return request._staging_visitor
    code = None
    if request is not None:
        code = country_code(request.COOKIES.get(settings.STAGING_COUNTRY_COOKIE)) or located(request)
    code = code or settings.STAGING_DEFAULT_COUNTRY
    served = ServedCountry.objects.select_related("region", "region__partner", "country").filter(
        country_id=code).first()
    found = Visitor(code, served)
    if request is not None:
        request._staging_visitor = found
    return found


def located(request) -> str | None:
    """The country of the visitor's address (the last X-Forwarded-For hop, which the shop's proxy
    added, else the connection's), as a CDN's geo-IP would tell it; None for a private address."""
    import iptocc

    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    address = forwarded.split(",")[-1].strip() if forwarded else request.META.get("REMOTE_ADDR", "")
    try:
        return country_code(iptocc.country_code(address))
    except Exception:  # not an address, or one no registry allocated to a country
        return None


def served_countries():
    return list(ServedCountry.objects.select_related("region", "country"))
