"""Prices formatted for the visitor's country as well as its language: Oscar's `currency` filter
formats with the language alone (`de`: "12,00 €"), where an Austrian page writes "€ 12,00"
(CLDR de_AT). A shop selling in several countries of one language formats with both, as here:
the filter Oscar registers is wrapped to use `<language>_<country>` when Babel knows that locale."""
from __future__ import annotations

from contextvars import ContextVar
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency

COUNTRY: ContextVar[str | None] = ContextVar("visitor_country", default=None)


def install() -> None:
    from django.conf import settings
    from django.utils.translation import get_language, to_locale
    from oscar.templatetags import currency_filters

    oscar_currency = currency_filters.currency

    def currency(value, currency_format=None):
        country = COUNTRY.get()
        shown = oscar_currency(value, currency_format)
        if not country or not shown:
            return shown
        locale = f"{to_locale(get_language() or settings.LANGUAGE_CODE)}_{country}"
        try:
            Locale.parse(locale)
        except (UnknownLocaleError, ValueError):
            return shown
        code = currency_format or settings.OSCAR_DEFAULT_CURRENCY
        formats = getattr(settings, "OSCAR_CURRENCY_FORMAT", None)
        kwargs = dict(formats.get(code, {})) if isinstance(formats, dict) else ({"format": formats} if formats else {})
        return format_currency(Decimal(value), **{**kwargs, "currency": code, "locale": locale})

    currency_filters.register.filters["currency"] = currency
    currency_filters.currency = currency


class CountryMiddleware:
    """Notes the visitor's country for the request, for the currency filter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .visitor import visitor

        token = COUNTRY.set(visitor(request).country)
        try:
            return self.get_response(request)
        finally:
            COUNTRY.reset(token)
