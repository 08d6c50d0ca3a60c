"""Cart and checkout steps; a placed order goes on to its page (aftersales/order_page.py)."""
from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select

from .. import checkout as co
from ..db import Customer
from ..i18n import N_
from ..privacy import shown
from ..toolkit.context import CART_COOKIE, Ctx, build_context
from ..toolkit.forms import read_form
from ..toolkit.page import shop_page
from ..toolkit.render import redirect
from .mails import send_order_confirmation
from .pages import product_name

router = APIRouter()


def _cart(ctx: Ctx, db, create: bool = False):
    return co.cart_for(db, ctx.sid, ctx.market, ctx.language, create=create)


def _lines(ctx: Ctx, cart):
    shop = ctx.shop
    return [
        {"sku": i.sku, "name": product_name(ctx, shop.products[i.sku]), "quantity": i.quantity,
         "unit": shop.price(shop.products[i.sku], ctx.market),
         "amount": shop.price(shop.products[i.sku], ctx.market) * i.quantity}
        for i in (cart.items if cart else [])
    ]


def refusal_text(ctx: Ctx, err: co.CheckoutError) -> str:
    """The refusal in the customer's language, its placeholders localised too."""
    params = dict(err.params)
    if "country" in params:
        params["country"] = ctx.fmt.country_name(params["country"])
    if "category" in params:
        params["category"] = ctx.shop.catalogue.categories.get(params["category"], {}).get(ctx.language, params["category"])
    if "step" in params:
        params["step"] = ctx._(params["step"])
    return ctx._(err.message, **params)


@router.get("/cart")
async def view_cart(request: Request):
    ctx = build_context(request)
    if not ctx.served:  # before the cart is read: reading it in the fallback market would empty it
        return shop_page(ctx, "cart.html")
    with request.app.state.sessions() as db:
        cart = _cart(ctx, db)
        lines = _lines(ctx, cart)
        totals = co.quote(ctx.shop, cart, ctx.market) if cart and cart.items else None
        db.commit()
    return shop_page(ctx, "cart.html", lines=lines, totals=totals)


@router.post("/cart/add")
async def add_to_cart(request: Request):
    ctx = build_context(request)
    form = await read_form(ctx)
    if not ctx.served:
        return shop_page(ctx, "cart.html")
    with request.app.state.sessions() as db:
        cart = _cart(ctx, db, create=True)
        ctx.cookies[CART_COOKIE] = "1"
        try:
            qty = int(form.get("quantity") or 1)
        except ValueError:
            qty = 0
        try:
            co.add_item(ctx.shop, db, cart, ctx.market, form.get("sku", ""), qty)
        except co.CheckoutError as err:
            db.rollback()
            return shop_page(ctx, "refusal.html", err.status, message=refusal_text(ctx, err))
        db.commit()
    return redirect(ctx, "/cart")


@router.post("/cart/update")
async def update_cart(request: Request):
    ctx = build_context(request)
    form = await read_form(ctx)
    with request.app.state.sessions() as db:
        cart = _cart(ctx, db)
        if cart:
            try:
                co.set_quantity(cart, form.get("sku", ""), int(form.get("quantity") or 0))
            except (ValueError, co.CheckoutError):
                db.rollback()
                return shop_page(ctx, "refusal.html", 422,
                                 message=ctx._("Please choose a quantity between 1 and {max}.", max=co.MAX_QUANTITY))
            db.commit()
    return redirect(ctx, "/cart")


def _need_cart(ctx: Ctx, db):
    cart = _cart(ctx, db)
    return cart if cart and cart.items else None


@router.get("/checkout")
async def checkout_address(request: Request):
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        cart = _need_cart(ctx, db)
        if cart is None:
            return redirect(ctx, "/cart")
        customer = ctx.customer(db)
        values = {**(cart.checkout.get("contact") or {}), **(cart.checkout.get("address") or {})}
        if customer and not values:
            values = {"email": customer.email, "phone": customer.phone, "name": customer.name}
            saved = [a for a in customer.addresses if a.country == ctx.market.country]
            if saved:  # only an address in this market's country fits its form
                values.update(saved[-1].fields)
        db.commit()
    return shop_page(ctx, "checkout_address.html", values=values, errors={}, customer=customer)


