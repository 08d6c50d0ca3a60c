"""Cart and checkout rules shared by the HTML pages and the JSON API."""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from . import shipping as shipping_mod
from .addresses import check_address, check_contact
from .cards import EXAMPLE, FIELD_MESSAGE, REQUIRED, CardRefused, check_card
from .customer_data import CustomerData
from .db import Cart, CartItem, Order, OrderLine
from .pricing import Totals, totals
from .settings import Market, ShippingMethod
from .shop import Shop

MAX_QUANTITY = 99


class CheckoutError(Exception):
    """A refusal the customer must see; `code` is stable for the API, `message` is a msgid."""

    def __init__(self, code: str, message: str, status: int = 422, fields: dict | None = None, **params):
        super().__init__(message)
        self.code, self.message, self.status, self.fields, self.params = code, message, status, fields or {}, params


def cart_for(db: Session, owner: str, market: Market, language: str, create: bool) -> Cart | None:
    # One query for the cart and its items: every cart request reads both.
    cart = db.scalars(select(Cart).options(joinedload(Cart.items)).where(Cart.owner == owner)).unique().first()
    if cart is None and create:
        cart = new_cart(db, owner, market, language)
    elif cart is not None and cart.market != market.country:
        # Switching market empties the cart: prices, tax and availability all change.
        cart.items.clear()
        cart.market, cart.checkout = market.country, {}
    if cart is not None:
        cart.language = language
    return cart


def new_cart(db: Session, owner: str, market: Market, language: str) -> Cart:
    cart = Cart(owner=owner, market=market.country, language=language, checkout={}, items=[])
    db.add(cart)
    return cart


def add_item(shop: Shop, db: Session, cart: Cart, market: Market, sku: str, quantity: int) -> CartItem:
    product = shop.products.get(sku)
    if product is None:
        raise CheckoutError("unknown_product", "This product does not exist.", status=404)
    if not shop.allowed(product, market):
        raise CheckoutError(
            "restricted",
            "This product cannot be sold to {country}: local rules restrict {category}.",
            country=market.country,
            category=product.category,
        )
    if not 1 <= quantity <= MAX_QUANTITY:
        raise CheckoutError("bad_quantity", "Please choose a quantity between 1 and {max}.", max=MAX_QUANTITY)
    for item in cart.items:
        if item.sku == sku:
            item.quantity = min(item.quantity + quantity, MAX_QUANTITY)
            return item
    item = CartItem(sku=sku, quantity=quantity)
    cart.items.append(item)
    return item


def set_quantity(cart: Cart, sku: str, quantity: int) -> None:
    if not 0 <= quantity <= MAX_QUANTITY:
        raise CheckoutError("bad_quantity", "Please choose a quantity between 1 and {max}.", max=MAX_QUANTITY)
    for item in list(cart.items):
        if item.sku == sku:
            if quantity == 0:
                cart.items.remove(item)
            else:
                item.quantity = quantity


def subtotal(shop: Shop, cart: Cart, market: Market) -> Decimal:
    return sum((shop.price(shop.products[i.sku], market) * i.quantity for i in cart.items), Decimal(0))


def set_address(cart: Cart, market: Market, data: dict[str, str]) -> None:
    """Validates contact and address, then refuses addresses outside coverage before payment."""
    contact = check_contact(data, market)
    address = check_address(data, market)
    errors = {**contact.errors, **address.errors}
    if errors:
        raise CheckoutError("invalid_address", "Please correct the highlighted fields.", fields=errors)
    cover = shipping_mod.coverage(market, address.values.get("postcode"), address.values.get("region"))
    if not cover.deliverable:
        if cover.excluded_area:
            raise CheckoutError("not_deliverable", "We cannot deliver to {area}.", area=cover.excluded_area)
        raise CheckoutError("not_deliverable", "We cannot deliver to this address.")
    cart.checkout = {**cart.checkout, "contact": contact.values, "address": address.values}


def today_in(market: Market) -> dt.date:
    return dt.datetime.now(ZoneInfo(market.time_zone)).date()


