"""Client addresses other than a persona's own: its home market's (a traveller back home) and
those of countries the shop does not serve (personas/data/unserved.yaml). Each persona always
gets the same ones, so a failing journey re-runs alike."""
from __future__ import annotations

import ipaddress
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .. import yamlfile
from ..errors import UserInputError
from .model import Persona
from .places import load_places


@dataclass(frozen=True)
class Unserved:
    country: str  # ISO 3166-1 alpha-2
    name: str
    ip_ranges: tuple[ipaddress.IPv4Network, ...]


def default_file() -> Path:
    import personas

    return Path(personas.__file__).parent / "data" / "unserved.yaml"


@cache
def load_unserved(path: Path | None = None) -> tuple[Unserved, ...]:
    path = path or default_file()
    try:
        raw = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
        return tuple(Unserved(str(code), entry["name"], tuple(ipaddress.IPv4Network(n) for n in entry["ip_ranges"]))
                     for code, entry in raw.items())
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise UserInputError(f"{path}: cannot read the unserved countries: {exc}") from None


def home_ip(persona: Persona) -> str:
    """An address of the persona's own market (for a traveller: where it lives)."""
    return _pick(persona, "home", load_places()[persona.market].ip_ranges)


def unserved_country(persona: Persona, markets: frozenset[str] | set[str] = frozenset()) -> tuple[Unserved, str]:
    """A country the shop does not serve (none of `markets`) and an address there."""
    countries = [u for u in load_unserved() if u.country not in markets]
    if not countries:
        raise UserInputError("personas/data/unserved.yaml: every country listed is a market of the policy")
    country = countries[_number(persona, "unserved") % len(countries)]
    return country, _pick(persona, country.country, country.ip_ranges)


def _number(persona: Persona, purpose: str) -> int:
    return zlib.crc32(f"{persona.id}:{persona.ip}:{purpose}".encode())


def _pick(persona: Persona, purpose: str, ranges) -> str:
    n = _number(persona, purpose)
    network = ranges[n % len(ranges)]
    return str(network.network_address + 1 + (n >> 8) % (network.num_addresses - 2))
