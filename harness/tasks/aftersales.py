"""After the order: it arrives, the persona returns it, claims the warranty, asks about the refund,
writes to support about it; and another customer tries to open what is the persona's alone."""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import ClassVar
from zoneinfo import ZoneInfo

from ..policy import MarketPolicy
from ..screenplay import Actor, BrowseTheWeb, Key, report
from ..shop.aftersales import (Opened, OrderPage, PlacedOrder, RefundMail, ReturnOutcome, StatedRefundTime,
                               TicketPage, WarrantyOutcome)
from ..shop.capabilities import Capability
from .landing import page_of, shop_of
from .support import question

WARRANTY_PROBLEM = "It stopped working: it no longer switches on."
ABOUT_THE_ORDER = "A question about my order: can you confirm the delivery address?"



@dataclass(frozen=True)
class Claim:
    """A warranty claim as made: how long after delivery, the delivery day the shop set, and its outcome."""

    days: int
    delivered_on: dt.date
    outcome: WarrantyOutcome

    @property
    def claimed_on(self) -> dt.date:
        return self.delivered_on + dt.timedelta(days=self.days)


ORDER = Key[PlacedOrder]("order", "the order placed to follow up")
DELIVERED_ON = Key[dt.date]("delivered on", "the day the order arrived")
DAYS_SINCE_DELIVERY = Key[int]("days since delivery", "how many days ago the order arrived")
RETURN = Key[ReturnOutcome]("return", "the return asked for")
WARRANTY_CLAIMS = Key[list[Claim]]("warranty claims", "the warranty claims, in the order made")
CHATBOT_REFUND_TIME = Key[StatedRefundTime]("chatbot refund time", "the chatbot's answer on the refund time")
REFUND_MAIL = Key[RefundMail | None]("refund mail", "the refund e-mail (None: none was sent)")
SUPPORT_TICKET = Key[str]("support ticket", "the reference of the ticket written about the order")
ORDER_PAGE = Key[OrderPage]("order page", "the order's page as its owner sees it")
TICKET_PAGE = Key[TicketPage]("ticket page", "the ticket's page as its owner sees it")
OPENED_BY_STRANGER = Key[list[Opened]]("opened by another customer", "every way in another customer tried")


def aftersales_of(actor: Actor):
    return shop_of(actor).aftersales


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months on (or back); the month's last day where it has no
    such day (31 August + 6 months is 28 or 29 February), as a period in months is counted."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def warranty_last_day(delivered: dt.date, months: int) -> dt.date:
    """The last day a warranty of `months` from delivery covers."""
    return add_months(delivered, months)


def market_today(policy: MarketPolicy) -> dt.date:
    return dt.datetime.now(ZoneInfo(policy.time_zone)).date()


def days_to_the_warranty_end(policy: MarketPolicy, today: dt.date | None = None) -> int:
    """How many days before `today` (the market's) an order must have arrived for `today` to be
    the last day its warranty covers: the earliest delivery day whose period still covers
    `today`. A day earlier, and `today` is past the period. (Where the month `months` back has no
    such day, no delivery makes `today` the very last day; this one makes it the latest covered.)"""
    today = today or market_today(policy)
    months = policy.warranty.months
    day = add_months(today, -months) - dt.timedelta(days=7)  # surely outside the period
    while warranty_last_day(day, months) < today:
        day += dt.timedelta(days=1)
    return (today - day).days


@dataclass
class PlaceAnOrder:
    """One item of an allowed category, delivered to the persona's address, paid by card where
    the market takes cards (the card is what PD-2 wants masked), else the persona's own method."""

    description: str = "{actor} places an order"
    needs: ClassVar = (Capability.ORDER_PAGE,)
    notes: ClassVar = (ORDER,)
    precondition: ClassVar = True

    @classmethod
    def of_one_item(cls) -> "PlaceAnOrder":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        policy = actor.policy
        payment = "card" if "card" in policy.payment_methods else actor.persona.payment_method
        shipping = policy.shipping[0].id if policy.shipping else ""  # "": whichever the shop offers first
        order = aftersales_of(actor).place_order(page_of(actor), actor.persona, list(policy.categories.allowed),
                                                 shipping, payment)
        actor.remember(ORDER, order)


