"""Client addresses other than a persona's own: its home market's (a traveller back home) and
those of a country the market's policy refuses (service_area.refused), found in
personas/data/other_countries.yaml or, failing that, in places.yaml. Each persona always gets the
same ones, so a failing journey re-runs alike."""
from __future__ import annotations

import ipaddress
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry
import yaml

from .. import yamlfile
from ..errors import UserInputError
from .model import Persona
from .places import load_places


@dataclass(frozen=True)
class Unserved:
    """A country and IPv4 blocks of ISPs there (a visitor from a refused country comes from one)."""

    country: str  # ISO 3166-1 alpha-2
    name: str
    ip_ranges: tuple[ipaddress.IPv4Network, ...]


def default_file() -> Path:
    from ..shipped import persona_data

    return persona_data("other_countries.yaml")


@cache
def load_other_countries(path: Path | None = None) -> dict[str, Unserved]:
    """personas/data/other_countries.yaml: address blocks of countries that are not markets here."""
    path = path or default_file()
    try:
        raw = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
        return {str(code): Unserved(str(code), entry["name"], tuple(ipaddress.IPv4Network(n) for n in entry["ip_ranges"]))
                for code, entry in raw.items()}
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UserInputError(f"{path}: cannot read the other countries' address blocks: {exc}") from None


def address_blocks(country: str) -> Unserved:
    """Where a visitor from `country` comes from: other_countries.yaml, or else places.yaml."""
    found = load_other_countries().get(country)
    if found is not None:
        return found
    places = load_places().get(country)
    if places is not None and places.ip_ranges:
        known = pycountry.countries.get(alpha_2=country)
        return Unserved(country, known.name if known else country, places.ip_ranges)
    raise UserInputError(f"service_area.refused: {country!r} has no address blocks in personas/data/other_countries.yaml "
                         f"or personas/data/places.yaml (ip_ranges): add IPv4 blocks of its ISPs to other_countries.yaml")


def home_ip(persona: Persona) -> str:
    """An address of the persona's own market (for a traveller: where it lives)."""
    return _pick(persona, "home", load_places()[persona.market].ip_ranges)


def unserved_country(persona: Persona, refused: Sequence[str]) -> tuple[Unserved, str]:
    """One of the countries the persona's market policy refuses (`refused`: its
    service_area.refused, in the policy's order) and an address there; the same for the same persona."""
    if isinstance(refused, (str, set, frozenset)):
        raise TypeError("refused: give the market policy's service_area.refused (a list, in its order)")
    if not refused:
        raise UserInputError(f"{persona.market}: service_area.refused: empty: the policy refuses no country, "
                             f"so there is no visitor from a refused country to play")
    countries = [address_blocks(code) for code in refused]
    country = countries[_number(persona, "unserved") % len(countries)]
    return country, _pick(persona, country.country, country.ip_ranges)


def _number(persona: Persona, purpose: str) -> int:
    return zlib.crc32(f"{persona.id}:{persona.ip}:{purpose}".encode())


def _pick(persona: Persona, purpose: str, ranges) -> str:
    n = _number(persona, purpose)
    network = ranges[n % len(ranges)]
    return str(network.network_address + 1 + (n >> 8) % (network.num_addresses - 2))
