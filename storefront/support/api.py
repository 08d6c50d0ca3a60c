"""JSON API of the support part: tickets and callbacks for integrations, load users and the harness."""
from __future__ import annotations

import datetime as dt
import json
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ..db import LoginSession
from ..toolkit.access import bearer
from ..toolkit.context import Ctx, build_context
from ..toolkit.unserved import unserved_json
from .hours import WINDOWS, Calendar, as_utc, shown_zone
from .intake import check_request
from .mails import send_ticket_acknowledgement
from .models import Ticket
from .pages import no_support_text, owned_ticket
from .tickets import KINDS, CannotEscalate, accepts, acknowledgement, escalate, open_ticket

router = APIRouter(prefix="/api")
MAX_BODY = 64 * 1024
TOKEN_PREFIX = "tkt-"


def error(status: int, code: str, message: str, **extra) -> JSONResponse:
    return JSONResponse({"error": code, "message": message, **extra}, status_code=status)


async def read_json(request: Request) -> dict | JSONResponse:
    """The body as a JSON object, or the error response saying what is wrong with it."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        return error(415, "unsupported_media_type", "send the body as application/json")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return error(413, "too_large", f"the body is larger than {MAX_BODY} bytes")
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return error(400, "invalid_json", "the body is not valid JSON")
    if not isinstance(data, dict):
        return error(422, "invalid_request", "the body must be a JSON object")
    return data


def ticket_json(ctx: Ctx, ticket: Ticket) -> dict:
    ack = acknowledgement(ctx.shop, ticket)
    created = as_utc(ticket.created_at)
    first = as_utc(ticket.first_response_at) if ticket.first_response_at else None
    return {
        "ref": ticket.ref, "market": ticket.market, "language": ticket.language, "channel": ticket.channel,
        "kind": ticket.kind, "window": ticket.window, "topic": ticket.topic, "status": ticket.status,
        "level": ticket.level, "order_ref": ticket.order_ref, "name": ticket.name, "email": ticket.email,
        "phone": ticket.phone, "escalated_from": ticket.escalated_from, "escalated_to": ticket.escalated_to,
        "created_at": created.isoformat(), "promised_by": ack.as_json()["promised_by"],
        "first_response_at": first.isoformat() if first else None,
        "first_response_seconds": round((first - created).total_seconds(), 3) if first else None,
        "acknowledgement": ack.as_json(),
        "messages": [{"author": m.author, "text": m.text, "at": as_utc(m.created_at).isoformat()} for m in ticket.messages],
    }


@router.post("/tickets", status_code=201)
async def create(request: Request):
    """A ticket (or, with "kind": "callback", a callback request). Returns its reference, the
    bearer token that opens it, and the acknowledgement."""
    ctx = build_context(request)
    data = await read_json(request)
    if isinstance(data, JSONResponse):
        return data
    if not ctx.served:
        return unserved_json(ctx)
    kind = data.get("kind", "ticket")
    if kind not in KINDS:
        return error(422, "invalid_ticket", "kind must be one of: " + ", ".join(KINDS),
                     fields={"kind": "kind must be one of: " + ", ".join(KINDS)})
    if not accepts(ctx.market, "api", kind):
        return error(403, "no_support", no_support_text(ctx))
    checked = check_request(data, ctx.market, kind)
    if checked.errors:
        return error(422, "invalid_ticket", ctx._("Please correct the marked fields."),
                     fields={k: ctx._(v) for k, v in checked.errors.items()})
    v = checked.values
    token = TOKEN_PREFIX + secrets.token_urlsafe(24)
    with request.app.state.sessions() as db:
        login = db.get(LoginSession, bearer(ctx)) if bearer(ctx) else None
        ticket = open_ticket(db, ctx.shop, ctx.market, ctx.language, owner=token, channel="api", kind=kind,
                             text=v["message"], topic=v["topic"], customer_id=login.customer_id if login else None,
                             email=v["email"], name=v["name"], phone=v["phone"], order_ref=v["order_ref"],
                             window=v["window"])
        db.commit()
        body = {**ticket_json(ctx, ticket), "token": token}
    await send_ticket_acknowledgement(request.app, ctx.shop, ticket)
    return JSONResponse(body, status_code=201)


def _missing() -> JSONResponse:
    return error(404, "not_found", "no such ticket for these credentials")


@router.get("/tickets/{ref}")
async def read(request: Request, ref: str):
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        ticket = owned_ticket(ctx, db, ref)
        return JSONResponse(ticket_json(ctx, ticket)) if ticket else _missing()


@router.post("/tickets/{ref}/escalate", status_code=201)
async def escalate_ticket(request: Request, ref: str):
    """Hands the ticket to level 2; returns the level-2 ticket (same bearer token)."""
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        ticket = owned_ticket(ctx, db, ref)
        if ticket is None:
            return _missing()
        try:
            up = escalate(db, ctx.shop, ticket)
        except CannotEscalate:
            return error(409, "already_escalated", "this ticket has already been escalated as far as it can go")
        db.commit()
        body = ticket_json(ctx, up)
    await send_ticket_acknowledgement(request.app, ctx.shop, up)
    return JSONResponse(body, status_code=201)


staging = APIRouter(prefix="/_staging")


@staging.get("/smtp")
async def smtp(request: Request):
    """Staging only: where the shop's SMTP sink listens, so a test can send mail to support."""
    from .inbound import SUPPORT_ADDRESS

    mailer = request.app.state.mailer
    return {"host": mailer.host, "port": mailer.port, "support_address": SUPPORT_ADDRESS}


@staging.get("/support/promise")
async def promise(request: Request, market: str = "", at: str = "", window: str = "any"):
    """Staging only: the support desk's calendar at a given instant, for checks that need a fixed
    clock: open or not, the next opening and the first response a request opened then would be
    promised (`window`: a callback's time window), in the zone the shop shows times in."""
    shop = request.app.state.shop
    m = shop.config.markets.get(market.upper()[:2])
    if m is None:
        return error(422, "unknown_market", f"market must be one of the shop's country codes, not {market[:8]!r}")
    try:
        when = dt.datetime.fromisoformat(at[:40])
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        return error(422, "invalid_time", f"at must be an ISO 8601 date and time with its UTC offset, not {at[:40]!r}")
    if window not in WINDOWS:
        return error(422, "invalid_window", "window must be one of: " + ", ".join(WINDOWS))
    ops = shop.config.support
    desk, zone = Calendar.of(m, ops), shown_zone(m, ops)
    upcoming = desk.next_opening(when)
    promised = desk.promise(when, m.support.first_response_hours, window)
    return {"market": m.country, "at": when.isoformat(), "time_zone": zone.key, "open": desk.is_open(when),
            "next_opening": upcoming.astimezone(zone).isoformat() if upcoming else None,
            "first_response_hours": m.support.first_response_hours,
            "promised_by": promised.astimezone(zone).isoformat() if promised else None}