@dataclass
class TheOrderArrived:
    """Staging's passing of time: the order was delivered `days_ago` days before today."""

    days_ago: int
    description: str = ""
    needs: ClassVar = (Capability.MARK_DELIVERED,)
    notes: ClassVar = (DELIVERED_ON, DAYS_SINCE_DELIVERY)

    def __post_init__(self) -> None:
        self.description = self.description or f"{{actor}}'s order arrived {self.days_ago} day{'' if self.days_ago == 1 else 's'} ago"

    @classmethod
    def days_before_today(cls, days: int) -> "TheOrderArrived":
        return cls(max(days, 0))

    @classmethod
    def on_the_last_day_of_the_warranty(cls, policy: MarketPolicy) -> "TheOrderArrived":
        """Long enough ago that today is the last day the warranty covers."""
        days = days_to_the_warranty_end(policy)
        return cls(days, f"{{actor}}'s order arrived {days} days ago: its {policy.warranty.months}-month warranty "
                         "ends today")

    @classmethod
    def the_day_after_the_warranty_ended(cls, policy: MarketPolicy) -> "TheOrderArrived":
        days = days_to_the_warranty_end(policy) + 1
        return cls(days, f"{{actor}}'s order arrived {days} days ago: its {policy.warranty.months}-month warranty "
                         "ended yesterday")

    def perform_as(self, actor: Actor) -> None:
        order = actor.recall(ORDER)
        actor.remember(DELIVERED_ON, aftersales_of(actor).set_delivered(order.ref, self.days_ago))
        actor.remember(DAYS_SINCE_DELIVERY, self.days_ago)


@dataclass
class RequestAReturn:
    """Sends the whole order back from the order page, giving a reason only where the policy asks for one."""

    description: str = "{actor} asks to return the order"
    needs: ClassVar = (Capability.RETURNS,)
    notes: ClassVar = (RETURN,)

    @classmethod
    def of_the_order(cls) -> "RequestAReturn":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        order = actor.recall(ORDER)
        returns = actor.policy.returns
        reason = "changed_mind" if returns is not None and returns.reason_required else None
        outcome = aftersales_of(actor).request_return(page_of(actor), order.ref, [(order.sku, order.quantity)], reason)
        actor.remember(RETURN, outcome)
        report.screenshot(page_of(actor), "return")


@dataclass
class ClaimTheWarranty:
    """Claims the warranty for the ordered item from the order page."""

    description: str = "{actor} makes a warranty claim"
    needs: ClassVar = (Capability.WARRANTY,)
    notes: ClassVar = (WARRANTY_CLAIMS,)

    @classmethod
    def for_the_item(cls) -> "ClaimTheWarranty":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        order, days, delivered = actor.recall(ORDER), actor.recall(DAYS_SINCE_DELIVERY), actor.recall(DELIVERED_ON)
        outcome = aftersales_of(actor).claim_warranty(page_of(actor), order.ref, order.sku, WARRANTY_PROBLEM)
        claim = Claim(days, delivered, outcome)
        actor.remember(WARRANTY_CLAIMS, [*(actor.seen.get(WARRANTY_CLAIMS) or []), claim])
        report.screenshot(page_of(actor), "warranty claim")


@dataclass
class AskWhenTheRefundComes:
    """Asks the chatbot, in the persona's language, how long the refund takes (the support
    journey's own question, personas/data/questions.yaml), and notes the time it states. The
    support journey's `AskTheChatbot` asks it anything, and notes the replies as they are."""

    description: str = "{actor} asks the chatbot when the refund comes"
    needs: ClassVar = (Capability.CHATBOT,)
    notes: ClassVar = (CHATBOT_REFUND_TIME,)

    @classmethod
    def of_the_chatbot(cls) -> "AskWhenTheRefundComes":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        asked = question(actor.persona.language, "refund_time")
        actor.remember(CHATBOT_REFUND_TIME, aftersales_of(actor).ask_refund_time(page_of(actor), asked))


