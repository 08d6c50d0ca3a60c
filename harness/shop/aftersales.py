"""After an order: returns, refunds, warranty claims, a question to support about the order, and
who may see any of it.

A staging shop must also let a test say when an order arrived (`set_delivered`): return windows
and warranty periods count from delivery, and a journey cannot wait two weeks for one to pass.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Protocol

from playwright.sync_api import Page

from ..personas import Persona
from .catalogue import Price, Refusal

# Why a customer returns something; an adapter maps these to its shop's own list.
RETURN_REASONS = ("changed_mind", "damaged", "defective", "wrong_item", "not_as_described", "other")
# What is a customer's own: pages and API answers carrying customer data.
Private = Literal["order", "return", "warranty", "ticket"]


@dataclass(frozen=True)
class PlacedOrder:
    """An order placed as the persona, with what the persona gave the shop."""

    ref: str
    sku: str
    quantity: int
    email: str
    phone: str
    card_number: str  # "" when not paid by card


@dataclass(frozen=True)
class Shown:
    """Customer data as a page prints it: field ("phone", "email", "card") -> text, "" where
    the page does not show that field."""

    fields: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> str:
        return self.fields.get(name, "")


@dataclass(frozen=True)
class OrderPage:
    ref: str
    delivered_on: dt.date | None  # None while on its way
    contact: Shown


@dataclass(frozen=True)
class StatedRefundTime:
    """How long a refund takes, as one place words it: `days` the business days it states
    (fastest, slowest; both the same for one figure), None when it states no single range."""

    days: tuple[int, int] | None
    text: str


@dataclass(frozen=True)
class Refund:
    """A scheduled refund: how much, and between which days it is expected."""

    amount: Price | None
    expected_from: dt.date
    expected_to: dt.date
    text: str


@dataclass(frozen=True)
class ReturnOutcome:
    """What the shop answered a return request with. `ref` is None when it would not even take
    the request (the form refused, `refusal` says why); otherwise the decision, the period the
    page quotes and, once accepted, the refund."""

    accepted: bool
    ref: str | None
    text: str  # the decision, or the form's refusal, as shown
    where: str  # "the return page", "the order page"
    delivered_on: dt.date | None = None
    requested_on: dt.date | None = None
    period_days: int | None = None  # the return period the page quotes
    last_day: dt.date | None = None  # the last day for a return it quotes
    refund: Refund | None = None
    refund_time: StatedRefundTime | None = None  # the refund policy the page states
    contact: Shown = field(default_factory=Shown)
    refusal: Refusal | None = None


@dataclass(frozen=True)
class WarrantyOutcome:
    accepted: bool
    ref: str | None
    text: str
    where: str
    delivered_on: dt.date | None = None
    period_months: int | None = None  # the warranty period the page quotes
    last_day: dt.date | None = None
    fee: Price | None = None  # what the claim is charged; None where the page shows no fee
    contact: Shown = field(default_factory=Shown)
    refusal: Refusal | None = None


@dataclass(frozen=True)
class RefundMail:
    """The e-mail announcing a return's refund."""

    subject: str
    language: str
    refund: Refund | None
    refund_time: StatedRefundTime | None
    text: str


@dataclass(frozen=True)
class TicketPage:
    ref: str
    order_ref: str | None
    contact: Shown


@dataclass(frozen=True)
class Opened:
    """One way in to a customer's order, return, claim or ticket (its page, its API answer),
    as someone tried it: `shown` when the thing itself came back."""

    where: str  # "the order page", "the order API"
    status: int
    shown: bool


