"""Pages and JSON API of the aftersales part of the shop: the order page (order_page.py), returns,
refunds, warranty claims, and the staging hook that says when an order arrived.

Everything filed on an order answers only whoever may open the order (toolkit/access.py): a
stranger gets the same 404 as for a reference that does not exist.
"""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from ..checkout import MAX_QUANTITY
from ..db import Order
from ..i18n import N_
from ..policy import facts
from ..privacy import order_contact
from ..toolkit.access import owned
from ..toolkit.context import Ctx, build_context
from ..toolkit.forms import read_form
from ..toolkit.page import shop_page
from ..toolkit.render import redirect
from . import order_page, wording
from .as_json import claim_json, return_json
from .delivery import MAX_DAYS_AGO, mark_delivered
from .errors import AftersalesError
from .mails import send_return_mails, send_warranty_mail
from .models import ReturnRequest, WarrantyClaim
from .operations import return_last_day, warranty_last_day
from .order_page import missing_order, owned_order, render_order
from .returns import MAX_COMMENT, REASONS, request_return
from .warranty import MAX_PROBLEM, claim_warranty

router = APIRouter()
router.include_router(order_page.router)
MAX_ITEMS = 50


# ---------------------------------------------------------------- shared


def _not_found(what: str) -> JSONResponse:
    return JSONResponse({"error": "not_found", "message": f"no such {what} for these credentials"}, status_code=404)


def _api_refusal(ctx: Ctx, err: AftersalesError) -> JSONResponse:
    body = {"error": err.code, "message": ctx._(err.message, **err.params)}
    if err.field:
        body["field"] = err.field
    return JSONResponse(body, status_code=err.status)


def _shown_email(ctx: Ctx, order: Order) -> dict:
    """The order's e-mail address as its market's privacy rule lets a page show it."""
    return order_contact(ctx.shop.config.markets[order.market], order)["email"]


def _form_error(ctx: Ctx, err: AftersalesError) -> dict:
    return {"code": err.code, "field": err.field, "message": ctx._(err.message, **err.params)}


async def _file_on_order(ctx: Ctx, ref: str, file, send, missing, refused, as_json=None):
    """Loads the order the requester may open, files `file(db, order)` on it and commits, then
    awaits `send(app, shop, order, filed)` (its e-mail). Returns what to answer: `missing()`,
    `refused(db, order, err)`, or (filed, `as_json(filed)` read while the session is open)."""
    with ctx.request.app.state.sessions() as db:
        order = owned_order(ctx, db, ref)
        if order is None:
            return missing()
        try:
            filed = file(db, order)
        except AftersalesError as err:
            db.rollback()
            return refused(db, order, err)
        db.commit()
        out = as_json(filed) if as_json else None
    await send(ctx.request.app, ctx.shop, order, filed)
    return filed, out


# ---------------------------------------------------------------- returns


class ReturnItemIn(BaseModel):
    sku: str = Field(max_length=32)
    quantity: int = Field(ge=1, le=MAX_QUANTITY)


class ReturnIn(BaseModel):
    items: list[ReturnItemIn] = Field(min_length=1, max_length=MAX_ITEMS)
    reason: str | None = Field(None, max_length=32)
    comment: str = Field("", max_length=MAX_COMMENT)


def _form_items(form: dict[str, str]) -> list[tuple[str, int]]:
    """The return form's `qty_<sku>` fields."""
    items = []
    for key, value in form.items():
        if key.startswith("qty_"):
            try:
                items.append((key[4:], int(value.strip() or 0)))
            except ValueError:
                raise AftersalesError("bad_quantity", N_("Please choose how many of each item to return."), field="items") from None
    return items


@router.post("/orders/{ref}/returns")
async def return_from_page(request: Request, ref: str):
    ctx = build_context(request)
    form = await read_form(ctx)
    result = await _file_on_order(
        ctx, ref, lambda db, order: request_return(db, ctx.shop, order, _form_items(form), form.get("reason"),
                                                   form.get("comment", "")),
        send_return_mails, lambda: missing_order(ctx),
        lambda db, order, err: render_order(ctx, db, order, err.status, errors={"return": _form_error(ctx, err)}, form=form))
    return redirect(ctx, f"/returns/{result[0].ref}") if isinstance(result, tuple) else result


@router.post("/api/orders/{ref}/returns", status_code=201)
async def return_from_api(request: Request, ref: str, body: ReturnIn):
    ctx = build_context(request)
    result = await _file_on_order(
        ctx, ref, lambda db, order: request_return(db, ctx.shop, order, [(i.sku, i.quantity) for i in body.items],
                                                   body.reason, body.comment),
        send_return_mails, lambda: _not_found("order"), lambda db, order, err: _api_refusal(ctx, err),
        as_json=lambda ret: return_json(ctx.shop, ret, ctx.fmt))
    return JSONResponse(result[1], status_code=201) if isinstance(result, tuple) else result


