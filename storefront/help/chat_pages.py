"""The chat as pages, for browsers without JavaScript and for the widget's "talk to a person":
`/help/chat` (the conversation and a message form) and `/help/chat/handoff` (the form that
passes the conversation to a person). The widget's script is served here too."""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..i18n import Formatter
from ..support import display
from ..support.mails import send_ticket_acknowledgement
from ..support.tickets import acknowledgement
from ..toolkit.context import Ctx, build_context
from ..toolkit.forms import read_form
from ..toolkit.page import shop_page
from ..toolkit.render import redirect
from . import chat, handoff
from .errors import ChatRefused

router = APIRouter()
WIDGET_SCRIPT = (Path(__file__).parent / "static" / "chat.js").read_bytes()


@router.get("/help/chat.js")
async def widget_script():
    return Response(WIDGET_SCRIPT, media_type="text/javascript; charset=utf-8",
                    headers={"Cache-Control": "public, max-age=3600"})


def _owned(ctx: Ctx, db, conv_id: str | None):
    try:
        return chat.load(db, ctx, chat.conversation_id(conv_id)) if conv_id else None
    except ChatRefused:
        return None


def chat_page(ctx: Ctx, conv, status: int = 200, error: str | None = None, typed: str = ""):
    market = ctx.shop.config.markets[conv.market] if conv else ctx.market
    return shop_page(ctx, "help/chat.html", status, conversation=conv, messages=list(conv.messages) if conv else [],
                     offer=handoff.offer(ctx.shop.config.support, market), error=error, typed=typed,
                     max_message=chat.MAX_MESSAGE, hide_chat_widget=True)


@router.get("/help/chat")
async def chat_get(request: Request, conversation: str = ""):
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        return chat_page(ctx, _owned(ctx, db, conversation[:24]))


@router.post("/help/chat")
async def chat_post(request: Request):
    ctx = build_context(request)
    form = await read_form(ctx)
    conv_id = form.get("conversation") or None
    try:
        text = chat.message_text(form.get("message"))
        with request.app.state.sessions() as db:
            conv = chat.load(db, ctx, chat.conversation_id(conv_id)) if conv_id else chat.start(db, ctx)
            chat.converse(db, ctx, conv, text)
            db.commit()
            conv_id = conv.id
    except ChatRefused as err:
        with request.app.state.sessions() as db:
            return chat_page(ctx, _owned(ctx, db, conv_id), err.status, err.text(ctx), typed=form.get("message") or "")
    return redirect(ctx, f"/help/chat?conversation={conv_id}#latest")


def handoff_page(ctx: Ctx, conv, kind: str, status: int = 200, errors: dict | None = None, values: dict | None = None):
    market = ctx.shop.config.markets[conv.market]
    offer = handoff.offer(ctx.shop.config.support, market)
    return shop_page(ctx, "help/handoff.html", status, guard=False, conversation=conv, offer=offer,
                     kind=kind if offer and kind in offer.kinds() else (offer.kinds()[0] if offer else ""),
                     errors=errors or {}, values=values or {}, hide_chat_widget=True)


def _missing(ctx: Ctx):
    return shop_page(ctx, "error.html", 404, guard=False, message=ctx._("This conversation does not exist."))


@router.get("/help/chat/handoff")
async def handoff_get(request: Request, conversation: str = "", kind: str = "ticket"):
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        conv = _owned(ctx, db, conversation[:24])
        return handoff_page(ctx, conv, kind[:16]) if conv else _missing(ctx)


@router.post("/help/chat/handoff")
async def handoff_post(request: Request):
    ctx = build_context(request)
    form = await read_form(ctx)
    shop = ctx.shop
    with request.app.state.sessions() as db:
        conv = _owned(ctx, db, form.get("conversation"))
        if conv is None:
            return _missing(ctx)
        market = shop.config.markets[conv.market]
        offer = handoff.offer(shop.config.support, market)
        refusal = handoff.refusal(conv, offer)
        if refusal is not None:
            return shop_page(ctx, "error.html", refusal.status, guard=False, message=refusal.text(ctx))
        req, errors = handoff.check(form, market, offer)
        if req is None:
            return handoff_page(ctx, conv, form.get("kind", ""), 422, {k: ctx._(v) for k, v in errors.items()}, form)
        fmt = Formatter(conv.language, market.country, market.currency)
        ticket = handoff.hand_off(db, shop, market, conv, req, fmt._(handoff.DEFAULT_NOTE), chat.customer_id(ctx, db))
        db.commit()
        ack = acknowledgement(shop, ticket)
    await send_ticket_acknowledgement(request.app, shop, ticket)
    promised = display.when(ctx.fmt, ack.promised_by) if ack.promised_by else ""
    return shop_page(ctx, "help/handed_off.html", guard=False, ticket=ticket, ack=ack, promised=promised)
