"""After the order: it arrives, the persona returns it, claims the warranty, asks about the refund,
writes to support about it; and another customer tries to open what is the persona's alone."""
from __future__ import annotations

from dataclasses import dataclass

from ..screenplay import Actor, BrowseTheWeb, report
from .landing import page_of, shop_of
from .support import question

WARRANTY_PROBLEM = "It stopped working: it no longer switches on."
ABOUT_THE_ORDER = "A question about my order: can you confirm the delivery address?"


def aftersales_of(actor: Actor):
    part = shop_of(actor).aftersales
    if part is None:
        raise LookupError("the adapter has no after-sales part (Shop.aftersales): see docs/adapters.md")
    return part


@dataclass
class PlaceAnOrder:
    """One item of an allowed category, delivered to the persona's address, paid by card where
    the market takes cards (the card is what PD-2 wants masked), else the persona's own method."""

    description: str = "{actor} places an order"

    @classmethod
    def of_one_item(cls) -> "PlaceAnOrder":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        policy = actor.policy
        payment = "card" if "card" in policy.payment_methods else actor.persona.payment_method
        order = aftersales_of(actor).place_order(page_of(actor), actor.persona, list(policy.categories.allowed),
                                                 policy.shipping[0].id, payment)
        actor.remember("order", order)


@dataclass
class TheOrderArrived:
    """Staging's passing of time: the order was delivered `days_ago` days before today."""

    days_ago: int
    description: str = ""

    def __post_init__(self) -> None:
        self.description = self.description or f"{{actor}}'s order arrived {self.days_ago} day{'' if self.days_ago == 1 else 's'} ago"

    @classmethod
    def days_before_today(cls, days: int) -> "TheOrderArrived":
        return cls(max(days, 0))

    def perform_as(self, actor: Actor) -> None:
        order = actor.recall("order")
        actor.remember("delivered on", aftersales_of(actor).set_delivered(order.ref, self.days_ago))
        actor.remember("days since delivery", self.days_ago)


@dataclass
class RequestAReturn:
    """Sends the whole order back from the order page, giving a reason only where the policy asks for one."""

    description: str = "{actor} asks to return the order"

    @classmethod
    def of_the_order(cls) -> "RequestAReturn":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        order = actor.recall("order")
        reason = "changed_mind" if actor.policy.returns.reason_required else None
        outcome = aftersales_of(actor).request_return(page_of(actor), order.ref, [(order.sku, order.quantity)], reason)
        actor.remember("return", outcome)
        report.screenshot(page_of(actor), "return")


@dataclass
class ClaimTheWarranty:
    """Claims the warranty for the ordered item from the order page."""

    description: str = "{actor} makes a warranty claim"

    @classmethod
    def for_the_item(cls) -> "ClaimTheWarranty":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        order = actor.recall("order")
        outcome = aftersales_of(actor).claim_warranty(page_of(actor), order.ref, order.sku, WARRANTY_PROBLEM)
        claims = actor.notes.setdefault("warranty claims", [])
        claims.append((actor.recall("days since delivery"), outcome))
        report.screenshot(page_of(actor), "warranty claim")


@dataclass
class AskTheChatbot:
    """Asks the chatbot, in the persona's language, how long the refund takes (the support
    journey's own question, personas/data/questions.yaml)."""

    description: str = "{actor} asks the chatbot when the refund comes"

    @classmethod
    def when_the_refund_comes(cls) -> "AskTheChatbot":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        asked = question(actor.persona.language, "refund_time")
        actor.remember("chatbot refund time", aftersales_of(actor).ask_refund_time(page_of(actor), asked))


@dataclass
class ReadTheRefundEmail:
    description: str = "{actor} reads the refund e-mail"

    @classmethod
    def for_the_return(cls) -> "ReadTheRefundEmail":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        ret = actor.recall("return")
        mail = aftersales_of(actor).refund_mail(actor.persona.email, ret.ref) if ret.ref else None
        actor.remember("refund mail", mail)


@dataclass
class WriteToSupport:
    """Writes to customer service about the order, leaving name, e-mail and phone."""

    description: str = "{actor} writes to customer service about the order"

    @classmethod
    def about_the_order(cls) -> "WriteToSupport":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        ref = aftersales_of(actor).contact_support(page_of(actor), actor.persona, actor.recall("order").ref, ABOUT_THE_ORDER)
        actor.remember("ticket", ref)


@dataclass
class OpenTheOrder:
    """Looks at the order's page as its owner."""

    description: str = "{actor} opens the order"

    @classmethod
    def as_its_owner(cls) -> "OpenTheOrder":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        actor.remember("order page", aftersales_of(actor).open_order(page_of(actor), actor.recall("order").ref))
        report.screenshot(page_of(actor), "order")


@dataclass
class OpenTheTicket:
    """Looks at the ticket's page as its owner."""

    description: str = "{actor} opens the ticket"

    @classmethod
    def as_its_owner(cls) -> "OpenTheTicket":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        actor.remember("ticket page", aftersales_of(actor).open_ticket(page_of(actor), actor.recall("ticket")))
        report.screenshot(page_of(actor), "ticket")


@dataclass
class AnotherCustomerTries:
    """Another customer, in a browser of their own, tries to open the persona's order, return
    and ticket by their references (page and API)."""

    description: str = "another customer tries to open {actor}'s order, return and ticket"

    @classmethod
    def to_open_them(cls) -> "AnotherCustomerTries":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        browse = actor.ability(BrowseTheWeb)
        refs = {"order": actor.recall("order").ref, "return": actor.recall("return").ref,
                "ticket": actor.notes.get("ticket")}
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
        actor.remember("opened by another customer", opened)
