"""What an adapter can ask its shop: one capability per thing a check needs to see.

An adapter declares its capabilities (`Shop.offers`); the market policy states what each market
is promised. A check runs where both apply; where the adapter cannot ask the shop, the check is
reported not checked, with the reason this table gives ("the adapter reads no mailbox").

Declare a capability when the adapter can ask the shop for it, not when the shop gets it right:
a shop whose checkout shows no delivery estimate where the policy promises one declares
`delivery_estimates` and fails SA-2. Switching a capability off hides nothing from the report: the
checks that need it show as not checked.
"""
from __future__ import annotations

from collections.abc import Iterable
from enum import Enum


class Capability(str, Enum):
    """Values are the names an adapter, a flag or a file uses (`offers={"catalogue", ...}`)."""

    CATALOGUE = "catalogue"
    CART = "cart"
    CONSENT_PROMPT = "consent_prompt"
    GUEST_CHECKOUT = "guest_checkout"
    DELIVERY_ESTIMATES = "delivery_estimates"
    ACCOUNTS = "accounts"
    ORDER_API = "order_api"
    MAILBOX = "mailbox"
    CONFIRMATION_EMAIL = "confirmation_email"
    HELP_CENTRE = "help_centre"
    CONTACT_PAGE = "contact_page"
    POLICY_API = "policy_api"
    CHATBOT = "chatbot"
    TICKETS = "tickets"
    CALLBACK = "callback"
    ORDER_PAGE = "order_page"
    RETURNS = "returns"
    REFUNDS = "refunds"
    WARRANTY = "warranty"
    MARK_DELIVERED = "mark_delivered"

    def __str__(self) -> str:
        return self.value

    @property
    def about(self) -> str:
        return ABOUT[self][0]

    @property
    def part(self) -> str:
        """The `Shop` part its methods live on."""
        return ABOUT[self][1]

    @property
    def lacking(self) -> str:
        """Why a check that needs it was not made, when the adapter does not declare it."""
        return ABOUT[self][2]


# capability -> (what it lets the harness ask, the Shop part, the reason a check is not made without it)
ABOUT: dict[Capability, tuple[str, str, str]] = {
    Capability.CATALOGUE: ("the landing page, categories, product pages, a restricted product asked for",
                           "catalogue", "the adapter reads no catalogue"),
    Capability.CART: ("adding to the cart and reading the cart", "checkout", "the adapter has no cart"),
    Capability.CONSENT_PROMPT: ("whether the landing page shows a consent prompt, and answering it", "catalogue",
                                "the adapter cannot see a consent prompt"),
    Capability.GUEST_CHECKOUT: ("address, shipping, payment, placing the order and its confirmation page", "checkout",
                                "the adapter has no guest checkout"),
    Capability.DELIVERY_ESTIMATES: ("the delivery dates the shipping step offers", "checkout",
                                    "the adapter reads no delivery estimates"),
    Capability.ACCOUNTS: ("registering, logging in and out, the account's orders", "account",
                          "the adapter has no customer accounts"),
    Capability.ORDER_API: ("the order as the owner's order API returns it", "checkout", "the adapter has no order API"),
    Capability.MAILBOX: ("the mail the shop sent to an address", "mailbox", "the adapter reads no mailbox"),
    Capability.CONFIRMATION_EMAIL: ("the order confirmation e-mail", "checkout",
                                    "the adapter reads no confirmation e-mail"),
    Capability.HELP_CENTRE: ("the help centre and its policy pages", "support", "the adapter reads no help centre"),
    Capability.CONTACT_PAGE: ("the contact page: channels, languages, opening hours", "support",
                              "the adapter reads no contact page"),
    Capability.POLICY_API: ("the policy facts the shop's API states", "support", "the adapter has no policy API"),
    Capability.CHATBOT: ("asking the chatbot", "support", "the adapter has no chatbot"),
    Capability.TICKETS: ("handing over to a person by ticket, the ticket and its escalation", "support",
                         "the adapter has no ticket desk"),
    Capability.CALLBACK: ("handing over to a person by callback", "support", "the adapter has no callback"),
    Capability.ORDER_PAGE: ("placing an order to follow up, and its page as its owner and as another customer",
                            "aftersales", "the adapter has no after-sales order page"),
    Capability.RETURNS: ("asking for a return and reading the decision", "aftersales", "the adapter has no returns"),
    Capability.REFUNDS: ("the refund scheduled for a return and its e-mail", "aftersales",
                         "the adapter reads no refunds"),
    Capability.WARRANTY: ("a warranty claim and its decision", "aftersales", "the adapter has no warranty claims"),
    Capability.MARK_DELIVERED: ("the staging hook saying when an order arrived", "aftersales",
                                "the adapter has no staging hook to mark an order delivered"),
}
# Capabilities that are no use without another one.
REQUIRES: dict[Capability, tuple[Capability, ...]] = {
    Capability.CART: (Capability.CATALOGUE,),
    Capability.CONSENT_PROMPT: (Capability.CATALOGUE,),
    Capability.GUEST_CHECKOUT: (Capability.CART,),
    Capability.DELIVERY_ESTIMATES: (Capability.GUEST_CHECKOUT,),
    Capability.ORDER_API: (Capability.GUEST_CHECKOUT,),
    Capability.CONFIRMATION_EMAIL: (Capability.GUEST_CHECKOUT, Capability.MAILBOX),
    Capability.RETURNS: (Capability.ORDER_PAGE,),
    Capability.REFUNDS: (Capability.RETURNS,),
    Capability.WARRANTY: (Capability.ORDER_PAGE,),
    Capability.MARK_DELIVERED: (Capability.ORDER_PAGE,),
}
ALL = frozenset(Capability)


