"""Per-market pools of names, streets, phone numbers and companies, drawn once from Faker.

Drawing a persona's fields from Faker one by one costs more than the rest of the persona
together; a pool is drawn once per market from a Faker instance seeded by (seed, market), so
it is the same whatever else is generated, and personas then pick from it by their own seed.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

import phonenumbers
from faker import Faker

from .places import MarketPlaces
from .text import is_latin

NAMES = 240
STREETS = 160
PHONES = 160
COMPANIES = 40
# Countries whose addresses put the house number before the street.
NUMBER_FIRST = frozenset("US CA GB IE AU NZ FR LU SG MY PH IN ZA KE NG HK IL".split())


@cache
def faker_for(locale: str) -> Faker:
    """One Faker per locale, reused for every pool of that locale (re-seeded per pool)."""
    return Faker(locale, use_weighting=False)


@dataclass(frozen=True)
class Pool:
    given: tuple[tuple[str, str], ...]  # (native, latin)
    family: tuple[tuple[str, str], ...]
    streets: tuple[str, ...]  # with house number
    phones: tuple[str, ...]  # E.164, valid for the country
    companies: tuple[str, ...]


def build_pool(places: MarketPlaces, seed: int) -> Pool:
    fake = faker_for(places.faker_locale)
    fake.seed_instance(f"{seed}:{places.market}")
    rng = random.Random(f"pool:{seed}:{places.market}")
    return Pool(
        given=_names(fake, places, "given"),
        family=_names(fake, places, "family"),
        streets=_streets(fake, places, rng),
        phones=_phones(places.market, rng),
        companies=_companies(fake),
    )


def _draws(draw, count: int) -> list:
    """`count` draws, skipping the ones a locale's provider fails on (es_CL's names and
    companies fail on some seeds with use_weighting=False)."""
    out = []
    for _ in range(count):
        try:
            out.append(draw())
        except (AssertionError, AttributeError, IndexError, KeyError, ValueError):
            continue
    return out


def _companies(fake: Faker) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_draws(fake.company, COMPANIES))) or ("Example Trading",)


def _names(fake: Faker, places: MarketPlaces, which: str) -> tuple[tuple[str, str], ...]:
    own = places.given if which == "given" else places.family
    if own:
        return own
    if hasattr(fake, "first_name_pair"):  # ja_JP: kanji, kana, romaji
        draw = fake.first_name_pair if which == "given" else fake.last_name_pair
        return tuple(dict.fromkeys((p[0], p[2]) for p in _draws(draw, NAMES)))
    draw = fake.first_name if which == "given" else fake.last_name
    names = dict.fromkeys(_draws(draw, NAMES))
    return tuple((n, n) for n in names if is_latin(n)) or tuple((n, n) for n in names)


def _streets(fake: Faker, places: MarketPlaces, rng: random.Random) -> tuple[str, ...]:
    if places.streets:
        out = []
        for _ in range(STREETS):
            street = rng.choice(places.streets)
            if places.script == "Japanese":
                out.append(f"{street}{rng.randint(1, 5)}-{rng.randint(1, 20)}-{rng.randint(1, 30)}")
            elif places.market in NUMBER_FIRST:
                out.append(f"{rng.randint(1, 250)} {street}")
            else:
                out.append(f"{street} {rng.randint(1, 250)}")
        return tuple(dict.fromkeys(out))
    return tuple(dict.fromkeys(" ".join(a.split()) for a in _draws(fake.street_address, STREETS)))


def _phones(country: str, rng: random.Random) -> tuple[str, ...]:
    """Valid mobile numbers: the country's example number with its last digits varied."""
    example = (phonenumbers.example_number_for_type(country, phonenumbers.PhoneNumberType.MOBILE)
               or phonenumbers.example_number(country))
    national = str(example.national_number)
    vary = min(6, len(national) - 2)
    found: dict[str, None] = {}
    for _ in range(PHONES * 4):
        digits = national[:-vary] + "".join(str(rng.randrange(10)) for _ in range(vary))
        number = phonenumbers.PhoneNumber(country_code=example.country_code, national_number=int(digits))
        if phonenumbers.is_valid_number_for_region(number, country):
            found[phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)] = None
            if len(found) == PHONES:
                break
    if not found:
        found[phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)] = None
    return tuple(found)
