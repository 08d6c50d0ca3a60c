"""Page chrome: header, promotion banners, chat widget and footer, rendered once per market,
language and URL prefix, then served from memory.

They are the same for every visitor of a market and language (the settings do not change
while the shop runs) and were most of what rendering a page cost. The one per-visitor value
inside, the CSRF token of the chat widget's form, is filled in per request.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .context import Ctx
from .templates import env

CACHE_SIZE = 4096
CSRF_STAND_IN = "@@csrf@@"  # stands in for the token while a fragment is rendered for everyone


@dataclass(frozen=True)
class Chrome:
    head: Markup
    cart_label: str
    head_end: Markup
    promotions: Markup
    widget: Markup
    footer: Markup


class Everyone:
    """The request's context as the cached fragments may see it: without its CSRF token."""

    def __init__(self, ctx: Ctx):
        self._ctx = ctx

    csrf = CSRF_STAND_IN

    def __getattr__(self, name):
        return getattr(self._ctx, name)


def categories(ctx: Ctx) -> list[str]:
    """The catalogue's categories the market may sell, for the header's navigation."""
    restricted = set(ctx.market.restricted_categories)
    return [c for c in ctx.shop.catalogue.categories if c not in restricted]


def chrome(ctx: Ctx) -> Chrome:
    cache: dict = ctx.request.app.state.chrome_cache
    key = (ctx.market.country, ctx.language, ctx.prefix, ctx.served, ctx.fmt.locale)
    found = cache.get(key)
    if found is None:
        if len(cache) >= CACHE_SIZE:
            cache.clear()
        module = env.get_template("_chrome.html").make_module({
            "ctx": Everyone(ctx), "_": ctx._, "fmt": ctx.fmt, "market": ctx.market, "shop": ctx.shop,
            "categories": categories(ctx) if ctx.served else []})
        found = cache[key] = Chrome(head=Markup(module.head()), cart_label=ctx._("Cart"),
                                    head_end=Markup(module.head_end()), promotions=Markup(module.promotions()),
                                    widget=Markup(module.widget()), footer=Markup(module.footer()))
    return found


def with_token(chrome_: Chrome, ctx: Ctx) -> Chrome:
    """The cached chrome with this visitor's CSRF token where the widget's form needs it."""
    if CSRF_STAND_IN not in chrome_.widget:
        return chrome_
    return Chrome(chrome_.head, chrome_.cart_label, chrome_.head_end, chrome_.promotions,
                  Markup(str(chrome_.widget).replace(CSRF_STAND_IN, ctx.csrf)), chrome_.footer)
