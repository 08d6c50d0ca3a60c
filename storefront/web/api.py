"""JSON API: the same shop as the pages, for load users and integrations."""
from __future__ import annotations

import secrets
from decimal import Decimal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from .. import checkout as co
from ..db import Cart, Mail, Order
from ..mail import read_mail
from ..toolkit.access import owned
from ..toolkit.context import Ctx, build_context
from ..toolkit.unserved import unserved_json
from .account import LOCKED, LOCKOUT, log_in, register_customer
from .checkout_pages import refusal_text
from .mails import send_order_confirmation
from .pages import product_name

router = APIRouter(prefix="/api")


def money(amount: Decimal) -> str:
    return str(amount)


def refused(ctx: Ctx, err: co.CheckoutError) -> JSONResponse:
    body = {"error": err.code, "message": refusal_text(ctx, err)}
    if err.fields:
        body["fields"] = {k: ctx._(v) for k, v in err.fields.items()}
    return JSONResponse(body, status_code=err.status)


def market_json(ctx: Ctx, m) -> dict:
    return {
        "country": m.country, "name": m.name, "languages": m.languages, "currency": m.currency,
        "time_zone": m.time_zone, "tax": {"kind": m.tax.kind, "rate": str(m.tax.rate),
                                          "regions": {k: str(v) for k, v in m.tax.regions.items()}},
        "consent_required": m.consent_required, "restricted_categories": m.restricted_categories,
        "payment_methods": m.payment_methods,
        "shipping_methods": [{"id": s.id, "price": money(s.price), "days": list(s.days)} for s in m.shipping.methods],
        "promotions": [{"id": p.id, "threshold": money(p.advertised.threshold), "discount": money(p.advertised.discount)}
                       for p in m.promotions],
    }


@router.get("/context")
async def context(request: Request):
    ctx = build_context(request)
    d = ctx.detected
    return {"market": d.market.country if d.market else None, "language": ctx.language,
            "currency": d.market.currency if d.market else None, "client_ip": d.client_ip,
            "ip_country": d.ip_country, "source": d.source, "unserved_country": d.unserved_country}


@router.get("/markets")
async def markets(request: Request):
    ctx = build_context(request)
    return [market_json(ctx, m) for m in ctx.shop.config.markets.values()]


@router.get("/markets/{code}")
async def market(request: Request, code: str):
    ctx = build_context(request)
    m = ctx.shop.config.markets.get(code.upper())
    if m is None:
        return JSONResponse({"error": "unknown_market", "message": f"no market {code[:8]!r}"}, status_code=404)
    return market_json(ctx, m)


def product_json(ctx: Ctx, p) -> dict:
    price = ctx.shop.price(p, ctx.market)
    return {"sku": p.sku, "category": p.category, "name": product_name(ctx, p), "price": money(price),
            "currency": ctx.market.currency, "formatted_price": ctx.fmt.money(price),
            "available": ctx.shop.allowed(p, ctx.market)}


@router.get("/products")
async def products(request: Request, q: str = "", category: str = ""):
    ctx = build_context(request)
    if not ctx.served:
        return unserved_json(ctx)
    needle = q[:100].casefold()
    out = [product_json(ctx, p) for p in ctx.shop.catalogue.products
           if ctx.shop.allowed(p, ctx.market) and (not category or p.category == category)
           and (not needle or any(needle in n.casefold() for n in p.names.values()))]
    return {"market": ctx.market.country, "currency": ctx.market.currency, "products": out}


@router.get("/products/{sku}")
async def product(request: Request, sku: str):
    ctx = build_context(request)
    if not ctx.served:
        return unserved_json(ctx)
    p = ctx.shop.products.get(sku)
    if p is None:
        return JSONResponse({"error": "unknown_product", "message": ctx._("This product does not exist.")}, status_code=404)
    return product_json(ctx, p)


class ItemIn(BaseModel):
    sku: str = Field(max_length=32)
    quantity: int = Field(1, ge=1, le=co.MAX_QUANTITY)


class AddressIn(BaseModel):
    email: str = Field(max_length=200)
    phone: str = Field(max_length=40)
    address: dict[str, str] = Field(max_length=12)


class CheckoutIn(BaseModel):
    shipping_method: str = Field(max_length=32)
    payment_method: str = Field(max_length=32)
    card_number: str | None = Field(None, max_length=40)  # required with payment_method "card": a test card


def cart_json(ctx: Ctx, cart: Cart) -> dict:
    t = co.quote(ctx.shop, cart, ctx.market)
    return {
        "token": cart.owner, "market": cart.market, "currency": ctx.market.currency,
        "items": [{"sku": i.sku, "quantity": i.quantity, "unit_price": money(ctx.shop.price(ctx.shop.products[i.sku], ctx.market))}
                  for i in cart.items],
        "totals": {k: (money(v) if isinstance(v, Decimal) else v) for k, v in t.__dict__.items()},
    }


def _cart(ctx: Ctx, db, token: str):
    return co.cart_for(db, token[:64], ctx.market, ctx.language, create=False)


@router.post("/carts", status_code=201)
async def new_cart(request: Request):
    ctx = build_context(request)
    if not ctx.served:
        return unserved_json(ctx)

    with request.app.state.sessions() as db:
        cart = co.new_cart(db, "api-" + secrets.token_urlsafe(24), ctx.market, ctx.language)
        db.commit()
        return JSONResponse(cart_json(ctx, cart), status_code=201)


def _missing_cart() -> JSONResponse:
    return JSONResponse({"error": "unknown_cart", "message": "no such cart"}, status_code=404)


