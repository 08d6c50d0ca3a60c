"""Support pages: contact (channels, hours, ticket and callback forms), the ticket page and its
escalation."""
from __future__ import annotations

import datetime as dt
import hmac
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from sqlalchemy import select

from ..i18n import N_
from ..privacy import shown
from ..toolkit.access import may_open
from ..toolkit.context import Ctx, build_context
from ..toolkit.forms import MAX_BODY, read_form
from ..toolkit.page import shop_page
from ..toolkit.render import redirect
from . import display
from .desk_view import desk_view
from .hours import UTC, as_utc
from .intake import check_request
from .mails import send_ticket_acknowledgement
from .models import Ticket
from .tickets import TOP_LEVEL, TOPICS, CannotEscalate, accepts, acknowledgement, escalate, open_ticket

router = APIRouter()

WINDOW_LABELS = {
    "any": N_("Any time we are open"),
    "morning": N_("Morning (before 12:00)"),
    "afternoon": N_("Afternoon (12:00–17:00)"),
    "evening": N_("Evening (after 17:00)"),
}
CHANNEL_LABELS = {
    "help_centre": N_("Help centre and contact form"),
    "chat": N_("Chat"),
    "email": N_("E-mail"),
    "callback": N_("Phone callback"),
}
STATUS_LABELS = {
    "open": N_("Waiting for an agent"),
    "answered": N_("Answered"),
    "escalated": N_("Escalated"),
    "closed": N_("Closed"),
}
AUTHOR_LABELS = {"customer": N_("You"), "bot": N_("Chat assistant"), "agent": N_("Customer service"), "system": N_("Note")}


def _labels(ctx: Ctx, table: dict[str, str]) -> dict[str, str]:
    return {k: ctx._(v) for k, v in table.items()}


def contact_page(ctx: Ctx, status: int = 200, *, values: dict | None = None, errors: dict | None = None,
                 form: str | None = None, refusal: str | None = None):
    """The contact page; `form` names the form that `values` and `errors` belong to."""
    market = ctx.market
    view = desk_view(market, ctx.shop.config.support, dt.datetime.now(UTC))
    return shop_page(
        ctx, "support/contact.html", status, view=view, display=display, refusal=refusal,
        tickets_open=accepts(market, "help_centre"), callbacks_open=accepts(market, "help_centre", "callback"),
        values=values or {}, errors={k: ctx._(v) for k, v in (errors or {}).items()}, form=form,
        language_names=[ctx.fmt.language_name(tag) for tag in view.languages], topics=_labels(ctx, TOPICS),
        windows=_labels(ctx, WINDOW_LABELS), channel_labels=_labels(ctx, CHANNEL_LABELS),
    )


def no_support_text(ctx: Ctx) -> str:
    return ctx._("Sorry: customer service is not available for {country} through this channel.",
                 country=ctx.fmt.country_name(ctx.market.country))


@router.get("/contact")
async def contact(request: Request):
    return contact_page(build_context(request))


async def _open(request: Request, kind: str):
    ctx = build_context(request)
    form = await read_form(ctx, max_value=MAX_BODY)  # intake names a field that is too long
    if not ctx.served:
        return shop_page(ctx, "support/contact.html")  # the guard answers with the unserved-country page
    if not accepts(ctx.market, "help_centre", kind):
        return contact_page(ctx, 403, refusal=no_support_text(ctx))
    checked = check_request(form, ctx.market, kind)
    if checked.errors:
        return contact_page(ctx, 422, values=checked.values, errors=checked.errors, form=kind)
    v = checked.values
    with request.app.state.sessions() as db:
        customer = ctx.customer(db)
        ticket = open_ticket(db, ctx.shop, ctx.market, ctx.language, owner=ctx.sid, channel="help_centre", kind=kind,
                             text=v["message"], topic=v["topic"], customer_id=customer.id if customer else None,
                             email=v["email"], name=v["name"], phone=v["phone"], order_ref=v["order_ref"],
                             window=v["window"])
        db.commit()
    await send_ticket_acknowledgement(request.app, ctx.shop, ticket)
    return redirect(ctx, f"/tickets/{ticket.ref}")


@router.post("/tickets")
async def new_ticket(request: Request):
    return await _open(request, "ticket")


@router.post("/callbacks")
async def new_callback(request: Request):
    return await _open(request, "callback")


def owned_ticket(ctx: Ctx, db, ref: str) -> Ticket | None:
    """The ticket if the visitor may open it: its owner (session, API token, logged-in customer),
    or whoever holds its key (the link in an e-mail ticket's acknowledgement)."""
    ticket = db.scalar(select(Ticket).where(Ticket.ref == ref[:32]))
    if ticket is None:
        return None
    key = ctx.request.query_params.get("key", "")[:64]
    if may_open(ctx, db, ticket.owner, ticket.customer_id) or (key and hmac.compare_digest(key.encode(), ticket.owner.encode())):
        return ticket
    return None


def _not_found(ctx: Ctx):
    return shop_page(ctx, "error.html", 404, guard=False, message=ctx._("We could not find this ticket for your account."))


@router.get("/tickets/{ref}")
async def ticket_page(request: Request, ref: str):
    ctx = build_context(request)
    with request.app.state.sessions() as db:
        ticket = owned_ticket(ctx, db, ref)
        if ticket is None:
            return _not_found(ctx)
        market = ctx.shop.config.markets[ticket.market]
        ack = acknowledgement(ctx.shop, ticket)
        messages = list(ticket.messages)
    first = as_utc(ticket.first_response_at) if ticket.first_response_at else None
    return shop_page(
        ctx, "support/ticket.html", guard=False, ticket=ticket, ack=ack, messages=messages, display=display,
        as_utc=as_utc, first_response=first,
        first_response_seconds=(first - as_utc(ticket.created_at)).total_seconds() if first else None,
        email=shown(market, "email", ticket.email), phone=shown(market, "phone", ticket.phone),
        topic=ctx._(TOPICS.get(ticket.topic, TOPICS["other"])),
        status_label=ctx._(STATUS_LABELS.get(ticket.status, ticket.status)),
        window=ctx._(WINDOW_LABELS[ticket.window]) if ticket.window in WINDOW_LABELS else "",
        authors=_labels(ctx, AUTHOR_LABELS), may_escalate=ticket.level < TOP_LEVEL and not ticket.escalated_to,
        key_query=_key_query(ctx), ack_zone=ZoneInfo(ack.time_zone),
    )


def _key_query(ctx: Ctx) -> str:
    key = ctx.request.query_params.get("key", "")[:64]
    return f"?{urlencode({'key': key})}" if key else ""


@router.post("/tickets/{ref}/escalate")
async def escalate_ticket(request: Request, ref: str):
    ctx = build_context(request)
    await read_form(ctx)
    with request.app.state.sessions() as db:
        ticket = owned_ticket(ctx, db, ref)
        if ticket is None:
            return _not_found(ctx)
        try:
            up = escalate(db, ctx.shop, ticket)
        except CannotEscalate:
            return shop_page(ctx, "error.html", 409, guard=False,
                             message=ctx._("This ticket has already been escalated as far as it can go."))
        db.commit()
    await send_ticket_acknowledgement(request.app, ctx.shop, up)
    return redirect(ctx, f"/tickets/{up.ref}{_key_query(ctx)}")