@router.get("/returns/{ref}")
async def return_page(request: Request, ref: str):
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        ret = owned(ctx, db, ReturnRequest, ref)
        if ret is None:
            return shop_page(ctx, "error.html", 404, guard=False, message=ctx._("We could not find this return for your account."))
        order = db.get(Order, ret.order_id)
        f = facts(ctx.shop.config.markets[ret.market], "page")
        return shop_page(
            ctx, "aftersales/return.html", guard=False, ret=ret, facts=f,
            last_day=return_last_day(ret.delivered_on, f.return_days),
            decision=wording.return_decision(ctx.fmt, ret, f), policy=wording.return_policy(ctx.fmt, f, ret.delivered_on),
            reason_label=REASONS.get(ret.reason or ""),
            refund=wording.refund_expected(ctx.fmt, ret) if ret.status == "accepted" else "",
            refund_policy=wording.refund_policy(ctx.fmt, f), email=_shown_email(ctx, order),
        )


@router.get("/api/returns/{ref}")
async def return_in_api(request: Request, ref: str):
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        ret = owned(ctx, db, ReturnRequest, ref)
        return _not_found("return") if ret is None else JSONResponse(return_json(ctx.shop, ret, ctx.fmt))


# ---------------------------------------------------------------- warranty


class WarrantyIn(BaseModel):
    sku: str = Field(max_length=32)
    problem: str = Field(max_length=MAX_PROBLEM)


@router.post("/orders/{ref}/warranty")
async def warranty_from_page(request: Request, ref: str):
    ctx = build_context(request)
    form = await read_form(ctx)
    result = await _file_on_order(
        ctx, ref, lambda db, order: claim_warranty(db, ctx.shop, order, form.get("sku", ""), form.get("problem", "")),
        send_warranty_mail, lambda: missing_order(ctx),
        lambda db, order, err: render_order(ctx, db, order, err.status, errors={"warranty": _form_error(ctx, err)}, form=form))
    return redirect(ctx, f"/warranty/{result[0].ref}") if isinstance(result, tuple) else result


@router.post("/api/orders/{ref}/warranty", status_code=201)
async def warranty_from_api(request: Request, ref: str, body: WarrantyIn):
    ctx = build_context(request)
    result = await _file_on_order(
        ctx, ref, lambda db, order: claim_warranty(db, ctx.shop, order, body.sku, body.problem),
        send_warranty_mail, lambda: _not_found("order"), lambda db, order, err: _api_refusal(ctx, err),
        as_json=lambda claim: claim_json(ctx.shop, claim, ctx.fmt))
    return JSONResponse(result[1], status_code=201) if isinstance(result, tuple) else result


@router.get("/warranty/{ref}")
async def warranty_page(request: Request, ref: str):
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        claim = owned(ctx, db, WarrantyClaim, ref)
        if claim is None:
            return shop_page(ctx, "error.html", 404, guard=False,
                             message=ctx._("We could not find this warranty claim for your account."))
        order = db.get(Order, claim.order_id)
        f = facts(ctx.shop.config.markets[claim.market], "page")
        return shop_page(
            ctx, "aftersales/warranty.html", guard=False, claim=claim, facts=f,
            last_day=warranty_last_day(claim.delivered_on, f.warranty_months),
            decision=wording.warranty_decision(ctx.fmt, claim, f), fee=wording.warranty_fee(ctx.fmt, claim),
            policy=wording.warranty_policy(ctx.fmt, f, claim.delivered_on), email=_shown_email(ctx, order),
        )


@router.get("/api/warranty/{ref}")
async def warranty_in_api(request: Request, ref: str):
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        claim = owned(ctx, db, WarrantyClaim, ref)
        return _not_found("warranty claim") if claim is None else JSONResponse(claim_json(ctx.shop, claim, ctx.fmt))


# ---------------------------------------------------------------- staging: time travel


class DeliveredIn(BaseModel):
    days_ago: int = Field(ge=0, le=MAX_DAYS_AGO, strict=True)


@router.post("/_staging/orders/{ref}/delivered")
async def staging_delivered(request: Request, ref: str, body: DeliveredIn):
    """Staging only: the order arrived `days_ago` days before today (the market's today)."""
    shop = request.app.state.shop
    with request.app.state.sessions() as db:
        order = db.scalar(select(Order).where(Order.ref == ref[:32]))
        if order is None:
            return JSONResponse({"error": "not_found", "message": "no such order"}, status_code=404)
        day = mark_delivered(order, shop.config.markets[order.market], body.days_ago)
        db.commit()
    return {"ref": order.ref, "delivered_on": day.isoformat()}