@router.post("/checkout")
async def submit_address(request: Request):
    ctx = build_context(request)
    form = await read_form(ctx)
    with request.app.state.sessions() as db:
        cart = _need_cart(ctx, db)
        if cart is None:
            return redirect(ctx, "/cart")
        customer = ctx.customer(db)
        # A guest may not check out under an account's e-mail address (the order would go to that
        # account's holder): log in, or use another address. A logged-in customer may use any.
        taken = {"email": ACCOUNT_EXISTS} if customer is None and _has_account(db, form.get("email", "")) else {}
        try:
            co.set_address(cart, ctx.market, form)
        except co.CheckoutError as err:
            db.rollback()
            errors = {k: ctx._(v) for k, v in {**err.fields, **taken}.items()}
            return shop_page(ctx, "checkout_address.html", 422, values=form, errors=errors,
                             refusal=None if err.fields else refusal_text(ctx, err), customer=customer)
        if taken:
            db.rollback()
            return shop_page(ctx, "checkout_address.html", 422, values=form, errors={"email": ctx._(ACCOUNT_EXISTS)},
                             refusal=None, customer=None)
        db.commit()
    return redirect(ctx, "/checkout/shipping")


ACCOUNT_EXISTS = N_("An account with this e-mail address already exists.")


def _has_account(db, email: str) -> bool:
    """Whether an account has this e-mail address; accounts are stored lower-case, so case is ignored."""
    address = email.strip().lower()[:200]
    return bool(address) and db.scalar(select(Customer.id).where(Customer.email == address)) is not None


@router.get("/checkout/shipping")
async def checkout_shipping(request: Request):
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        cart = _need_cart(ctx, db)
        if cart is None or "address" not in cart.checkout:
            return redirect(ctx, "/checkout")
        chosen = cart.checkout.get("shipping")
    return shop_page(ctx, "checkout_shipping.html", options=co.shipping_options(ctx.market), chosen=chosen)


@router.post("/checkout/shipping")
async def submit_shipping(request: Request):
    ctx = build_context(request)
    form = await read_form(ctx)
    with request.app.state.sessions() as db:
        cart = _need_cart(ctx, db)
        if cart is None:
            return redirect(ctx, "/cart")
        try:
            co.choose_shipping(cart, ctx.market, form.get("method", ""))
        except co.CheckoutError as err:
            return shop_page(ctx, "checkout_shipping.html", err.status, options=co.shipping_options(ctx.market),
                             chosen=None, refusal=refusal_text(ctx, err))
        db.commit()
    return redirect(ctx, "/checkout/payment")


@router.get("/checkout/payment")
async def checkout_payment(request: Request):
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        cart = _need_cart(ctx, db)
        if cart is None or "shipping" not in cart.checkout:
            return redirect(ctx, "/checkout/shipping")
        chosen = cart.checkout.get("payment")
    return shop_page(ctx, "checkout_payment.html", methods=ctx.shop.payment_methods_at_checkout(ctx.market), chosen=chosen)


@router.post("/checkout/payment")
async def submit_payment(request: Request):
    ctx = build_context(request)
    form = await read_form(ctx)
    with request.app.state.sessions() as db:
        cart = _need_cart(ctx, db)
        if cart is None:
            return redirect(ctx, "/cart")
        try:
            co.choose_payment(ctx.shop, cart, ctx.market, form.get("method", ""), form.get("card_number", ""))
        except co.CheckoutError as err:
            return shop_page(ctx, "checkout_payment.html", err.status, methods=ctx.shop.payment_methods_at_checkout(ctx.market),
                             chosen=form.get("method"), refusal=refusal_text(ctx, err))  # a refused card number is not echoed
        db.commit()
    return redirect(ctx, "/checkout/review")


@router.get("/checkout/review")
async def checkout_review(request: Request):
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        cart = _need_cart(ctx, db)
        if cart is None or "payment" not in cart.checkout:
            return redirect(ctx, "/checkout/payment")
        option = next(o for o in co.shipping_options(ctx.market) if o.method.id == cart.checkout["shipping"])
        return shop_page(ctx, "checkout_review.html", lines=_lines(ctx, cart), totals=co.quote(ctx.shop, cart, ctx.market),
                         checkout=cart.checkout, option=option, card=shown(ctx.market, "card", cart.checkout.get("card")))


@router.post("/checkout/place")
async def place(request: Request):
    ctx = build_context(request)
    await read_form(ctx)
    with request.app.state.sessions() as db:
        cart = _need_cart(ctx, db)
        if cart is None:
            return redirect(ctx, "/cart")
        customer = ctx.customer(db)
        try:
            order = co.place_order(ctx.shop, db, cart, ctx.market, customer.id if customer else None)
        except co.CheckoutError as err:
            db.rollback()
            return shop_page(ctx, "refusal.html", err.status, message=refusal_text(ctx, err))
        db.commit()
        ref = order.ref
    await send_order_confirmation(request.app, ctx.shop, order)
    return redirect(ctx, f"/orders/{ref}")
