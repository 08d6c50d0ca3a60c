"""From the chatbot to a person: whether the chat offers it, and the ticket or callback request
that carries the conversation (through the support part's one way of opening tickets)."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import phonenumbers
from sqlalchemy.orm import Session

from ..addresses import EMAIL
from ..i18n import N_
from ..settings import Market, SupportOps
from ..shop import Shop
from ..support.models import Ticket
from ..support.tickets import accepts, open_ticket
from ..toolkit.context import Ctx
from .errors import ChatRefused
from .intents import ORDER_REF
from .models import Conversation

MAX_NAME = 200
MAX_EMAIL = 200
MAX_PHONE = 32
MAX_NOTE = 1000
# The ticket topic (support.tickets.TOPICS) each question is about; the rest are "other".
TOPIC_OF_INTENT = {"damaged_parcel": "damaged_parcel", "wrong_item": "wrong_item", "missing_parcel": "missing_parcel",
                   "where_is_my_order": "order", "shipping_time": "delivery", "return_window": "returns",
                   "refund_time": "refund", "warranty": "warranty", "coupon_with_points": "payment"}
DEFAULT_NOTE = N_("I would like to talk to a person about this conversation.")


@dataclass(frozen=True)
class Offer:
    ticket: bool
    callback: bool

    def kinds(self) -> list[str]:
        return [k for k, on in (("ticket", self.ticket), ("callback", self.callback)) if on]


def offer(ops: SupportOps, market: Market) -> Offer | None:
    """What "talk to a person" leads to in this market (what its support takes in through the
    chat); None where the chat offers no person."""
    o = Offer(ticket=accepts(market, "chat", "ticket"), callback=accepts(market, "chat", "callback"))
    return o if ops.chatbot_handoff and (o.ticket or o.callback) else None


def offer_json(ctx: Ctx, conversation_id: str, o: Offer | None) -> dict | None:
    if o is None:
        return None

    def url(kind: str) -> str:
        return ctx.url("/help/chat/handoff?" + urlencode({"conversation": conversation_id, "kind": kind}))

    return {"ticket": url("ticket") if o.ticket else None, "callback": url("callback") if o.callback else None}


def refusal(conversation: Conversation, o: Offer | None) -> ChatRefused | None:
    """Why this conversation cannot go to a person now, if it cannot."""
    if o is None:
        return ChatRefused(409, "handoff_unavailable", N_("A person cannot be reached from this chat."))
    if conversation.ticket_ref:
        return ChatRefused(409, "already_handed_off", N_("This conversation has already been passed to our team."))
    return None


@dataclass
class Request:
    kind: str
    email: str
    name: str
    phone: str
    order_ref: str | None
    note: str


def check(data: dict, market: Market, o: Offer) -> tuple[Request | None, dict[str, str]]:
    """The hand-off form or JSON body, checked; errors are msgids by field. What is stored is
    what the customer typed (trimmed), names in any script included."""
    errors: dict[str, str] = {}

    def text(name: str, limit: int) -> str:
        value = data.get(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            errors[name] = N_("This field must be text.")
            return ""
        if len(value) > limit:
            errors[name] = N_("This field is too long.")
        elif not storable(value):
            errors[name] = N_("This field contains characters we cannot store.")
        return value.strip()

    kind = text("kind", 16) or "ticket"
    email, name, phone = text("email", MAX_EMAIL), text("name", MAX_NAME), text("phone", MAX_PHONE)
    ref, note = text("order_ref", 32).upper(), text("message", MAX_NOTE)
    if kind not in o.kinds():
        errors["kind"] = N_("Please choose one of the ways to reach a person that are offered.")
    if "email" not in errors and not EMAIL.match(email):
        errors["email"] = N_("Please enter a valid e-mail address.")
    if "name" not in errors and kind == "callback" and not name:
        errors["name"] = N_("Please tell us your name.")
    if "phone" not in errors and (phone or kind == "callback") and not _valid_phone(phone, market):
        errors["phone"] = N_("Please enter a valid phone number.")
    if "order_ref" not in errors and ref and not ORDER_REF.fullmatch(ref):
        errors["order_ref"] = N_("That does not look like an order number.")
    if errors:
        return None, errors
    return Request(kind, email, name, phone, ref or None, note), {}


def storable(value: str) -> bool:
    """Text every database takes as it is: no NUL, no lone surrogate (JSON "\\ud800")."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _valid_phone(phone: str, market: Market) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(phone, market.country))
    except phonenumbers.NumberParseException:
        return False


def topic(conversation: Conversation) -> str:
    """The last thing the customer asked about, for the team to sort the ticket by."""
    for m in reversed(conversation.messages):
        if m.author == "bot" and m.intent in TOPIC_OF_INTENT:
            return TOPIC_OF_INTENT[m.intent]
    return "other"


def hand_off(db: Session, shop: Shop, market: Market, conversation: Conversation, req: Request, note: str,
             customer_id: int | None) -> Ticket:
    """Opens the ticket or callback request (not committed), carrying the conversation and the
    order the customer named, and remembers it on the conversation."""
    transcript = [(m.author, m.text) for m in conversation.messages]
    ticket = open_ticket(db, shop, market, conversation.language, owner=conversation.owner, channel="chat",
                         text=req.note or note, kind=req.kind, topic=topic(conversation),
                         customer_id=customer_id or conversation.customer_id, email=req.email, name=req.name,
                         phone=req.phone, order_ref=req.order_ref or conversation.order_ref, conversation=transcript)
    conversation.ticket_ref = ticket.ref
    return ticket

