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
from .addresses import city_streets
from .cards import TEST_CARDS
from .model import Address, Persona
from .names import Given, NameTable
from .phones import CityPhones, city_phones
from .places import MarketPlaces, load_places
from .pools import market_pool
from .tax_ids import tax_id
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
SECOND_LINES = {"en": "Apartment {n}", "de": "Hinterhaus, {n}. OG", "fr": "Bâtiment B, appartement {n}",
                "es": "Piso {n}, puerta B", "it": "Scala B, interno {n}", "nl": "{n}e verdieping",
                "pt": "Apartamento {n}", "ja": "{n}号室", "zh": "{n}室", "ko": "{n}호", "ar": "شقة {n}",
                "he": "דירה {n}", "tr": "Daire {n}", "pl": "lokal {n}", "sv": "Lgh 1{n:03d}", "el": "Διαμέρισμα {n}",
                "cs": "byt č. {n}", "da": "{n}. th.", "fi": "as. {n}", "nb": "Leilighet H0{n:02d}", "id": "Lantai {n}",
                "th": "ห้อง {n}", "vi": "Căn hộ {n}"}


class PersonaFactory:
    def __init__(self, policy: Policy, seed: int = 0, places: dict[str, MarketPlaces] | None = None):
        self.policy = policy
        self.seed = seed
        self.places = places if places is not None else load_places()
        missing = [code for code in policy if code not in self.places]
        if missing:
            raise UserInputError(f"persona reference data (personas/data/places.yaml) has no entry for "
                                 f"{', '.join(missing)}")
        self._plans: dict[str, _Plan] = {}

    def prepare(self, market: str) -> None:
        """Builds every table `market`'s personas draw from (pool, street and phone tables of each
        city), so that what follows is the long run."""
        plan = self.plan(market)
        for i in range(len(plan.cities)):
            plan.phones(i)

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
        names = pool.names

        def pick(seq):
            return seq[int(r() * len(seq))]

        # The draws up to the password keep their order and count whatever the tables hold, so the
        # archetype, language, city, client address, recipient, payment method and device of a
        # persona stay what they were; names, street lines and phones take draws after them.
        roll = r()
        archetype = "business"
        for name, threshold in _THRESHOLDS:
            if roll < threshold:
                archetype = name
                break
        language = plan.languages[0] if not plan.other_languages or r() < 0.75 else pick(plan.other_languages)
        lang = language.split("-")[0]

        given = pick(names.given)
        family_draw = r()
        kind = pick(_CONSTRUCTED_EDGES) if r() < EDGE_CASE_RATE else None
        extra = (r(), r()) if kind == "long_name" else (r(),) if kind == "apostrophe_hyphen" else ()
        city_index = int(r() * len(plan.cities))
        city = plan.cities[city_index]
        street2 = ""
        if kind == "multi_line_address":
            street2 = SECOND_LINES.get(lang, SECOND_LINES["en"]).format(n=2 + int(r() * 39))
        street_draw = r()
        company = pick(pool.companies) if archetype == "business" else ""

        ip_market = market
        if archetype == "traveller":
            ip_market = pick(plan.others)
        elif archetype == "vpn":
            ip_market = pick(plan.exits)
        base, size = pick(self.plan(ip_market).networks) if ip_market != market else pick(plan.networks)
        n = base + 1 + int(r() * (size - 2))
        ip = f"{n >> 24}.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"

        gift = None
        if archetype == "gift_sender":
            other = self.plan(pick(plan.others))
            gift = (other, r(), r(), int(r() * len(other.cities)), r())
        payment = plan.first_method if not plan.other_methods or r() < 0.5 else pick(plan.other_methods)
        device = pick(devices.MOBILES if r() < 0.5 else devices.DESKTOPS)
        jitter = (r() - 0.5) / 50
        phone_kind = r()
        card = pick(TEST_CARDS)
        password = f"Test-{rng.getrandbits(48):012x}"

        # From here on: draws the old tables did not need.
        (name, name_latin, given_latin, family_latin, edge) = _name(plan, names, given, family_draw, kind, extra, r)
        if lang in RTL_LANGUAGES:
            edge.append("right_to_left")
        if lang in CJK_LANGUAGES and not plan.latin:
            edge.append("cjk_name")
        if city.postcode is None:
            edge.append("no_postcode")
        street, postcode = plan.streets[city_index].draw(pool.lines, street_draw, r)
        address = Address(name=name, street=street, city=city.city, country=market, postcode=postcode,
                          region=city.region, street2=street2, company=company, local_region=city.form_region)
        phone = plan.phones(city_index).draw(phone_kind, r)
        recipient = _recipient(gift, r) if gift else None
        number = f"{index:04d}"
        email = f"{_local_part(given_latin.split()[0], family_latin)}.{number}@{EMAIL_DOMAINS[index % 3]}"
        return Persona(
            id=f"{market}-{number}", market=market, archetype=archetype, locale=plan.locales[language],
            language=language, name=name, name_latin=name_latin, email=email, phone=phone,
            address=address, currency=plan.currency, timezone=plan.timezone,
            geo=(round(city.lat + jitter, 4), round(city.lon - jitter, 4)), ip=ip, ip_country=ip_market,
            device=device, payment_method=payment, card_number=card, password=password,
            vat_id=tax_id(market, rng, city.region) if archetype == "business" else "",
            recipient=recipient, edge_cases=tuple(edge),
        )


