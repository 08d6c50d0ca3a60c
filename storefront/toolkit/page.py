"""A page in the shop's frame: the chrome, the cart count in the header, and the refusal a
catalogue page gives a visitor from a country the shop does not serve."""
from __future__ import annotations

from sqlalchemy import func, select

from ..db import Cart, CartItem
from .chrome import categories
from .context import CART_COOKIE, Ctx
from .render import render
from .unserved import unserved_page


def cart_count(ctx: Ctx) -> int:
    # Most visitors never add to cart: the cookie set with the first cart spares them a query.
    if ctx.new_sid or CART_COOKIE not in ctx.request.cookies:
        return 0
    with ctx.request.app.state.sessions() as db:
        n = db.scalar(select(func.sum(CartItem.quantity)).join(Cart).where(Cart.owner == ctx.sid))
    return int(n or 0)


def shop_page(ctx: Ctx, template: str, status: int = 200, *, guard: bool = True, **values):
    """Every shop page with its chrome. Catalogue pages (guard) refuse unserved countries;
    account and order pages stay reachable so a traveller never loses their orders."""
    if guard and not ctx.served:
        return unserved_page(ctx)
    return render(ctx, template, status, categories=categories(ctx) if ctx.served else [], cart_count=cart_count(ctx), **values)
