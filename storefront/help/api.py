"""JSON API of the help part: the chatbot (`/api/chat`), its hand-off to a person, and the
market's policy facts as the API states them (`/api/policy`)."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ..i18n import Formatter
from ..policy import facts
from ..support.mails import send_ticket_acknowledgement
from ..support.tickets import acknowledgement
from ..toolkit.access import bearer
from ..toolkit.context import SESSION_COOKIE, Ctx, build_context
from ..toolkit.unserved import unserved_json
from . import chat, handoff
from .errors import ChatRefused

router = APIRouter(prefix="/api")


def refused(ctx: Ctx, err: ChatRefused, **extra) -> JSONResponse:
    return JSONResponse({"error": err.code, "message": err.text(ctx), **extra}, status_code=err.status)


def _with_session(ctx: Ctx, response: JSONResponse) -> JSONResponse:
    # A client without a session cookie or token gets a session, which owns the conversation.
    if ctx.new_sid and not bearer(ctx):
        response.set_cookie(SESSION_COOKIE, ctx.sid, httponly=True, samesite="lax", path="/")
    return response


@router.get("/policy")
async def policy(request: Request):
    ctx = build_context(request)
    if not ctx.served:
        return unserved_json(ctx)
    return JSONResponse(facts(ctx.market, "api").as_json())


@router.post("/chat")
async def chat_turn(request: Request):
    ctx = build_context(request)
    try:
        data = await chat.read_json(ctx)
        text = chat.message_text(data.get("message"))
        conv_id = chat.conversation_id(data.get("conversation"))
        if conv_id is None and not ctx.served:
            return unserved_json(ctx)
        with request.app.state.sessions() as db:
            conv = chat.load(db, ctx, conv_id) if conv_id else chat.start(db, ctx)
            turn = chat.converse(db, ctx, conv, text)
            db.commit()
            body = turn.as_json(ctx)
    except ChatRefused as err:
        return refused(ctx, err)
    return _with_session(ctx, JSONResponse(body))


@router.get("/chat/{conv_id}")
async def chat_transcript(request: Request, conv_id: str):
    ctx = build_context(request)
    try:
        with request.app.state.sessions() as db:
            conv = chat.load(db, ctx, chat.conversation_id(conv_id))
            offer = handoff.offer(ctx.shop.config.support, ctx.shop.config.markets[conv.market])
            return JSONResponse({**chat.transcript_json(conv), "handoff": handoff.offer_json(ctx, conv.id, offer)})
    except ChatRefused as err:
        return refused(ctx, err)


@router.post("/chat/{conv_id}/handoff", status_code=201)
async def chat_handoff(request: Request, conv_id: str):
    ctx = build_context(request)
    shop = ctx.shop
    try:
        data = await chat.read_json(ctx)
        with request.app.state.sessions() as db:
            conv = chat.load(db, ctx, chat.conversation_id(conv_id))
            market = shop.config.markets[conv.market]
            offer = handoff.offer(shop.config.support, market)
            refusal = handoff.refusal(conv, offer)
            if refusal is not None:
                return refused(ctx, refusal, **({"ticket": conv.ticket_ref} if conv.ticket_ref else {}))
            req, errors = handoff.check(data, market, offer)
            if req is None:
                return JSONResponse({"error": "invalid_handoff", "message": ctx._("Please correct the marked fields."),
                                     "fields": {k: ctx._(v) for k, v in errors.items()}}, status_code=422)
            fmt = Formatter(conv.language, market.country, market.currency)
            ticket = handoff.hand_off(db, shop, market, conv, req, fmt._(handoff.DEFAULT_NOTE), chat.customer_id(ctx, db))
            db.commit()
            ack = acknowledgement(shop, ticket)
    except ChatRefused as err:
        return refused(ctx, err)
    await send_ticket_acknowledgement(request.app, shop, ticket)
    return JSONResponse({"ticket": ticket.ref, "kind": ticket.kind, "acknowledgement": ack.as_json(),
                         "url": ctx.url(f"/tickets/{ticket.ref}")}, status_code=201)