class Aftersales(Protocol):
    # --- the staging hook a shop must provide
    def set_delivered(self, order_ref: str, days_ago: int) -> dt.date:
        """Staging only: the order arrived `days_ago` days before the market's today; returns that day.

        The staging hook (a back-office call, a test-only endpoint): returns the delivery day,
        a `datetime.date`. Raise `NotOffered(Capability.MARK_DELIVERED)` where the staging shop
        has no such hook: return windows and warranty periods then cannot be checked.
        """
        ...

    # --- as the persona (its Page: its cookies, language and address)
    def place_order(self, page: Page, persona: Persona, categories: list[str], shipping_method: str,
                    payment_method: str) -> PlacedOrder:
        """A quick order of one product of `categories`, delivered to the persona's address; the
        order belongs to the persona's browser (its pages open for it).

        `categories`, `shipping_method` and `payment_method` are policy ids. Returns the
        `PlacedOrder`: reference, sku, quantity, and the e-mail, phone and card number the
        persona gave ("" when not paid by card). Raise `NotOffered(Capability.ORDER_PAGE)`
        where the adapter cannot place an order to follow up.
        """
        ...

    def open_order(self, page: Page, order_ref: str) -> OrderPage:
        """Opens the order's page as its owner.

        Returns the `OrderPage`: reference, the delivery day (None while on its way), and phone,
        e-mail and card as the page prints them (`Shown`, "" where it does not). Raise
        `NotOffered(Capability.ORDER_PAGE)` where the shop has no order page.
        """
        ...

    def request_return(self, page: Page, order_ref: str, items: list[tuple[str, int]],
                       reason: str | None) -> ReturnOutcome:
        """Asks for a return on the order page: `items` (sku, quantity), `reason` one of
        RETURN_REASONS or None for none.

        Returns the `ReturnOutcome`: accepted or not, with the return's reference, the decision's
        text and where it was shown, the days and period the page quotes and, once accepted, the
        `Refund` scheduled; where the form would not even take the request, `ref` None with its
        `Refusal`. A refusal is an answer, never raised. Raise `NotOffered(Capability.RETURNS)`
        where the shop takes no returns online.
        """
        ...

    def claim_warranty(self, page: Page, order_ref: str, sku: str, problem: str) -> WarrantyOutcome:
        """Claims the warranty for `sku` of the order, describing `problem`.

        Returns the `WarrantyOutcome`: accepted or not, reference, the decision's text and where
        it was shown, the period and last day quoted, the fee charged (None where none is
        shown); where the form would not take the claim, `ref` None with its `Refusal`, never
        raised. Raise `NotOffered(Capability.WARRANTY)` where the shop takes no warranty claims
        online.
        """
        ...

    def ask_refund_time(self, page: Page, question: str) -> StatedRefundTime:
        """Asks the shop's chatbot `question` (in the persona's language) and reads its answer.

        Returns the `StatedRefundTime`: the answer's text and the business days it states
        (fastest, slowest), None unless it states exactly one range. Raise
        `NotOffered(Capability.CHATBOT)` where the shop has no chatbot.
        """
        ...

    def refund_mail(self, to: str, return_ref: str) -> RefundMail | None:
        """The refund e-mail sent for `return_ref`, None when none was.

        Read from the staging mailbox (the mail sent to `to`): the `RefundMail` with the
        `Refund` and the refund time it states. Raise `NotOffered(Capability.REFUNDS)` where the
        adapter reads no refunds.
        """
        ...

    def contact_support(self, page: Page, persona: Persona, order_ref: str, message: str) -> str:
        """Writes to customer service about the order, with the persona's name, e-mail and phone;
        returns the ticket's reference.

        `message` is the customer's text. Raise `NotOffered(Capability.TICKETS)` where the shop
        has no way to write to customer service about an order.
        """
        ...

    def open_ticket(self, page: Page, ticket_ref: str) -> TicketPage:
        """Opens the ticket's page as its owner.

        Returns the `TicketPage`: reference, the order it is about, and e-mail and phone as the
        page prints them (`Shown`). Raise `NotOffered(Capability.TICKETS)` where the shop has no
        ticket pages.
        """
        ...

    # --- as anyone (another customer's Page)
    def look_up(self, page: Page, kind: Private, ref: str) -> list[Opened]:
        """Tries every way in to the `kind` with reference `ref` (page and API).

        `page` is another customer's (no cookies of the owner). Returns one `Opened` per way
        in: where, the HTTP status, and whether the thing itself was shown. Being refused is
        what the journey expects: report it, never raise. Raise
        `NotOffered(Capability.ORDER_PAGE)` where the shop has no pages or API to try.
        """
        ...
