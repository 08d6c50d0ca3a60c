"""Getting help: reading the help centre and the contact page, asking the chatbot, handing the
conversation to a person, and following the ticket up to its escalation.

What the persona asks the chatbot is the harness's own phrasing (`personas/data/questions.yaml`),
in the persona's language. Each task notes what it saw under its key (`HELP_CENTRE`, `CHAT`,
`HANDOFF`, `TICKET`, ...). When no person can be reached from the chat, the later tasks note
that they had nothing to look at, and the hand-off's check says why.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from functools import cache
from typing import ClassVar

from .. import yamlfile
from ..personas import Persona
from ..screenplay import Actor, Key, report
from ..shop.capabilities import Capability
from ..shop.mailbox import Mail
from ..shop.support import (Acknowledgement, ChatReply, Contact, ContactPage, HelpCentre, StatedPolicy,
                            Ticket)
from ..shipped import persona_data
from .landing import page_of, shop_of

QUESTIONS = persona_data("questions.yaml")
POLICY_QUESTIONS = ("return_window", "refund_time", "shipping_time", "warranty", "coupon_with_points")
COMPLAINTS = ("damaged_parcel", "wrong_item", "missing_parcel")
INTENTS = POLICY_QUESTIONS + COMPLAINTS + ("talk_to_person",)
WAYS_TO_A_PERSON = {"ticket": Capability.TICKETS, "callback": Capability.CALLBACK}

HELP_CENTRE = Key[HelpCentre]("help centre", "the help centre")
CONTACT = Key[ContactPage]("contact", "the contact page")
POLICY_API = Key[StatedPolicy]("policy api", "the policy API's answer")
CHAT = Key[dict[str, ChatReply]]("chat", "the chatbot's replies, by intent asked")
CHAT_LOG = Key[list[ChatReply]]("chat log", "the whole chat, in order")
CHAT_LANGUAGE = Key[str | None]("chat language", "the language the chatbot says it speaks (None: it does not say)")
HANDOFF = Key[Acknowledgement | None]("handoff", "the hand-over to a person (None: the chat offers none)")
HANDED_OVER_BY = Key[str]("handed over by", "the way to a person taken: ticket or callback")
CONTACT_DETAILS = Key[Contact]("contact details", "what the persona left for the person")
REQUESTED_AT = Key[dt.datetime]("requested at", "when the persona asked for a person")
MAIL_BEFORE = Key[int]("mail before", "the persona's mail count before the hand-over")
ACK_MAIL = Key[Mail | None]("acknowledgement mail", "the acknowledgement e-mail (None: none arrived)")
ACK_BY_MAIL = Key[Acknowledgement]("acknowledgement by mail", "what the acknowledgement e-mail states")
TICKET = Key[Ticket]("ticket", "the ticket as its page shows it")
ESCALATED = Key[Ticket]("escalated", "the ticket it was escalated to")


@cache
def questions() -> dict[str, dict[str, str]]:
    """language -> intent -> question, as the data file has them."""
    with QUESTIONS.open(encoding="utf-8") as fh:
        return yamlfile.safe_load(fh)


def question(language: str, intent: str) -> str:
    """The question a customer writing `language` asks for `intent` (the language's own entry,
    else its primary language's)."""
    table = questions()
    for tag in (language, language.split("-")[0]):
        if intent in table.get(tag, {}):
            return table[tag][intent]
    raise LookupError(f"{QUESTIONS.relative_to(QUESTIONS.parents[2])}: no {intent!r} question in {language!r}; "
                      f"add one (every language of every market needs each of: {', '.join(INTENTS)})")


def order_reference(persona: Persona) -> str:
    """The order number the persona's complaint is about: the market's code and eight hex digits,
    the same for the same persona."""
    return f"{persona.market}-{hashlib.sha1(persona.id.encode()).hexdigest()[:8].upper()}"



@dataclass
class OpenTheHelpCentre:
    """Opens the help centre and reads what its policy pages state."""

    description: str = "{actor} opens the help centre and reads its policy pages"
    needs: ClassVar = (Capability.HELP_CENTRE,)
    notes: ClassVar = (HELP_CENTRE,)

    def perform_as(self, actor: Actor) -> None:
        actor.remember(HELP_CENTRE, shop_of(actor).support.open_help_centre(page_of(actor)))
        report.screenshot(page_of(actor), "help centre")


@dataclass
class OpenTheContactPage:
    description: str = "{actor} opens the contact page"
    needs: ClassVar = (Capability.CONTACT_PAGE,)
    notes: ClassVar = (CONTACT,)

    def perform_as(self, actor: Actor) -> None:
        actor.remember(CONTACT, shop_of(actor).support.open_contact(page_of(actor)))


@dataclass
class AskTheApi:
    """Asks the shop's API for the policy, as the persona (its cookies, language and address)."""

    description: str = "{actor} asks the shop's API for the policy"
    needs: ClassVar = (Capability.POLICY_API,)
    notes: ClassVar = (POLICY_API,)

    def perform_as(self, actor: Actor) -> None:
        actor.remember(POLICY_API, shop_of(actor).support.stated_by_api(page_of(actor)))


def _chat(actor: Actor, intents: tuple[str, ...]) -> list[ChatReply]:
    """Asks one question per intent in the chat, noting each reply under its intent."""
    asked = [question(actor.persona.language, intent) for intent in intents]
    conversation = shop_of(actor).support.chat(page_of(actor), asked)
    by_intent = actor.seen.get(CHAT) or {}
    for intent, reply in zip(intents, conversation.replies):
        by_intent[intent] = reply
        report.text(f"{reply.question}\n→ {reply.text}", f"chatbot: {intent.replace('_', ' ')}")
    actor.remember(CHAT, by_intent)
    actor.remember(CHAT_LOG, [*(actor.seen.get(CHAT_LOG) or []), *conversation.replies])
    actor.remember(CHAT_LANGUAGE, conversation.language)
    return conversation.replies


@dataclass
class AskTheChatbot:
    """Asks the chatbot on the page, in the persona's language, one question per intent."""

    intents: tuple[str, ...]
    description: str = "{actor} asks the chatbot"
    needs: ClassVar = (Capability.CHATBOT,)
    notes: ClassVar = (CHAT, CHAT_LOG, CHAT_LANGUAGE)

    @classmethod
    def about(cls, *intents: str) -> "AskTheChatbot":
        return cls(intents, f"{{actor}} asks the chatbot about: {', '.join(i.replace('_', ' ') for i in intents)}")

    def perform_as(self, actor: Actor) -> None:
        _chat(actor, self.intents)


@dataclass
class TalkToAPerson:
    """From the chat, asks for a person (unless the bot already offers one) and leaves the
    persona's details and the order the complaint is about; notes the steps it took."""

    description: str = "{actor} asks the chatbot for a person and leaves its details"
    needs: ClassVar = (Capability.CHATBOT,)
    notes: ClassVar = (HANDOFF, HANDED_OVER_BY, CONTACT_DETAILS, REQUESTED_AT, MAIL_BEFORE, CHAT, CHAT_LOG)

    def perform_as(self, actor: Actor) -> None:
        support, page, persona = shop_of(actor).support, page_of(actor), actor.persona
        replies = actor.seen.get(CHAT_LOG) or []
        steps = 0
        if not (replies and replies[-1].ways_to_a_person):
            replies = [*replies, *_chat(actor, ("talk_to_person",))]
            steps += 1
        offered = replies[-1].ways_to_a_person
        if not offered:
            actor.remember(HANDOFF, None)
            report.text(replies[-1].text, "the chat offers no person")
            return
        way = next((w for w in ("ticket", "callback") if w in offered and WAYS_TO_A_PERSON[w] in actor.offers), None)
        if way is None:
            lacking = [WAYS_TO_A_PERSON[w].lacking for w in offered if w in WAYS_TO_A_PERSON]
            actor.cannot_see(HANDOFF, f"the chat offers {', '.join(offered)}, but "
                                      f"{' and '.join(lacking) or 'the harness knows no such way to a person'}")
            return
        contact = actor.remember(CONTACT_DETAILS, Contact(persona.name, persona.email, persona.phone,
                                                          order_reference(persona), ""))
        if Capability.MAILBOX in actor.offers:
            actor.remember(MAIL_BEFORE, len(shop_of(actor).mailbox.messages(persona.email)))
        actor.remember(REQUESTED_AT, dt.datetime.now(dt.timezone.utc))
        acknowledgement = support.hand_off(page, way, contact)
        actor.remember(HANDED_OVER_BY, way)
        actor.remember(HANDOFF, replace(acknowledgement, steps=acknowledgement.steps + steps))
        report.screenshot(page, "handed to a person")


NO_PERSON = "no person was reached from the chat"


@dataclass
class ReadTheAcknowledgementMail:
    description: str = "{actor} reads the acknowledgement e-mail"
    needs: ClassVar = (Capability.MAILBOX,)
    notes: ClassVar = (ACK_MAIL, ACK_BY_MAIL)

    def perform_as(self, actor: Actor) -> None:
        handoff = actor.recall(HANDOFF)
        if handoff is None:
            actor.cannot_see(ACK_MAIL, NO_PERSON)
            return
        mails = shop_of(actor).mailbox.messages(actor.persona.email)[actor.recall(MAIL_BEFORE):]
        # the one naming the request's reference; else the newest (another journey of the same
        # persona may have been sent mail meanwhile, on a shared staging shop)
        reference = handoff.reference
        mail = next((m for m in reversed(mails) if reference and reference in m.subject + m.text),
                    mails[-1] if mails else None)
        actor.remember(ACK_MAIL, mail)
        if mail is not None:
            actor.remember(ACK_BY_MAIL, shop_of(actor).support.acknowledgement_in(mail.text, mail.html))
            report.text(mail.text, "acknowledgement e-mail")


@dataclass
class OpenTheTicket:
    description: str = "{actor} opens its ticket"
    needs: ClassVar = (Capability.TICKETS,)
    notes: ClassVar = (TICKET,)

    def perform_as(self, actor: Actor) -> None:
        if actor.recall(HANDOFF) is None:
            actor.cannot_see(TICKET, NO_PERSON)
        elif actor.recall(HANDED_OVER_BY) != "ticket":
            actor.cannot_see(TICKET, "the chat handed over by callback: there is no ticket to open")
        else:
            actor.remember(TICKET, shop_of(actor).support.open_ticket(page_of(actor)))


@dataclass
class EscalateTheTicket:
    description: str = "{actor} escalates its ticket to the next level"
    needs: ClassVar = (Capability.TICKETS,)
    notes: ClassVar = (ESCALATED,)

    def perform_as(self, actor: Actor) -> None:
        actor.recall(TICKET)
        actor.remember(ESCALATED, shop_of(actor).support.escalate(page_of(actor)))
