"""A turn of the chat: the customer's message in, the bot's answer out, both stored on the
conversation, which belongs to the browser session or API token that started it."""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..db import LoginSession
from ..i18n import Formatter, N_
from ..policy import facts
from ..toolkit.access import bearer, is_owner
from ..toolkit.context import Ctx
from . import handoff, tracking
from .answers import ANSWERS, Answer, Situation, answer_name
from .errors import ChatRefused
from .intents import understand
from .models import ChatMessage, Conversation

MAX_MESSAGE = 1000  # characters
MAX_MESSAGES = 400  # per conversation, customer and bot together
MAX_BODY = 16 * 1024  # bytes of JSON


async def read_json(ctx: Ctx) -> dict:
    request = ctx.request
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        raise ChatRefused(415, "unsupported_media_type", N_("Please send the request as JSON (Content-Type: application/json)."))
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise ChatRefused(413, "request_too_large", N_("The request is too large."))
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # bad JSON, bad UTF-8, absurd nesting
        raise ChatRefused(400, "invalid_json", N_("The request body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise ChatRefused(422, "invalid_request", N_("The request must be a JSON object."))
    return data


def message_text(value) -> str:
    """The customer's message, kept exactly as typed once it is acceptable."""
    if not isinstance(value, str):
        raise ChatRefused(422, "invalid_message", N_("The message must be text."))
    if not value.strip():
        raise ChatRefused(422, "empty_message", N_("Please type a message."))
    if len(value) > MAX_MESSAGE:
        raise ChatRefused(422, "message_too_long", N_("Your message is too long (at most {max} characters)."),
                          max=MAX_MESSAGE)
    if not handoff.storable(value):
        raise ChatRefused(422, "invalid_message", N_("Your message contains characters we cannot store."))
    return value


def conversation_id(value) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > 24:
        raise ChatRefused(404, "unknown_conversation", N_("This conversation does not exist."))
    return value


def owner(ctx: Ctx) -> str:
    return bearer(ctx) or ctx.sid


def customer_id(ctx: Ctx, db: Session) -> int | None:
    customer = ctx.customer(db)
    if customer is not None:
        return customer.id
    token = bearer(ctx)
    login = db.get(LoginSession, token) if token else None
    return login.customer_id if login else None


def load(db: Session, ctx: Ctx, conv_id: str | None) -> Conversation:
    """The caller's conversation; someone else's is answered as if it did not exist."""
    conv = db.get(Conversation, conv_id) if conv_id else None
    if conv is None or not is_owner(ctx, db, conv.owner, conv.customer_id):
        raise ChatRefused(404, "unknown_conversation", N_("This conversation does not exist."))
    return conv


def start(db: Session, ctx: Ctx) -> Conversation:
    conv = Conversation(id=secrets.token_urlsafe(12), owner=owner(ctx), customer_id=customer_id(ctx, db),
                        market=ctx.market.country, language=ctx.language)
    db.add(conv)
    return conv


@dataclass(frozen=True)
class Turn:
    conversation: Conversation
    intent: str
    answer_name: str
    answer: Answer
    offer: handoff.Offer | None

    def as_json(self, ctx: Ctx) -> dict:
        c = self.conversation
        return {"conversation": c.id, "market": c.market, "language": c.language, "intent": self.intent,
                "answer": self.answer_name, "reply": self.answer.text, "facts": self.answer.facts,
                "handoff": handoff.offer_json(ctx, c.id, self.offer)}


def converse(db: Session, ctx: Ctx, conv: Conversation, text: str) -> Turn:
    """Answers `text` in the conversation's language from the market's chatbot knowledge, and
    stores both (not committed)."""
    if len(conv.messages) >= MAX_MESSAGES:
        raise ChatRefused(409, "conversation_full", N_("This conversation is too long; please talk to a person."))
    shop = ctx.shop
    market = shop.config.markets[conv.market]
    understood = understand(text, conv.language)
    order = None
    if understood.intent == "where_is_my_order" and understood.order_ref:
        order = tracking.look_up(db, ctx, understood.order_ref, market)
        if order.found:
            conv.order_ref = order.ref
    offer = handoff.offer(shop.config.support, market)
    name = answer_name(understood.intent, shop.config.support.chatbot_answers)
    fmt = Formatter(conv.language, market.country, market.currency)
    answer = ANSWERS[name](Situation(facts(market, "chatbot"), fmt, offer is not None, order))
    conv.messages.append(ChatMessage(author="customer", text=text))
    conv.messages.append(ChatMessage(author="bot", text=answer.text, intent=understood.intent, answer=name,
                                     facts=answer.facts))
    return Turn(conv, understood.intent, name, answer, offer)


def transcript_json(conv: Conversation) -> dict:
    return {"conversation": conv.id, "market": conv.market, "language": conv.language, "ticket": conv.ticket_ref,
            "messages": [{"author": m.author, "text": m.text, "intent": m.intent, "facts": m.facts}
                         for m in conv.messages]}
