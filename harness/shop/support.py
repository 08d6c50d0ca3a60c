"""Getting help: the help centre, the contact page, the chatbot, and a person taking over.

What each channel states about the market's policy comes back as a `StatedPolicy` with the
harness's own names for the facts, so the expectations compare the help pages, the chatbot and
the API with the market policy field by field, whatever the shop calls them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from playwright.sync_api import Page

Range = tuple[int, int]  # fastest and slowest, in days (business days for refunds and delivery)


@dataclass(frozen=True)
class StatedPolicy:
    """The policy facts one channel states; None (or empty) where it says nothing about one."""

    return_days: int | None = None
    return_reason_required: bool | None = None
    refund_days: tuple[Range, ...] = ()  # every refund time range stated: one, if the answer is clear
    shipping_days: dict[str, Range] = field(default_factory=dict)  # shipping method -> days
    warranty_months: int | None = None
    loyalty_points: bool | None = None
    coupon_with_points: bool | None = None
    remedies: dict[str, str] = field(default_factory=dict)  # damaged_parcel | wrong_item | missing_parcel -> remedy


@dataclass(frozen=True)
class WeeklyHours:
    """One open day of the week, as a page states the support desk's hours."""

    weekday: int  # 0 = Monday
    opens: str  # "HH:MM", in `time_zone` of the page
    closes: str


@dataclass(frozen=True)
class Opening:
    """One opening of the desk on a coming day, as a page shows it (aware, in the zone shown)."""

    opens: dt.datetime
    closes: dt.datetime


@dataclass(frozen=True)
class HelpCentre:
    """The help centre's index and its policy pages, as the visitor gets them."""

    language: str  # <html lang> of the index
    page_languages: dict[str, str]  # topic -> <html lang> of its page
    stated: StatedPolicy  # what the policy pages state
    channels: list[str]  # support channels listed: help_centre | chat | email | callback, and any other it lists (phone)
    languages: list[str]  # languages support answers in
    time_zone: str | None  # the zone the opening hours are shown in (IANA), when the page names it
    hours: list[WeeklyHours]
    first_response_hours: int | None


@dataclass(frozen=True)
class ContactPage:
    """The contact page: how to reach a person, when, and in which languages."""

    language: str  # <html lang>
    channels: list[str]  # help_centre | chat | email | callback, and any other it lists (phone)
    languages: list[str]  # languages support answers in
    ways_to_a_person: list[str]  # forms the page offers: ticket | callback
    refusal: str | None  # "no customer service for your region", where the page says so
    time_zone: str | None  # the zone times are shown in (IANA), when the page names it
    openings: list[Opening]  # the coming days' opening hours
    first_response_hours: int | None
    # the coming days the page shows closed for a public holiday (the market's calendar, which the
    # policy does not list): a promised open day missing from `openings` is excused only by one
    holidays: list[dt.date] = field(default_factory=list)


@dataclass(frozen=True)
class ChatReply:
    question: str
    text: str  # the reply as the chat shows it
    stated: StatedPolicy  # the facts the reply states
    ways_to_a_person: tuple[str, ...] = ()  # what the reply offers: ticket | callback
    error: bool = False  # the chat answered with an error instead of a reply


@dataclass(frozen=True)
class Conversation:
    language: str | None  # the language the bot speaks in this conversation, where the shop says
    replies: list[ChatReply]


@dataclass(frozen=True)
class Contact:
    """What the customer gives a person to reach them."""

    name: str
    email: str
    phone: str
    order_ref: str
    message: str


@dataclass(frozen=True)
class Acknowledgement:
    """What the customer is told when a person takes the request over."""

    reference: str | None
    promised_by: dt.datetime | None  # aware, as shown (its offset is the zone shown in)
    time_zone: str | None  # IANA name of the zone the promise is shown in, when the page names it
    steps: int = 0  # the customer's actions it took, from the chat to this acknowledgement


@dataclass(frozen=True)
class Message:
    author: str  # customer | bot | agent | system
    text: str


