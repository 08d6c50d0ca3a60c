"""The persona factory: deterministic synthetic customers for every market of the policy.

`PersonaFactory(policy, seed).persona("DE", 7)` is persona DE-0007: built from its own seed
(seed, market, index) and the market's pool, so it is the same whatever else is generated,
and one failing persona can be re-run alone.

Abroad (a traveller's or VPN user's client address, a gift's recipient) is another market of the
policy or a country its service area serves; with nothing else in the policy, any other country
of the reference data the policy does not refuse.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from functools import lru_cache

from ..errors import UserInputError
from ..policy import Policy
from ..policy.model import ServiceArea
from . import devices
from .cards import TEST_CARDS
from .model import Address, Persona
from .places import MarketPlaces, load_places
from .pools import Pool, build_pool
from .text import local_part

# The archetype mix of every market, as cumulative weights.
ARCHETYPE_MIX = (("first_time", 0.35), ("returning", 0.25), ("traveller", 0.10), ("vpn", 0.05),
                 ("gift_sender", 0.10), ("business", 0.15))
EDGE_CASE_RATE = 0.2  # personas that also carry a constructed edge case
VPN_EXITS = ("NL", "SE", "CH", "US")  # where commercial VPNs put their exits, where the policy has them
RTL_LANGUAGES = {"ar", "he", "fa", "ur"}
CJK_LANGUAGES = {"ja", "zh", "ko"}
NO_SPACE_NAMES = {"Han", "Hangul"}  # scripts that write family and given name together
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")  # reserved for examples (RFC 2606)
APOSTROPHE_NAMES = ("O'Brien-Smith", "D'Angelo-Rossi", "N'Diaye-Martin", "Dell'Acqua", "O'Connor-Byrne", "D'Souza-Pereira")
SECOND_LINES = {"en": "Apartment {n}", "de": "Hinterhaus, {n}. OG", "fr": "Bâtiment B, appartement {n}",
                "es": "Piso {n}, puerta B", "it": "Scala B, interno {n}", "nl": "{n}e verdieping",
                "pt": "Apartamento {n}", "ja": "{n}号室", "zh": "{n}室", "ko": "{n}호", "ar": "شقة {n}",
                "he": "דירה {n}", "tr": "Daire {n}", "pl": "lokal {n}", "sv": "Lgh 1{n:03d}", "el": "Διαμέρισμα {n}"}
VAT_FORMATS = {"DE": "DE{9}", "AT": "ATU{8}", "FR": "FR{11}", "BE": "BE0{9}", "NL": "NL{9}B01", "LU": "LU{8}",
               "IE": "IE{7}W", "ES": "ESB{8}", "PT": "PT{9}", "IT": "IT{11}", "SE": "SE{10}01", "DK": "DK{8}",
               "FI": "FI{8}", "PL": "PL{10}", "CZ": "CZ{8}", "GR": "EL{9}", "GB": "GB{9}", "NO": "NO{9}MVA",
               "CH": "CHE{9}"}


class PersonaFactory:
    def __init__(self, policy: Policy, seed: int = 0, places: dict[str, MarketPlaces] | None = None):
        self.policy = policy
        self.seed = seed
        self.places = places if places is not None else load_places()
        missing = [code for code in policy if code not in self.places]
        if missing:
            raise UserInputError(f"persona reference data (personas/data/places.yaml) has no entry for "
                                 f"{', '.join(missing)}")
        self._pools: dict[str, Pool] = {}
        self._plans: dict[str, _Plan] = {}

    def pool(self, market: str) -> Pool:
        found = self._pools.get(market)
        if found is None:
            found = self._pools[market] = build_pool(self.places[market], self.seed)
        return found

    def personas(self, market: str, count: int, start: int = 1) -> list[Persona]:
        return [self.persona(market, i) for i in range(start, start + count)]

    def mixed(self, markets: list[str], per_market: int) -> Iterator[Persona]:
        """`per_market` personas of each market, market by market, in the order given."""
        for market in markets:
            yield from self.personas(market, per_market)

    def by_id(self, persona_id: str) -> Persona:
        market, _, number = persona_id.strip().upper().partition("-")
        if market not in self.policy or not number.isdigit() or int(number) < 1:
            raise UserInputError(f"--persona: {persona_id!r} is not a persona id such as DE-0007 "
                                 f"(market code, hyphen, number from 1)")
        return self.persona(market, int(number))

    def plan(self, market: str) -> "_Plan":
        found = self._plans.get(market)
        if found is None:
            found = self._plans[market] = _Plan(self, market)
        return found

    def persona(self, market: str, index: int) -> Persona:
        if not 1 <= index < 2**32:
            raise UserInputError(f"persona number {index} is out of range (1 to {2**32 - 1})")
        plan = self._plans.get(market)
        if plan is None or plan.currency is None:  # not looked up yet, or a country abroad with no policy
            if market not in self.policy:
                raise UserInputError(f"no market {market!r} in the policy; known: {', '.join(self.policy)}")
            plan = self.plan(market)
        # An integer seed from (seed, market, index): seeding from a string would hash it, slowly.
        rng = random.Random(((self.seed * 65536 + plan.number) << 32) + index)
        r = rng.random
        pool = plan.pool

        def pick(seq):
            return seq[int(r() * len(seq))]

        roll = r()
        archetype = "business"
        for name, threshold in _THRESHOLDS:
            if roll < threshold:
                archetype = name
                break
        language = plan.languages[0] if not plan.other_languages or r() < 0.75 else pick(plan.other_languages)
        lang = language.split("-")[0]

        given, given_latin = pick(pool.given)
        family, family_latin = pick(pool.family)
        edge = []
        if r() < EDGE_CASE_RATE:
            edge.append(pick(_CONSTRUCTED_EDGES))
        if edge and edge[0] == "long_name":
            extra, extra_latin = pick(pool.given)
            family2, family2_latin = pick(pool.family)
            given, given_latin = f"{given} {extra}", f"{given_latin} {extra_latin}"
            if plan.latin:
                given += " Maria-Theresia Alexandrina"
                given_latin += " Maria-Theresia Alexandrina"
                family = f"{family}-{family2} von Habsburg-Lothringen"
                family_latin = f"{family_latin}-{family2_latin} von Habsburg-Lothringen"
        elif edge and edge[0] == "apostrophe_hyphen":
            odd = pick(APOSTROPHE_NAMES)
            family, family_latin = (odd, odd) if plan.latin else (family, odd)
        if plan.family_first:
            name, name_latin = f"{family}{plan.joiner}{given}", f"{family_latin} {given_latin}"
        else:
            name, name_latin = f"{given} {family}", f"{given_latin} {family_latin}"

        city = pick(plan.cities)
        street2 = ""
        if edge and edge[0] == "multi_line_address":
            street2 = SECOND_LINES.get(lang, SECOND_LINES["en"]).format(n=2 + int(r() * 39))
        address = Address(name=name, street=pick(pool.streets), city=city.city, country=market,
                          postcode=city.postcode, region=city.region, street2=street2,
                          company=pick(pool.companies) if archetype == "business" else "",
                          local_region=city.form_region)
        if lang in RTL_LANGUAGES:
            edge.append("right_to_left")
        if lang in CJK_LANGUAGES and not plan.latin:
            edge.append("cjk_name")
        if city.postcode is None:
            edge.append("no_postcode")

        ip_market = market
        if archetype == "traveller":
            ip_market = pick(plan.others)
        elif archetype == "vpn":
            ip_market = pick(plan.exits)
        base, size = pick(self.plan(ip_market).networks) if ip_market != market else pick(plan.networks)
        n = base + 1 + int(r() * (size - 2))
        ip = f"{n >> 24}.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"

        recipient = self._recipient(pick(plan.others), pick) if archetype == "gift_sender" else None
        number = f"{index:04d}"
        email = f"{_local_part(given_latin.split()[0], family_latin)}.{number}@{EMAIL_DOMAINS[index % 3]}"
        payment = plan.first_method if not plan.other_methods or r() < 0.5 else pick(plan.other_methods)
        device = pick(devices.MOBILES if r() < 0.5 else devices.DESKTOPS)
        jitter = (r() - 0.5) / 50
        return Persona(
            id=f"{market}-{number}", market=market, archetype=archetype, locale=plan.locales[language],
            language=language, name=name, name_latin=name_latin, email=email, phone=pick(pool.phones),
            address=address, currency=plan.currency, timezone=plan.timezone,
            geo=(round(city.lat + jitter, 4), round(city.lon - jitter, 4)), ip=ip, ip_country=ip_market,
            device=device, payment_method=payment, card_number=pick(TEST_CARDS),
            password=f"Test-{rng.getrandbits(48):012x}",
            vat_id=_vat_id(market, rng) if archetype == "business" else "",
            recipient=recipient, edge_cases=tuple(edge),
        )

    def _recipient(self, market: str, pick) -> Address:
        plan = self.plan(market)
        given, _ = pick(plan.pool.given)
        family, _ = pick(plan.pool.family)
        city = pick(plan.cities)
        name = f"{family}{plan.joiner}{given}" if plan.family_first else f"{given} {family}"
        return Address(name=name, street=pick(plan.pool.streets), city=city.city, country=market,
                       postcode=city.postcode, region=city.region, local_region=city.form_region)


class _Plan:
    """What every persona of one market reads, looked up once. A country abroad with no policy file
    (served, or a one-market policy's elsewhere) has a plan too, for addresses there only."""

    def __init__(self, factory: PersonaFactory, market: str):
        policy, places = factory.policy.get(market), factory.places[market]
        self.number = (ord(market[0]) << 8) | ord(market[1])
        self.pool = factory.pool(market)
        self.latin = places.script == "Latin"
        self.family_first = places.name_order == "family_given"
        self.joiner = "" if places.script in NO_SPACE_NAMES else " "
        self.cities = places.cities
        self.networks = tuple((int(n.network_address), n.num_addresses) for n in places.ip_ranges)
        self.currency = None
        if policy is None:
            return
        if policy.delivery and policy.delivery.outside:  # a persona lives where its market's policy delivers
            undelivered = {(p.city, p.postcode) for p in policy.delivery.outside}
            self.cities = tuple(c for c in places.cities if (c.city, c.postcode) not in undelivered)
            if not self.cities:
                raise UserInputError(f"{market}: delivery.outside lists every city of the persona reference data "
                                     f"(personas/data/places.yaml): no home left for a persona")
        self.languages = tuple(policy.languages)
        self.other_languages = self.languages[1:]
        self.locales = {lang: f"{lang.split('-')[0]}-{market}" for lang in self.languages}
        self.others = _abroad(factory, market, policy.service_area) or (market,)
        self.exits = tuple(m for m in VPN_EXITS if m != market and m in self.others) or self.others
        self.methods = tuple(policy.payment_methods)
        self.first_method = self.methods[0] if self.methods else ""  # "": the market promises no payment method
        self.other_methods = self.methods[1:]
        self.currency = policy.currency
        self.timezone = policy.time_zone


def _abroad(factory: PersonaFactory, market: str, area: ServiceArea) -> tuple[str, ...]:
    """Where a persona of `market` goes abroad: the policy's other markets and the countries its
    service area serves that the reference data knows; else any other country it knows that the
    policy does not refuse (in the reference data's order)."""
    out = [c for c in factory.policy if c != market]
    out += [c for c in area.served if c != market and c in factory.places and c not in out]
    if not out:
        out = [c for c in factory.places if c != market and c not in area.refused]
    return tuple(out)


_CONSTRUCTED_EDGES = ("long_name", "apostrophe_hyphen", "multi_line_address")


@lru_cache(maxsize=65536)
def _local_part(given: str, family: str) -> str:
    return local_part(given, family)


_THRESHOLDS: list[tuple[str, float]] = []
_total = 0.0
for _name, _weight in ARCHETYPE_MIX:
    _total += _weight
    _THRESHOLDS.append((_name, _total))


def _vat_id(market: str, rng: random.Random) -> str:
    pattern = VAT_FORMATS.get(market, market + "{10}")
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "{":
            end = pattern.index("}", i)
            out.append("".join(str(rng.randrange(10)) for _ in range(int(pattern[i + 1:end]))))
            i = end + 1
        else:
            out.append(pattern[i])
            i += 1
    return "".join(out)
