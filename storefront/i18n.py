"""UI translations (gettext catalogues) and CLDR formatting through Babel."""
from __future__ import annotations

import datetime as dt
import functools
import io
from decimal import Decimal
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, get_currency_precision
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).parent / "locales"
RTL_LANGUAGES = {"ar", "he", "fa", "ur"}


def N_(msgid: str) -> str:
    """Marks a msgid written here and translated later (`fmt._(value)`), for locales/extract.py."""
    return msgid


def catalogue_dir(language: str) -> str:
    return language.replace("-", "_")


# One catalogue per part of the shop (see locales/extract.py): messages (the commerce pages),
# help (help centre and chatbot), support (tickets) and aftersales (returns, refunds, warranty).
DOMAINS = ("messages", "help", "support", "aftersales")


@functools.cache
def translations(language: str) -> NullTranslations:
    """Every domain's catalogue merged, compiled from the .po files in memory, so no build step
    and no binary files in the repo."""
    merged: NullTranslations = NullTranslations()
    for domain in DOMAINS:
        po = LOCALES_DIR / catalogue_dir(language) / "LC_MESSAGES" / f"{domain}.po"
        if not po.exists():
            continue
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=catalogue_dir(language))
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        compiled = Translations(fp=buf, domain=domain)
        if isinstance(merged, Translations):
            merged.merge(compiled)
        else:
            merged = compiled
    return merged


def available_languages() -> list[str]:
    langs = ["en"]
    for d in sorted(LOCALES_DIR.glob("*/LC_MESSAGES/messages.po")):  # every language has the commerce catalogue
        langs.append(d.parent.parent.name.replace("_", "-"))
    return sorted(set(langs))


@functools.cache
def babel_locale(language: str, country: str | None) -> Locale:
    base = language.replace("-", "_")
    for candidate in ([f"{base}_{country}"] if country else []) + [base, "en"]:
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    raise AssertionError("unreachable: en always parses")


def text_direction(language: str) -> str:
    return "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr"


class Formatter:
    """Everything a page prints that depends on the locale."""

    def __init__(self, language: str, country: str | None, currency: str | None):
        self.language = language
        self.locale = babel_locale(language, country)
        self.currency = currency
        self._ = translations(language).gettext

    def money(self, amount: Decimal, currency: str | None = None) -> str:
        return _money(amount, currency or self.currency, self.locale)

    def number(self, value) -> str:
        return _number(value, self.locale)

    def date(self, value: dt.date) -> str:
        return _date(value, self.locale)

    def country_name(self, code: str) -> str:
        return self.locale.territories.get(code, code)

    def language_name(self, tag: str) -> str:
        return _language_name(tag, self.locale)


# Prices, delivery dates and names repeat on every page, and CLDR formatting is the costliest
# part of a render: each is formatted once per locale.
@functools.lru_cache(maxsize=65536)
def _money(amount: Decimal, currency: str, locale: Locale) -> str:
    return format_currency(amount, currency, locale=locale)


@functools.lru_cache(maxsize=16384)
def _number(value, locale: Locale) -> str:
    return format_decimal(value, locale=locale)


@functools.lru_cache(maxsize=16384)
def _date(value: dt.date, locale: Locale) -> str:
    return format_date(value, format="medium", locale=locale)


@functools.lru_cache(maxsize=4096)
def _language_name(tag: str, locale: Locale) -> str:
    try:
        return Locale.parse(tag.replace("-", "_")).get_display_name(locale) or tag
    except (UnknownLocaleError, ValueError):
        return tag


def currency_step(currency: str) -> Decimal:
    return Decimal(1).scaleb(-get_currency_precision(currency))
