"""Getting help: reading the help centre and the contact page, asking the chatbot, handing the
conversation to a person, and following the ticket up to its escalation.

What the persona asks the chatbot is the harness's own phrasing (`personas/data/questions.yaml`),
in the persona's language. Each task notes what it saw for the expectations
(`actor.recall("help_centre")`, `"chat:refund_time"`, `"handoff"`, `"ticket"`, ...). When no
person can be reached from the chat, the later tasks note that they had nothing to do and the
hand-off's expectation says why.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from .. import yamlfile
from ..personas import Persona
from ..screenplay import Actor, report
from ..shop.support import Contact
from .landing import page_of, shop_of

QUESTIONS = Path(__file__).resolve().parents[2] / "personas" / "data" / "questions.yaml"
POLICY_QUESTIONS = ("return_window", "refund_time", "shipping_time", "warranty", "coupon_with_points")
COMPLAINTS = ("damaged_parcel", "wrong_item", "missing_parcel")
INTENTS = POLICY_QUESTIONS + COMPLAINTS + ("talk_to_person",)


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


def support_of(actor: Actor):
    support = shop_of(actor).support
    if support is None:
        raise LookupError("the shop adapter has no support part (harness/shop/support.py)")
    return support


def order_reference(persona: Persona) -> str:
    """The order number the persona's complaint is about: the market's code and eight hex digits,
    the same for the same persona."""
    return f"{persona.market}-{hashlib.sha1(persona.id.encode()).hexdigest()[:8].upper()}"


def replies_of(actor: Actor) -> list:
    return actor.notes.setdefault("chat", [])


@dataclass
class OpenTheHelpCentre:
    """Opens the help centre and reads what its policy pages state."""

    description: str = "{actor} opens the help centre and reads its policy pages"

    def perform_as(self, actor: Actor) -> None:
        actor.remember("help_centre", support_of(actor).open_help_centre(page_of(actor)))
        report.screenshot(page_of(actor), "help centre")


@dataclass
class OpenTheContactPage:
    description: str = "{actor} opens the contact page"

    def perform_as(self, actor: Actor) -> None:
        actor.remember("contact", support_of(actor).open_contact(page_of(actor)))


@dataclass
class AskTheApi:
    """Asks the shop's API for the policy, as the persona (its cookies, language and address)."""

    description: str = "{actor} asks the shop's API for the policy"

    def perform_as(self, actor: Actor) -> None:
        actor.remember("policy_api", support_of(actor).stated_by_api(page_of(actor)))


@dataclass
class AskTheChatbot:
    """Asks the chatbot on the page, in the persona's language, one question per intent."""

    intents: tuple[str, ...]
    description: str = "{actor} asks the chatbot"

    @classmethod
    def about(cls, *intents: str) -> "AskTheChatbot":
        return cls(intents, f"{{actor}} asks the chatbot about: {', '.join(i.replace('_', ' ') for i in intents)}")

    def perform_as(self, actor: Actor) -> None:
        asked = [question(actor.persona.language, intent) for intent in self.intents]
        conversation = support_of(actor).chat(page_of(actor), asked)
        for intent, reply in zip(self.intents, conversation.replies):
            actor.remember(f"chat:{intent}", reply)
            report.text(f"{reply.question}\n→ {reply.text}", f"chatbot: {intent.replace('_', ' ')}")
        replies_of(actor).extend(conversation.replies)
        actor.remember("chat_language", conversation.language)


@dataclass
class TalkToAPerson:
    """From the chat, asks for a person (unless the bot already offers one) and leaves the
    persona's details and the order the complaint is about; notes the steps it took."""

    description: str = "{actor} asks the chatbot for a person and leaves its details"

    def perform_as(self, actor: Actor) -> None:
        support, page, persona = support_of(actor), page_of(actor), actor.persona
        replies = replies_of(actor)
        steps = 0
        if not (replies and replies[-1].ways_to_a_person):
            conversation = support.chat(page, [question(persona.language, "talk_to_person")])
            replies.extend(conversation.replies)
            actor.remember("chat:talk_to_person", conversation.replies[-1])
            steps += 1
        offered = replies[-1].ways_to_a_person
        actor.remember("handoff", None)
        if not offered:
            report.text(replies[-1].text, "the chat offers no person")
            return
        way = "ticket" if "ticket" in offered else offered[0]
        contact = Contact(persona.name, persona.email, persona.phone, order_reference(persona), "")
        actor.remember("contact_details", contact)
        actor.remember("mail_before", len(shop_of(actor).mailbox.messages(persona.email)))
        actor.remember("requested_at", dt.datetime.now(dt.timezone.utc))
        acknowledgement = support.hand_off(page, way, contact)
        actor.remember("handoff", replace(acknowledgement, steps=acknowledgement.steps + steps))
        report.screenshot(page, "handed to a person")


@dataclass
class ReadTheAcknowledgementMail:
    description: str = "{actor} reads the acknowledgement e-mail"

    def perform_as(self, actor: Actor) -> None:
        actor.remember("ack_mail", None)
        if actor.recall("handoff") is None:
            return
        mails = shop_of(actor).mailbox.messages(actor.persona.email)[actor.recall("mail_before"):]
        reference = actor.recall("handoff").reference
        # the one naming the request's reference; else the newest (another journey of the same
        # persona may have been sent mail meanwhile, on a shared staging shop)
        mail = next((m for m in reversed(mails) if reference and reference in m.subject + m.text),
                    mails[-1] if mails else None)
        if mail is not None:
            actor.remember("ack_mail", mail)
            actor.remember("ack_by_mail", support_of(actor).acknowledgement_in(mail.text, mail.html))
            report.text(mail.text, "acknowledgement e-mail")


@dataclass
class OpenTheTicket:
    description: str = "{actor} opens its ticket"

    def perform_as(self, actor: Actor) -> None:
        actor.remember("ticket", None)
        if actor.recall("handoff") is not None:
            actor.remember("ticket", support_of(actor).open_ticket(page_of(actor)))


@dataclass
class EscalateTheTicket:
    description: str = "{actor} escalates its ticket to the next level"

    def perform_as(self, actor: Actor) -> None:
        actor.remember("escalated", None)
        if actor.recall("ticket") is not None:
            actor.remember("escalated", support_of(actor).escalate(page_of(actor)))