@dataclass(frozen=True)
class ShippingOption:
    method: ShippingMethod
    earliest: dt.date
    latest: dt.date


def shipping_options(market: Market) -> list[ShippingOption]:
    today = today_in(market)
    return [ShippingOption(m, *shipping_mod.estimate(market, m, today)) for m in market.shipping.methods]


def choose_shipping(cart: Cart, market: Market, method_id: str) -> None:
    if "address" not in cart.checkout:
        raise CheckoutError("no_address", "Please enter a delivery address first.", status=409)
    if method_id not in {m.id for m in market.shipping.methods}:
        raise CheckoutError("bad_shipping", "Please choose a shipping method.")
    cart.checkout = {**cart.checkout, "shipping": method_id}


def choose_payment(shop: Shop, cart: Cart, market: Market, method: str, card_number: str | None = None) -> None:
    """`card_number` goes with method "card": None leaves it to be given later (place_order
    refuses a card payment without one); anything else is checked now."""
    if method not in shop.payment_methods_at_checkout(market):
        raise CheckoutError("bad_payment", "This payment method is not available.")
    chosen = {k: v for k, v in cart.checkout.items() if k != "card"}
    if method == "card" and card_number is not None:
        try:
            chosen["card"] = check_card(card_number)
        except CardRefused as err:
            raise CheckoutError(err.code, err.message, fields={"card_number": FIELD_MESSAGE}, example=EXAMPLE) from None
    cart.checkout = {**chosen, "payment": method}


def quote(shop: Shop, cart: Cart, market: Market) -> Totals:
    method = next((m for m in market.shipping.methods if m.id == cart.checkout.get("shipping")), None)
    fee = method.price if method else Decimal(0)
    region = (cart.checkout.get("address") or {}).get("region")
    return totals(market, subtotal(shop, cart, market), fee, region)


def place_order(shop: Shop, db: Session, cart: Cart, market: Market, customer_id: int | None) -> Order:
    if not cart.items:
        raise CheckoutError("empty_cart", "Your cart is empty.", status=409)
    for step in ("address", "shipping", "payment"):
        if step not in cart.checkout:
            raise CheckoutError("incomplete", "Please complete the {step} step.", status=409, step=step)
    if cart.checkout["payment"] not in shop.payment_methods_at_checkout(market):
        raise CheckoutError("bad_payment", "This payment method is not available.")
    if cart.checkout["payment"] == "card" and not cart.checkout.get("card"):
        raise CheckoutError("card_required", REQUIRED, fields={"card_number": FIELD_MESSAGE}, example=EXAMPLE)
    option = next(o for o in shipping_options(market) if o.method.id == cart.checkout["shipping"])
    t = quote(shop, cart, market)
    store = CustomerData(shop.config.storage)
    address = dict(cart.checkout["address"])
    contact = cart.checkout["contact"]
    order = Order(
        ref=f"{market.country}-{secrets.token_hex(4).upper()}",
        owner=cart.owner,
        customer_id=customer_id,
        market=market.country,
        language=cart.language,
        currency=market.currency,
        email=contact["email"],
        name=store.text(address.get("name", "")),
        phone=store.phone(contact["phone"]),
        address=store.address(address),
        shipping_method=option.method.id,
        payment_method=cart.checkout["payment"],
        card_number=cart.checkout.get("card", "") if cart.checkout["payment"] == "card" else "",
        subtotal=t.subtotal,
        discount=t.discount,
        promotion=t.promotion,
        shipping=t.shipping,
        tax=t.tax,
        tax_included=t.tax_included,
        tax_rate=t.tax_rate,
        total=t.total,
        delivery_from=option.earliest,
        delivery_to=option.latest,
    )
    for item in cart.items:
        product = shop.products[item.sku]
        name = product.names.get(cart.language) or product.names["en"]
        order.lines.append(OrderLine(sku=item.sku, name=name, quantity=item.quantity, unit_price=shop.price(product, market)))
    db.add(order)
    cart.items.clear()
    cart.checkout = {}
    db.flush()
    return order
