from babel import Locale, UnknownLocaleError
from django import template
from django.utils.translation import get_language, to_locale

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """The country's name in the page's language (CLDR, through Babel), e.g. AT -> Österreich."""
    try:
        locale = Locale.parse(to_locale(get_language() or "en"))
    except (UnknownLocaleError, ValueError):
        locale = Locale("en")
    return locale.territories.get(code, code)
