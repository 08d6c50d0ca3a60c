"""A persona: one synthetic customer of one market, as plain immutable data."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

ARCHETYPES = ("first_time", "returning", "traveller", "vpn", "gift_sender", "business")
# Edge cases a persona may carry on top of its archetype.
EDGE_CASES = ("long_name", "apostrophe_hyphen", "right_to_left", "cjk_name", "no_postcode", "multi_line_address")


@dataclass(frozen=True, slots=True)
class Address:
    name: str
    street: str
    city: str
    country: str  # ISO 3166-1 alpha-2
    postcode: str | None = None  # None where the country has no postcodes
    region: str | None = None  # ISO 3166-2, e.g. "JP-13"
    street2: str = ""
    company: str = ""
    local_region: str | None = None  # where local forms number regions otherwise than ISO (KE, HK)

    @property
    def region_code(self) -> str | None:
        """The region as the country's address forms take it: "13" for JP-13, "47" for Nairobi."""
        if self.local_region:
            return self.local_region
        return self.region.split("-", 1)[1] if self.region else None

    def lines(self) -> list[str]:
        """The address as lines in the country's order (JP: postcode, prefecture, city and town
        first, the name last), for display."""
        from .addresses import lines

        return lines(self)


@dataclass(frozen=True, slots=True)
class Device:
    kind: str  # desktop | mobile
    viewport: tuple[int, int]
    user_agent: str
    is_mobile: bool
    has_touch: bool


@dataclass(frozen=True, slots=True)
class Persona:
    id: str  # "DE-0007": market and index; the same for the same seed, whatever else is generated
    market: str
    archetype: str
    locale: str  # BCP 47, e.g. "de-DE": the browser's locale and Accept-Language
    language: str  # the language the persona reads, one of the market's
    name: str  # in the market's script
    name_latin: str  # the same name in Latin letters (equal to `name` for Latin-script markets)
    email: str  # ASCII, derived from the name
    phone: str  # E.164
    address: Address
    currency: str
    timezone: str
    geo: tuple[float, float]  # latitude, longitude, near the address
    ip: str  # the client address the shop sees
    ip_country: str  # where that address is registered (another country for travellers and VPN users)
    device: Device
    payment_method: str
    card_number: str  # a test card (Luhn-valid, standard test ranges), never a real one
    password: str  # for the account a returning customer has; synthetic
    # business buyers: the VAT or tax id the country's invoices carry (DE123456789, CHE-123.456.789 MWST),
    # valid by python-stdnum; "" for everyone else and where the country has none (US, HK, AE ...)
    vat_id: str = ""
    recipient: Address | None = None  # gift senders: where the gift goes (another country)
    edge_cases: tuple[str, ...] = field(default=())

    @property
    def accept_language(self) -> str:
        primary = self.locale.split("-")[0]
        return f"{self.locale},{primary};q=0.9,en;q=0.5" if primary != "en" else f"{self.locale},en;q=0.9"

    def to_dict(self) -> dict:
        out = asdict(self)
        out["address"]["region_code"] = self.address.region_code
        out["geo"] = {"lat": self.geo[0], "lon": self.geo[1]}
        out["device"]["viewport"] = {"width": self.device.viewport[0], "height": self.device.viewport[1]}
        out["edge_cases"] = list(self.edge_cases)
        return out