class _Plan:
    """What every persona of one market reads, looked up once. A country abroad with no policy file
    (served, or a one-market policy's elsewhere) has a plan too, for addresses there only."""

    def __init__(self, factory: PersonaFactory, market: str):
        policy, places = factory.policy.get(market), factory.places[market]
        self.number = (ord(market[0]) << 8) | ord(market[1])
        self.pool = market_pool(places)
        self.latin = places.script == "Latin"
        self.family_first = places.name_order == "family_given"
        self.joiner = "" if places.script in NO_SPACE_NAMES else " "
        self.places = places
        self.cities = places.cities
        if policy is not None and policy.delivery and policy.delivery.outside:
            # a persona lives where its market's policy delivers
            undelivered = {(p.city, p.postcode) for p in policy.delivery.outside}
            self.cities = tuple(c for c in places.cities if (c.city, c.postcode) not in undelivered)
            if not self.cities:
                raise UserInputError(f"{market}: delivery.outside lists every city of the persona reference data "
                                     f"(personas/data/places.yaml): no home left for a persona")
        self.networks = tuple((int(n.network_address), n.num_addresses) for n in places.ip_ranges)
        self.currency = None
        self.streets = tuple(city_streets(places, c) for c in self.cities)
        self._phones: dict[int, CityPhones] = {}
        if policy is None:
            return
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

    def phones(self, city_index: int) -> CityPhones:
        found = self._phones.get(city_index)
        if found is None:
            found = self._phones[city_index] = city_phones(self.places, self.cities[city_index])
        return found


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


def _name(plan: "_Plan", names: NameTable, given: Given, family_draw: float, kind: str | None, extra: tuple, r):
    """(name, Latin name, given names in Latin, family part in Latin, edge cases) of a persona:
    its given name, a family name of the same gender and name group, and, for the constructed edge
    cases, a long name as the culture makes one or a family name with an apostrophe or hyphen."""
    families = names.families_for(given)
    family = families[int(family_draw * len(families))]
    givens, family_part = [(given.native, given.latin)], family
    edge = []
    long_name = names.long_name
    if kind == "long_name" and long_name:
        edge.append(kind)
        same = names.same_kind[(given.group, given.female)]
        for i in range(1, long_name.given):
            other = same[int((extra[0] if i == 1 else r()) * len(same))]
            givens.append((other.native, other.latin))
        if long_name.fathers:
            fathers = names.male_given[given.group]
            for i in range(long_name.fathers):
                connector = long_name.connector_female if i == 0 and given.female and long_name.connector_female \
                    else long_name.connector
                father = fathers[int(r() * len(fathers))]
                givens.append((f"{connector[0]} {father[0]}".strip(), f"{connector[1]} {father[1]}".strip()))
        if long_name.families:
            family_part = long_name.families[int(extra[1] * len(long_name.families))]
        else:
            parts = [family] + [families[int((extra[1] if i == 1 else r()) * len(families))]
                                for i in range(1, long_name.family)]
            family_part = (long_name.joiner.join(p[0] for p in parts), long_name.joiner.join(p[1] for p in parts))
        if long_name.particles:
            particle = long_name.particles[int(r() * len(long_name.particles))]
            family_part = (f"{particle[0]} {family_part[0]}", f"{particle[1]} {family_part[1]}")
    elif kind == "apostrophe_hyphen" and names.odd[(given.group, given.female)]:
        edge.append(kind)
        odd = names.odd[(given.group, given.female)]
        part, name = odd[int(extra[0] * len(odd))]
        if part == "given":
            givens[0] = name
        else:
            family_part = name
    elif kind == "multi_line_address":
        edge.append(kind)
    given_native = " ".join(g[0] for g in givens)
    given_latin = " ".join(g[1] for g in givens)
    if names.family_first.get(given.group, plan.family_first):
        return (f"{family_part[0]}{plan.joiner}{given_native}", f"{family_part[1]} {given_latin}", given_latin,
                family_part[1], edge)
    return f"{given_native} {family_part[0]}", f"{given_latin} {family_part[1]}", given_latin, family_part[1], edge


def _recipient(gift: tuple, r) -> Address:
    """Where a gift goes: a person of another country, at an address of one of its cities."""
    plan, given_draw, family_draw, city_index, street_draw = gift
    names = plan.pool.names
    given = names.given[int(given_draw * len(names.given))]
    families = names.families_for(given)
    family = families[int(family_draw * len(families))]
    city = plan.cities[city_index]
    family_first = names.family_first.get(given.group, plan.family_first)
    name = f"{family[0]}{plan.joiner}{given.native}" if family_first else f"{given.native} {family[0]}"
    street, postcode = plan.streets[city_index].draw(plan.pool.lines, street_draw, r)
    return Address(name=name, street=street, city=city.city, country=plan.places.market, postcode=postcode,
                   region=city.region, local_region=city.form_region)