@dataclass(frozen=True)
class Ticket:
    """A ticket as its page shows it to its owner."""

    reference: str | None
    level: int
    language: str  # <html lang>
    order_ref: str | None
    messages: list[Message]
    acknowledgement: Acknowledgement
    escalated_from: str | None = None


class Support(Protocol):
    def open_help_centre(self, page: Page) -> HelpCentre:
        """Opens the help centre and reads its policy pages.

        Returns the `HelpCentre`: `<html lang>` of the index and of each policy page, the
        `StatedPolicy` the pages state (None or empty where they say nothing), the support
        channels and languages listed, the opening hours per weekday and the zone they are shown
        in, the first-response hours promised. Raise `NotOffered(Capability.HELP_CENTRE)` where
        the shop has no help centre.
        """
        ...

    def open_contact(self, page: Page) -> ContactPage:
        """Opens the contact page.

        Returns the `ContactPage`: `<html lang>`, channels, languages, the ways to a person it
        offers (`ticket`, `callback`), the text where it says there is no service for the region
        (`refusal`, never raised), the coming days' `Opening`s (aware, in the zone shown) and that
        zone, the first-response hours promised, and the coming days it shows closed for a public
        holiday (`holidays`; empty where it names none). Raise `NotOffered(Capability.CONTACT_PAGE)`
        where the shop has no contact page.
        """
        ...

    def stated_by_api(self, page: Page) -> StatedPolicy:
        """The policy facts the shop's API states, asked as the persona.

        Asked through `page.request` (the persona's cookies, language and address); returns the
        `StatedPolicy` in the harness's names, None or empty where the API says nothing. Raise
        `NotOffered(Capability.POLICY_API)` where the shop has no policy API.
        """
        ...

    def chat(self, page: Page, questions: list[str]) -> Conversation:
        """Asks each question in turn in the shop's chat, as one conversation, on the page the
        persona is on; returns the replies.

        Returns the `Conversation`: the language the bot speaks (None where the shop does not
        say) and one `ChatReply` per question, in order: the question, the reply as shown, the
        `StatedPolicy` it states, the ways to a person it offers, and `error` where the chat
        answered with an error instead of a reply (returned, not raised). Raise
        `NotOffered(Capability.CHATBOT)` where the shop has no chatbot.
        """
        ...

    def hand_off(self, page: Page, way: str, contact: Contact) -> Acknowledgement:
        """From the chat's offer of a person, asks for one (`way`: ticket | callback) with the
        customer's contact details; returns the acknowledgement and the steps it took.

        Called after `chat` whose last reply offers `way`; `contact` is the persona's name,
        e-mail, E.164 phone, the order number and a note. Returns the `Acknowledgement`:
        reference, promised response time (aware, as shown) and the zone it is shown in, and
        `steps`, the customer's actions from the chat's offer to this acknowledgement. Raise
        `NotOffered(Capability.TICKETS)` (`way` ticket) or `NotOffered(Capability.CALLBACK)`
        (`way` callback) where the shop has no such way to a person.
        """
        ...

    def open_ticket(self, page: Page) -> Ticket:
        """Opens the ticket the last acknowledgement is for.

        Returns the `Ticket` as its page shows it to its owner: reference, level, `<html lang>`,
        order number, the messages (the chat's among them) and its `Acknowledgement`. Raise
        `NotOffered(Capability.TICKETS)` where the shop has no tickets.
        """
        ...

    def escalate(self, page: Page) -> Ticket:
        """Escalates the open ticket; returns the ticket that continues it.

        The `Ticket` at the next level, as `open_ticket` reads it, `escalated_from` the one
        before. Raise `NotOffered(Capability.TICKETS)` where the shop has no tickets.
        """
        ...

    def acknowledgement_in(self, text: str, html: str) -> Acknowledgement:
        """The acknowledgement an e-mail states (reference, promised time).

        Reads the mail's `text` and `html` only (no browser): the `Acknowledgement` with the
        reference, the promised time (aware) and its zone, None where the mail does not state
        one. Raise `NotOffered(Capability.TICKETS)` where the shop has no tickets.
        """
        ...
