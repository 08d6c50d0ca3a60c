"""Which market and language a request gets.

Precedence, most explicit first: the URL prefix (`/de-ch/`), the market switcher's
cookie, the client IP's country (X-Forwarded-For only from trusted proxies), the region
in Accept-Language, then the shop's default market. The language is the prefix's, else
the cookie's, else the best Accept-Language match among the market's languages, else
the market's default.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .geo import ClientAddress, GeoIPTable
from .settings import Market, ShopConfig

_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_HANT_REGIONS = {"TW", "HK", "MO"}


@dataclass(frozen=True)
class Detected:
    market: Market | None  # None when the visitor's country is not served
    language: str
    client_ip: str | None
    ip_country: str | None
    source: str  # prefix | cookie | ip | accept-language | default
    unserved_country: str | None = None


def parse_accept_language(header: str | None) -> list[str]:
    """Tags by descending q; malformed parts are skipped."""
    if not header:
        return []
    weighted = []
    for i, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        if tag == "*" or not _TAG.match(tag) or q <= 0:
            continue
        weighted.append((-q, i, tag))
    return [t for _, _, t in sorted(weighted)]


def _region(tag: str) -> str | None:
    for sub in tag.split("-")[1:]:
        if len(sub) == 2 and sub.isalpha():
            return sub.upper()
    return None


def _script(tag: str) -> str | None:
    parts = tag.split("-")
    for sub in parts[1:]:
        if len(sub) == 4:
            return sub.title()
    if parts[0].lower() == "zh":
        region = _region(tag)
        if region:
            return "Hant" if region in _HANT_REGIONS else "Hans"
    return None


def best_language(accepted: list[str], offered: list[str]) -> str | None:
    for tag in accepted:
        primary, script = tag.split("-")[0].lower(), _script(tag)
        candidates = [o for o in offered if o.split("-")[0].lower() == primary]
        for o in candidates:
            if script is None or _script(o) in (None, script):
                return o
        if candidates and script is None:
            return candidates[0]
    return None


class MarketDetector:
    def __init__(self, config: ShopConfig, geoip: GeoIPTable, ui_languages: list[str]):
        self.config = config
        self.geoip = geoip
        self.clients = ClientAddress(config.trusted_proxies)
        self.ui_languages = ui_languages
        self._by_default_language: dict[str, Market] = {}
        for m in config.markets.values():
            self._by_default_language.setdefault(m.languages[0].split("-")[0], m)
            self._by_default_language.setdefault(m.languages[0].lower(), m)  # with its script: zh-hant

    def market_for_prefix(self, prefix_country: str | None) -> Market | None:
        return self.config.markets.get(prefix_country.upper()) if prefix_country else None

    def detect(
        self,
        *,
        peer: str | None,
        forwarded_for: str | None,
        accept_language: str | None,
        prefix: tuple[str, str] | None = None,
        cookie_market: str | None = None,
        cookie_language: str | None = None,
    ) -> Detected:
        accepted = parse_accept_language(accept_language)
        client_ip = self.clients.resolve(peer, forwarded_for)
        ip_country = self.geoip.country(client_ip)
        markets = self.config.markets

        market, source, chosen_language = None, "default", None
        if prefix and prefix[1].upper() in markets:
            market, source = markets[prefix[1].upper()], "prefix"
            chosen_language = prefix[0]
        elif cookie_market and cookie_market.upper() in markets:
            market, source = markets[cookie_market.upper()], "cookie"
            chosen_language = cookie_language
        elif ip_country is not None:
            if ip_country not in markets:
                language = best_language(accepted, self.ui_languages) or "en"
                return Detected(None, language, client_ip, ip_country, "ip", unserved_country=ip_country)
            market, source = markets[ip_country], "ip"
        else:
            for tag in accepted:
                region = _region(tag)
                if region in markets:
                    market, source = markets[region], "accept-language"
                    break
            else:
                for tag in accepted:
                    primary, script = tag.split("-")[0].lower(), _script(tag)
                    m = (script and self._by_default_language.get(f"{primary}-{script.lower()}")) or \
                        self._by_default_language.get(primary)
                    default = markets[self.config.default_market]
                    if m is not None:
                        market = default if best_language([tag], default.languages) == default.languages[0] else m
                        source = "accept-language"
                        break
        if market is None:
            market = markets[self.config.default_market]

        language = None
        if chosen_language:
            language = best_language([chosen_language], market.languages)
        language = language or best_language(accepted, market.languages) or market.languages[0]
        return Detected(market, language, client_ip, ip_country, source)
