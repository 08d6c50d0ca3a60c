"""What a fault profile is: a named overlay on the raw settings, made before the shop validates
and loads them (see faults.py for why). Each part of the shop writes its profiles on these;
this module knows none of them."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .settings import GeoRange


@dataclass
class RawSettings:
    markets: dict  # markets.yaml as parsed
    catalogue: dict  # catalogue.yaml as parsed
    geoip: list[GeoRange]


@dataclass(frozen=True)
class FaultProfile:
    name: str
    entry: str  # failure-catalogue id
    description: str
    overlay: Callable[[RawSettings], None]


def market_settings(raw: RawSettings, code: str) -> dict:
    """One market's raw settings, for an overlay to edit."""
    return raw.markets["markets"][code]


def support_settings(raw: RawSettings) -> dict:
    """The shop-wide support settings (settings.SupportOps), for an overlay to edit."""
    return raw.markets.setdefault("support", {})