class NotOffered(Exception):
    """Raised by an adapter method when its shop has no such thing (no chatbot, no order API):
    the checks that need it are reported not checked, with this reason. A shop that has it and
    says no answers with a `Refusal` instead."""

    def __init__(self, capability: Capability | str, why: str = ""):
        self.capability = Capability(capability)
        self.why = why or self.capability.lacking
        super().__init__(self.why)


class CannotPerform(Exception):
    """The harness could not do a step (a form missing, a page that never came): the journey is
    broken, which says nothing about the shop's promises, unlike a finding. Raised by adapters and
    tasks alike; it lives here, beside `NotOffered`, so that an adapter needs nothing from
    `harness.screenplay` (which re-exports it)."""


def capabilities(names: Iterable[Capability | str], where: str = "offers") -> frozenset[Capability]:
    """Capability names checked: an unknown one is a ValueError naming it and the nearest known."""
    from ..errors import nearest

    out = set()
    for name in names:
        try:
            out.add(Capability(name))
        except ValueError:
            raise ValueError(f"{where}: {name!r} is not a capability{nearest(str(name), [c.value for c in Capability])}; "
                             f"known: {', '.join(c.value for c in Capability)}") from None
    return frozenset(out)


def problems(offers: frozenset[Capability], parts: dict[str, object]) -> list[str]:
    """What is wrong with a declaration: a capability whose part is missing, or that needs another."""
    out = []
    for capability in sorted(offers, key=list(Capability).index):
        if parts.get(capability.part) is None:
            out.append(f"declares {capability} but has no {capability.part} part")
        for needed in REQUIRES.get(capability, ()):
            if needed not in offers:
                out.append(f"declares {capability} but not {needed}, which it needs")
    return out


# capability -> the adapter methods ("part.method") that ask the shop for it: what
# `harness adapter check` calls and `harness adapter new` stubs with `NotOffered(capability)`.
# A method two capabilities share is listed under both (`support.hand_off`: a ticket or a callback).
METHODS: dict[Capability, tuple[str, ...]] = {
    Capability.CATALOGUE: ("catalogue.land", "catalogue.open_category", "catalogue.open_product",
                           "catalogue.products_in"),
    Capability.CART: ("catalogue.add_to_cart", "checkout.open_cart"),
    Capability.CONSENT_PROMPT: ("catalogue.accept_consent",),
    Capability.GUEST_CHECKOUT: ("checkout.enter_address", "checkout.choose_shipping", "checkout.pay",
                                "checkout.place_order", "checkout.open_order"),
    Capability.DELIVERY_ESTIMATES: (),  # no method of its own: the dates `checkout.enter_address` returns
    Capability.ACCOUNTS: ("account.register", "account.log_in", "account.log_out", "account.orders",
                          "account.open_order"),
    Capability.ORDER_API: ("checkout.stored_order",),
    Capability.MAILBOX: ("mailbox.messages",),
    Capability.CONFIRMATION_EMAIL: ("checkout.confirmation_mail",),
    Capability.HELP_CENTRE: ("support.open_help_centre",),
    Capability.CONTACT_PAGE: ("support.open_contact",),
    Capability.POLICY_API: ("support.stated_by_api",),
    Capability.CHATBOT: ("support.chat", "aftersales.ask_refund_time"),
    Capability.TICKETS: ("support.hand_off", "support.open_ticket", "support.escalate", "support.acknowledgement_in",
                         "aftersales.contact_support", "aftersales.open_ticket"),
    Capability.CALLBACK: ("support.hand_off",),
    Capability.ORDER_PAGE: ("aftersales.place_order", "aftersales.open_order", "aftersales.look_up"),
    Capability.RETURNS: ("aftersales.request_return",),
    Capability.REFUNDS: ("aftersales.refund_mail",),
    Capability.WARRANTY: ("aftersales.claim_warranty",),
    Capability.MARK_DELIVERED: ("aftersales.set_delivered",),
}


def capabilities_of(method: str) -> tuple[Capability, ...]:
    """The capabilities a method ("part.method") asks the shop for, in `Capability` order."""
    return tuple(c for c, methods in METHODS.items() if method in methods)
