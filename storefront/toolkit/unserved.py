"""What a visitor from a country the shop does not serve gets instead of a catalogue page or an
API answer: a page listing the markets the shop does serve, or a 403 saying so in the
visitor's language."""
from __future__ import annotations

from fastapi.responses import JSONResponse

from .context import Ctx
from .render import render


def unserved_page(ctx: Ctx):
    country = ctx.detected.unserved_country
    markets = sorted(ctx.shop.config.markets.values(), key=lambda m: ctx.fmt.country_name(m.country))
    return render(
        ctx,
        ctx.shop.config.pages.unserved_template,
        status=403,
        country=country,
        country_name=ctx.fmt.country_name(country) if country else "",
        markets=markets,
        categories=[],
        cart_count=0,
    )


def unserved_json(ctx: Ctx) -> JSONResponse:
    return JSONResponse({"error": "unserved_country", "country": ctx.detected.unserved_country,
                         "message": ctx._("We do not deliver to {country} yet.",
                                          country=ctx.fmt.country_name(ctx.detected.unserved_country or ""))},
                        status_code=403)
