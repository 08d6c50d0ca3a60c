"""Phone numbers from the country's numbering plan, with the area code of the persona's city.

Validating a number costs about as much as the rest of a persona, so it is done once per table,
not per persona: a table holds "stems", leading digits (a city's area code and some digits after
it, or a mobile prefix) whose every tried completion by `free` random digits is a valid number
of the wanted type (phonenumbers' metadata: number patterns and possible lengths). A persona's
number is a stem and random digits.

Where the plan has geographic area codes, a fixed line starts with its city's (places.yaml
`phone`, national digits without the trunk 0); in plans whose mobile numbers carry the area code
too (US, CA, MX, BR, AR), so do mobiles. Elsewhere mobiles are national and any prefix does.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import phonenumbers
from phonenumbers import PhoneNumberType as T

from ..derived_cache import DerivedTables, fingerprint
from ..errors import UserInputError
from .places import City, MarketPlaces

FIXED_SHARE = 0.35  # of personas whose city has an area code, how many give a fixed line
STEMS_PER_AREA = 10
MOBILE_STEMS = 60
TRIES = 6  # completions tried per stem: all zeros, all nines, and random ones
# Plans whose mobile numbers carry the city's area code, and where: AR mobiles are 9 + area code,
# BR mobiles are the DDD then 9.
MOBILE_BY_AREA = {"US": "{area}", "CA": "{area}", "MX": "{area}", "BR": "{area}9", "AR": "9{area}"}
_FIXED = frozenset({T.FIXED_LINE, T.FIXED_LINE_OR_MOBILE})
_MOBILE = frozenset({T.MOBILE, T.FIXED_LINE_OR_MOBILE})
# The tables are kept between processes (deriving a market's is most of what building its first
# personas costs), under the phonenumbers version and this module's rules they were derived with.
_KEPT = DerivedTables("phones", fingerprint(phonenumbers.__version__, Path(__file__).read_bytes()))
_NATIONAL = "+national"  # the kept entry of a market's national mobile stems (a city key never starts with "+")


@dataclass(frozen=True)
class Stem:
    head: str  # "+4930" and the digits after: E.164 without the last `free` digits
    free: int
    span: int  # 10 ** free

    def number(self, r) -> str:
        return f"{self.head}{int(r() * self.span):0{self.free}d}"


@dataclass(frozen=True)
class CityPhones:
    fixed: tuple[Stem, ...]  # () where the plan has no area code for the city
    mobile: tuple[Stem, ...]

    def draw(self, kind: float, r) -> str:
        """`kind`: a draw in [0, 1) choosing a fixed line or a mobile; then two draws from `r`."""
        stems = self.fixed if self.fixed and kind < FIXED_SHARE else self.mobile
        return stems[int(r() * len(stems))].number(r)


def is_valid(e164: str, country: str, types=_FIXED | _MOBILE) -> bool:
    # Built from its digits rather than parsed: parsing is half the cost of a check, and the
    # tables are made of tens of thousands of them. A leading 0 is kept as phonenumbers keeps
    # Italy's, so the number written back is `e164` and a trunk 0 is never valid.
    code = _country_code(country)
    national = e164[len(str(code)) + 1:]
    if not e164.startswith(f"+{code}") or not national.isdigit():
        return False
    zeros = len(national) - len(national.lstrip("0"))
    number = phonenumbers.PhoneNumber(country_code=code, national_number=int(national),
                                      italian_leading_zero=True if zeros else None,
                                      number_of_leading_zeros=zeros if zeros > 1 else None)
    return phonenumbers.is_valid_number_for_region(number, country) and phonenumbers.number_type(number) in types


@cache
def _country_code(country: str) -> int:
    return phonenumbers.country_code_for_region(country)


@lru_cache(maxsize=4096)
def city_phones(places: MarketPlaces, city: City) -> CityPhones:
    country = places.market
    key = "|".join((city.city, city.city_latin or "", city.postcode or "", *city.phone_areas))
    try:
        fixed, mobile = _kept(country)[key]
        kept = CityPhones(_unkept(fixed), national_mobiles(country) if mobile is None else _unkept(mobile))
        if kept.mobile and bool(kept.fixed) == bool(city.phone_areas):  # else a damaged file
            return kept
    except (KeyError, TypeError, ValueError):  # not kept yet, or a damaged file
        pass
    found = _derive(places, city)
    _KEPT.add(country, {key: [_keep(found.fixed), _keep(found.mobile) if _mobiles_by_area(country, city) else None]})
    return found


def _mobiles_by_area(country: str, city: City) -> bool:
    return country in MOBILE_BY_AREA and bool(city.phone_areas)


@cache
def _kept(country: str) -> dict:
    return _KEPT.read(country)


def _keep(stems: tuple[Stem, ...]) -> list:
    return [[s.head, s.free] for s in stems]


def _unkept(kept: list) -> tuple[Stem, ...]:
    return tuple(Stem(str(head), int(free), 10 ** int(free)) for head, free in kept)


def _derive(places: MarketPlaces, city: City) -> CityPhones:
    country = places.market
    rng = random.Random(f"phones:{country}:{city.city}:{city.postcode}")
    fixed = tuple(s for area in city.phone_areas for s in _local(country, city, _stems(country, area, _FIXED, rng, STEMS_PER_AREA * 3)))
    if city.phone_areas and not fixed:
        raise UserInputError(f"personas/data/places.yaml: {country}: {city.city}: phone area codes "
                             f"{', '.join(city.phone_areas)} give no valid fixed-line number")
    if _mobiles_by_area(country, city):
        mobile = tuple(s for area in city.phone_areas
                       for s in _stems(country, MOBILE_BY_AREA[country].format(area=area), _MOBILE, rng, STEMS_PER_AREA))
    else:
        mobile = national_mobiles(country)
    if not mobile:
        raise UserInputError(f"personas/data/places.yaml: {country}: {city.city}: no valid mobile number found")
    return CityPhones(fixed, mobile)


def _local(country: str, city: City, stems: list[Stem]) -> list[Stem]:
    """The stems phonenumbers' geocoder places in the city itself, where an area code serves several
    towns (Morocco's 0539: Tanger, Tétouan, Larache) and it names the city; else all of them."""
    from phonenumbers import geocoder

    from .text import ascii_fold

    names = {ascii_fold(n).lower() for n in (city.city, city.city_latin) if n}
    here = [s for s in stems
            if any(n in ascii_fold(geocoder.description_for_number(phonenumbers.parse(s.head + "0" * s.free), "en")).lower()
                   for n in names)]
    return (here or stems)[:STEMS_PER_AREA]


@cache
def national_mobiles(country: str) -> tuple[Stem, ...]:
    """Stems of mobile numbers under every two-digit prefix the plan gives mobiles."""
    try:
        kept = _unkept(_kept(country)[_NATIONAL])
        if kept:
            return kept
    except (KeyError, TypeError, ValueError):
        pass
    found = _national_mobiles(country)
    _KEPT.add(country, {_NATIONAL: _keep(found)})
    return found


def _national_mobiles(country: str) -> tuple[Stem, ...]:
    rng = random.Random(f"mobiles:{country}")
    code = phonenumbers.country_code_for_region(country)
    length = _lengths(country, _MOBILE)[0]
    # A cheap probe first: a prefix is kept if one of a few random numbers under it is a mobile.
    prefixes = [p for p in (f"{n:02d}" for n in range(100))
                if any(is_valid(f"+{code}{p}{rng.randrange(10 ** (length - 2)):0{length - 2}d}", country, _MOBILE)
                       for _ in range(4))]
    out: list[Stem] = []
    for i in range(MOBILE_STEMS * 2):
        if not prefixes:
            break
        out += _stems(country, prefixes[i % len(prefixes)], _MOBILE, rng, 1, tries=8)
        if len(out) >= MOBILE_STEMS:
            break
    return tuple(dict.fromkeys(out))


def _lengths(country: str, types) -> list[int]:
    """The plan's national number lengths for the type, the example number's first: most numbers
    have its length, and a city whose numbers are longer or shorter still finds its own."""
    md = phonenumbers.PhoneMetadata.metadata_for_region(country)
    desc = md.mobile if T.MOBILE in types else md.fixed_line
    lengths = [n for n in (desc.possible_length or md.general_desc.possible_length) if n > 0]
    example = len(desc.example_number or "") or max(lengths)
    return sorted(lengths, key=lambda n: (abs(n - example), -n))


def _stems(country: str, prefix: str, types, rng: random.Random, want: int, tries: int = 24) -> list[Stem]:
    code = phonenumbers.country_code_for_region(country)
    out: list[Stem] = []
    for length in _lengths(country, types):
        rest = length - len(prefix)
        free = min(5, rest - 1)
        if free < 2:
            continue
        misses = 0
        while misses < tries:
            middle = "".join(str(rng.randrange(10)) for _ in range(rest - free))
            head = f"+{code}{prefix}{middle}"
            trials = ["0" * free, "9" * free] + [f"{rng.randrange(10 ** free):0{free}d}" for _ in range(TRIES - 2)]
            if all(is_valid(head + t, country, types) for t in trials):
                out.append(Stem(head, free, 10 ** free))
                if len(out) >= want:
                    return out
            else:
                misses += 1
    return out