@router.get("/carts/{token}")
async def get_cart(request: Request, token: str):
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        cart = _cart(ctx, db, token)
        return cart_json(ctx, cart) if cart else _missing_cart()


def _change_cart(ctx: Ctx, token: str, change):
    """Loads the API cart, applies `change(db, cart)` and commits; a refusal rolls back.
    Returns what `change` returned, or the JSON error response."""
    with ctx.request.app.state.sessions() as db:
        cart = _cart(ctx, db, token)
        if cart is None:
            return _missing_cart()
        try:
            result = change(db, cart)
        except co.CheckoutError as err:
            db.rollback()
            return refused(ctx, err)
        db.commit()
        return result


def _as_json(result) -> JSONResponse:
    # A ready response skips FastAPI's generic encoder, a good part of a cart request's cost.
    return result if isinstance(result, JSONResponse) else JSONResponse(result)


@router.post("/carts/{token}/items")
async def add_item(request: Request, token: str, item: ItemIn):
    ctx = build_context(request)
    if not ctx.served:
        return unserved_json(ctx)

    def add(db, cart):
        co.add_item(ctx.shop, db, cart, ctx.market, item.sku, item.quantity)
        return cart_json(ctx, cart)

    return _as_json(_change_cart(ctx, token, add))


@router.post("/carts/{token}/address")
async def set_address(request: Request, token: str, body: AddressIn):
    ctx = build_context(request)

    def address(db, cart):
        # Unlike the pages' guest checkout, any address is taken, an account's too: an API cart has
        # no logged-in checkout to send its holder to (its orders are placed without a customer).
        co.set_address(cart, ctx.market, {**body.address, "email": body.email, "phone": body.phone})
        return {"deliverable": True, "shipping_options": [
            {"id": o.method.id, "price": money(o.method.price), "earliest": o.earliest.isoformat(), "latest": o.latest.isoformat()}
            for o in co.shipping_options(ctx.market)],
            "payment_methods": ctx.shop.payment_methods_at_checkout(ctx.market)}

    return _as_json(_change_cart(ctx, token, address))


@router.post("/carts/{token}/checkout", status_code=201)
async def checkout(request: Request, token: str, body: CheckoutIn):
    ctx = build_context(request)

    def place(db, cart):
        co.choose_shipping(cart, ctx.market, body.shipping_method)
        co.choose_payment(ctx.shop, cart, ctx.market, body.payment_method, body.card_number)
        return co.place_order(ctx.shop, db, cart, ctx.market, None)

    order = _change_cart(ctx, token, place)
    if isinstance(order, JSONResponse):
        return order
    await send_order_confirmation(request.app, ctx.shop, order)
    return JSONResponse(order_json(order), status_code=201)


def order_json(o: Order) -> dict:
    return {
        "ref": o.ref, "market": o.market, "language": o.language, "currency": o.currency, "email": o.email,
        "name": o.name, "phone": o.phone, "address": o.address, "shipping_method": o.shipping_method,
        "payment_method": o.payment_method, "card_number": o.card_number or None,
        "lines": [{"sku": line.sku, "name": line.name, "quantity": line.quantity, "unit_price": money(line.unit_price)} for line in o.lines],
        "subtotal": money(o.subtotal), "discount": money(o.discount), "promotion": o.promotion,
        "shipping": money(o.shipping), "tax": money(o.tax), "tax_included": o.tax_included,
        "tax_rate": money(o.tax_rate), "total": money(o.total),
        "delivery": {"earliest": o.delivery_from.isoformat(), "latest": o.delivery_to.isoformat(),
                     "delivered_on": o.delivered_on.isoformat() if o.delivered_on else None},
    }


@router.get("/orders/{ref}")
async def get_order(request: Request, ref: str):
    """The owner's view (access.may_open): customer data as stored, unmasked, so a client can
    check nothing was mangled."""
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        order = owned(ctx, db, Order, ref)
        if order is None:
            return JSONResponse({"error": "not_found", "message": "no such order for these credentials"}, status_code=404)
        return order_json(order)


class RegisterIn(BaseModel):
    email: str = Field(max_length=200)
    password: str = Field(max_length=200)
    name: str = Field(max_length=200)
    phone: str = Field("", max_length=40)


class LoginIn(BaseModel):
    email: str = Field(max_length=200)
    password: str = Field(max_length=200)


@router.post("/customers", status_code=201)
async def register(request: Request, body: RegisterIn):
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        result = register_customer(db, ctx.shop, ctx.market, body.email.strip(), body.password, body.name, body.phone)
        if isinstance(result, str):
            return JSONResponse({"error": "invalid", "message": ctx._(result)}, status_code=422)
        db.commit()
        return {"email": result.email, "name": result.name, "phone": result.phone, "market": result.market}


@router.post("/sessions", status_code=201)
async def login(request: Request, body: LoginIn):
    with request.app.state.sessions() as db:
        token = log_in(db, body.email, body.password)
        db.commit()
    if token == LOCKED:
        return JSONResponse({"error": "too_many_attempts", "message": "too many failed log-ins for this address; "
                             "try again later"}, status_code=429, headers={"Retry-After": str(int(LOCKOUT.total_seconds()))})
    if token is None:
        return JSONResponse({"error": "bad_credentials", "message": "e-mail address or password is wrong"}, status_code=401)
    return {"token": token}


staging = APIRouter()


@staging.get("/_staging/mailbox")
async def mailbox(request: Request, to: str = ""):
    """Staging only: what the SMTP sink received, newest last."""
    with request.app.state.sessions() as db:
        stmt = select(Mail).order_by(Mail.id)
        if to:
            stmt = stmt.where(Mail.recipient == to.strip().lower()[:200])
        return [read_mail(m) for m in db.scalars(stmt)]
