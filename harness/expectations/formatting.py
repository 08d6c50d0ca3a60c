"""CLDR formatting through Babel, as a page in a given language and market must show it."""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency

_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2009"), " ")


@lru_cache(maxsize=512)
def locale_for(language: str, country: str) -> Locale:
    base = language.replace("-", "_")
    for candidate in (f"{base}_{country}", base, "en"):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    raise AssertionError("unreachable: en always parses")


def money(amount: Decimal, currency: str, language: str, country: str) -> str:
    return format_currency(amount, currency, locale=locale_for(language, country))


def comparable(text: str) -> str:
    """Bidi marks dropped and the various spaces made one, as a reader would compare them."""
    return " ".join(text.translate(_INVISIBLE).translate(_SPACES).split())
