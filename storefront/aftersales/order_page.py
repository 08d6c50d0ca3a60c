"""The order page, where a placed order lands: what was ordered, its delivery, and the
after-sales forms and filings (order_view.py). Only whoever may open the order sees it
(toolkit/access.py); anyone else gets the same 404 as for a reference that does not exist."""
from __future__ import annotations

from fastapi import APIRouter, Request

from ..db import Order
from ..toolkit.access import owned
from ..toolkit.context import Ctx, build_context
from ..toolkit.page import shop_page
from .order_view import order_view

router = APIRouter()


def owned_order(ctx: Ctx, db, ref: str) -> Order | None:
    return owned(ctx, db, Order, ref)


def missing_order(ctx: Ctx):
    return shop_page(ctx, "error.html", 404, guard=False, message=ctx._("We could not find this order for your account."))


def render_order(ctx: Ctx, db, order: Order, status: int = 200, **values):
    """The order page; `values` (a refused form's errors and input) go to the after-sales forms."""
    return shop_page(ctx, "order.html", status, guard=False, order=order, lines=list(order.lines),
                     **order_view(ctx.shop, db, order, ctx.fmt), **values)


@router.get("/orders/{ref}")
async def order_page(request: Request, ref: str):
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        order = owned_order(ctx, db, ref)
        if order is None:
            return missing_order(ctx)
        return render_order(ctx, db, order)
