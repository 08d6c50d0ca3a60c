"""Shop pages: home, category, product, search, market switcher, consent, notify-me."""
from __future__ import annotations

from fastapi import APIRouter, Request
from markupsafe import Markup

from ..addresses import EMAIL
from ..checkout import shipping_options
from ..db import NotifyRequest
from ..toolkit.chrome import CSRF_STAND_IN, Everyone, categories
from ..toolkit.context import CONSENT_COOKIE, LANGUAGE_COOKIE, MARKET_COOKIE, Ctx, build_context
from ..toolkit.forms import read_form
from ..toolkit.page import shop_page
from ..toolkit.render import redirect, render
from ..toolkit.templates import env

router = APIRouter()


def visible_products(ctx: Ctx, category: str | None = None, query: str | None = None):
    out = []
    q = (query or "").casefold()
    for p in ctx.shop.catalogue.products:
        if not ctx.shop.allowed(p, ctx.market):
            continue
        if category and p.category != category:
            continue
        if q and not any(q in n.casefold() for n in p.names.values()) and q not in p.sku.casefold():
            continue
        out.append(p)
    return out


GRID_CACHE_SIZE = 4096


def product_grid(ctx: Ctx, products) -> Markup:
    """The product cards of a listing are the same for every visitor of a market and language:
    rendered once, then served from memory (the catalogue does not change while the shop runs)."""
    cache: dict = ctx.request.app.state.grid_cache
    key = (ctx.market.country, ctx.language, ctx.prefix, tuple(p.sku for p in products))
    html = cache.get(key)
    if html is None:
        if len(cache) >= GRID_CACHE_SIZE:
            cache.clear()
        html = cache[key] = Markup(env.get_template("_grid.html").render(
            products=products, ctx=ctx, fmt=ctx.fmt, shop=ctx.shop, market=ctx.market,
            name=lambda p: product_name(ctx, p)))
    return html


def product_name(ctx: Ctx, product) -> str:
    return product.names.get(ctx.language) or product.names["en"]


@router.get("/")
async def home(request: Request):
    ctx = build_context(request)
    return shop_page(ctx, "home.html", grid=product_grid(ctx, visible_products(ctx)[:12]))


@router.get("/c/{category}")
async def category(request: Request, category: str):
    ctx = build_context(request)
    if category not in ctx.shop.catalogue.categories:
        return shop_page(ctx, "error.html", 404, message=ctx._("This page does not exist."))
    if category in ctx.market.restricted_categories:
        label = ctx.shop.catalogue.categories[category].get(ctx.language, category)
        return shop_page(
            ctx, "refusal.html", 403,
            message=ctx._("This product cannot be sold to {country}: local rules restrict {category}.",
                          country=ctx.fmt.country_name(ctx.market.country), category=label),
        )
    return shop_page(ctx, "listing.html", title=ctx.shop.catalogue.categories[category].get(ctx.language) or category,
                     grid=product_grid(ctx, visible_products(ctx, category=category)))


@router.get("/search")
async def search(request: Request, q: str = ""):
    ctx = build_context(request)
    q = q[:100]
    return shop_page(ctx, "listing.html", title=ctx._("Search results for “{query}”", query=q), query=q,
                     grid=product_grid(ctx, visible_products(ctx, query=q) if q else []))


@router.get("/p/{sku}")
async def product(request: Request, sku: str):
    ctx = build_context(request)
    p = ctx.shop.products.get(sku)
    if p is None:
        return shop_page(ctx, "error.html", 404, message=ctx._("This product does not exist."))
    allowed = ctx.shop.allowed(p, ctx.market)
    return shop_page(ctx, "product.html", status=200 if allowed else 403, name=product_name(ctx, p),
                     detail=product_detail(ctx, p, allowed))


def product_detail(ctx: Ctx, p, allowed: bool) -> Markup:
    """A product's content as every visitor of the market and language sees it today (delivery
    dates change with the day); the add-to-cart form's CSRF token is filled in per visitor."""
    cache: dict = ctx.request.app.state.grid_cache
    options = shipping_options(ctx.market)
    key = ("product", p.sku, ctx.market.country, ctx.language, ctx.prefix, options[0].earliest if options else None)
    html = cache.get(key)
    if html is None:
        if len(cache) >= GRID_CACHE_SIZE:
            cache.clear()
        html = cache[key] = env.get_template("_product.html").render(
            ctx=Everyone(ctx), _=ctx._, fmt=ctx.fmt, market=ctx.market, shop=ctx.shop, product=p, allowed=allowed,
            name=product_name(ctx, p), description=p.descriptions.get(ctx.language) or p.descriptions.get("en", ""),
            category_label=ctx.shop.catalogue.categories[p.category].get(ctx.language, p.category), options=options)
    return Markup(html.replace(CSRF_STAND_IN, ctx.csrf))


@router.get("/markets")
async def markets(request: Request):
    ctx = build_context(request)
    ms = sorted(ctx.shop.config.markets.values(), key=lambda m: (m.continent, ctx.fmt.country_name(m.country)))
    return render(ctx, "markets.html", markets=ms, categories=categories(ctx) if ctx.served else [], cart_count=0)


@router.post("/markets")
async def switch_market(request: Request):
    ctx = build_context(request)
    form = await read_form(ctx)
    code = (form.get("market") or "").upper()
    m = ctx.shop.config.markets.get(code)
    if m is None:
        return render(ctx, "error.html", 400, message=ctx._("Please choose a country from the list."), categories=[], cart_count=0)
    lang = form.get("language") if form.get("language") in m.languages else m.languages[0]
    ctx.cookies.update({MARKET_COOKIE: m.country, LANGUAGE_COOKIE: lang})
    ctx.prefix = ""
    return redirect(ctx, "/")


@router.post("/consent")
async def consent(request: Request):
    ctx = build_context(request)
    form = await read_form(ctx)
    ctx.cookies[CONSENT_COOKIE] = "all" if form.get("choice") == "all" else "necessary"
    back = form.get("next") or "/"
    return redirect(ctx, back if back.startswith("/") and not back.startswith("//") else "/")


@router.post("/notify")
async def notify(request: Request):
    ctx = build_context(request)
    form = await read_form(ctx)
    email = (form.get("email") or "").strip()
    country = (ctx.detected.unserved_country or form.get("country") or "").upper()[:2]
    if not EMAIL.match(email) or len(email) > 200:
        return render(ctx, "error.html", 400, message=ctx._("Please enter a valid e-mail address."), categories=[], cart_count=0)
    with request.app.state.sessions() as db:
        db.add(NotifyRequest(email=email, country=country or "??"))
        db.commit()
    return render(ctx, "notified.html", categories=[], cart_count=0)
