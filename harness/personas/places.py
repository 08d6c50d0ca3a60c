"""The persona factory's reference data (personas/data/places.yaml), facts about people and places
only: real places where personas live, remote places with their address-form codes, postcode
rules, client address ranges and native-script names and streets per country."""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .. import yamlfile
from ..errors import UserInputError


@dataclass(frozen=True)
class City:
    city: str
    postcode: str | None
    region: str | None
    lat: float
    lon: float
    area: str | None = None
    form_region: str | None = None  # the code local address forms use, where not the ISO suffix


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
    streets: tuple[str, ...] = ()  # native-script street names where Faker has none
    given: tuple[tuple[str, str], ...] = ()  # (native, latin) where Faker has no paired Latin form
    family: tuple[tuple[str, str], ...] = ()

    def postcode_ok(self, postcode: str | None) -> bool:
        if self.postcode is None:
            return not postcode
        return bool(postcode) and self.postcode.fullmatch(postcode) is not None


def default_file() -> Path:
    import personas

    return Path(personas.__file__).parent / "data" / "places.yaml"


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


def _city(d: dict) -> City:
    return City(city=d["city"], postcode=None if d.get("postcode") is None else str(d["postcode"]),
                region=d.get("region"), lat=float(d["lat"]), lon=float(d["lon"]), area=d.get("area"),
                form_region=None if d.get("form_region") is None else str(d["form_region"]))


def _pairs(items) -> tuple[tuple[str, str], ...]:
    return tuple((i["native"], i["latin"]) for i in items or ())


def _market(code: str, d: dict) -> MarketPlaces:
    names = d.get("names") or {}
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
        given=_pairs(names.get("given")),
        family=_pairs(names.get("family")),
    )