@dataclass
class ReadTheRefundEmail:
    description: str = "{actor} reads the refund e-mail"
    needs: ClassVar = (Capability.MAILBOX, Capability.REFUNDS)
    notes: ClassVar = (REFUND_MAIL,)

    @classmethod
    def for_the_return(cls) -> "ReadTheRefundEmail":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        ret = actor.recall(RETURN)
        if not ret.accepted or not ret.ref:
            actor.cannot_see(REFUND_MAIL, "the return was not accepted: no refund to announce")
            return
        actor.remember(REFUND_MAIL, aftersales_of(actor).refund_mail(actor.persona.email, ret.ref))


@dataclass
class WriteToSupport:
    """Writes to customer service about the order, leaving name, e-mail and phone."""

    description: str = "{actor} writes to customer service about the order"
    needs: ClassVar = (Capability.TICKETS,)
    notes: ClassVar = (SUPPORT_TICKET,)

    @classmethod
    def about_the_order(cls) -> "WriteToSupport":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        ref = aftersales_of(actor).contact_support(page_of(actor), actor.persona, actor.recall(ORDER).ref, ABOUT_THE_ORDER)
        actor.remember(SUPPORT_TICKET, ref)


@dataclass
class OpenTheOrder:
    """Looks at the order's page as its owner."""

    description: str = "{actor} opens the order"
    needs: ClassVar = (Capability.ORDER_PAGE,)
    notes: ClassVar = (ORDER_PAGE,)

    @classmethod
    def as_its_owner(cls) -> "OpenTheOrder":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        actor.remember(ORDER_PAGE, aftersales_of(actor).open_order(page_of(actor), actor.recall(ORDER).ref))
        report.screenshot(page_of(actor), "order")


@dataclass
class OpenTheTicketPage:
    """Looks at the page of the ticket it wrote about the order (`WriteToSupport`), as its owner.
    The support journey's `OpenTheTicket` opens the ticket a person's hand-off made."""

    description: str = "{actor} opens the ticket"
    needs: ClassVar = (Capability.TICKETS,)
    notes: ClassVar = (TICKET_PAGE,)

    @classmethod
    def as_its_owner(cls) -> "OpenTheTicketPage":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        actor.remember(TICKET_PAGE, aftersales_of(actor).open_ticket(page_of(actor), actor.recall(SUPPORT_TICKET)))
        report.screenshot(page_of(actor), "ticket")


@dataclass
class AnotherCustomerTries:
    """Another customer, in a browser of their own, tries to open the persona's order, return
    and ticket by their references (page and API)."""

    description: str = "another customer tries to open {actor}'s order, return and ticket"
    needs: ClassVar = (Capability.ORDER_PAGE,)
    notes: ClassVar = (OPENED_BY_STRANGER,)

    @classmethod
    def to_open_them(cls) -> "AnotherCustomerTries":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        browse = actor.ability(BrowseTheWeb)
        ret = actor.seen.get(RETURN)
        refs = {"order": actor.recall(ORDER).ref, "return": ret.ref if ret else None,
                "ticket": actor.seen.get(SUPPORT_TICKET)}
        proxy = {"server": browse.route.server} if browse.route else None
        stranger = browse.context.browser.new_context(base_url=shop_of(actor).url, proxy=proxy,
                                                      locale=actor.persona.locale)
        try:
            page = stranger.new_page()
            opened = []
            for kind, ref in refs.items():
                if ref:
                    opened += aftersales_of(actor).look_up(page, kind, ref)
        finally:
            stranger.close()
        actor.remember(OPENED_BY_STRANGER, opened)
