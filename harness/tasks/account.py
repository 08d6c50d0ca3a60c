"""The customer's account: registering, logging in and out, and finding its orders again."""
from __future__ import annotations

from dataclasses import dataclass

from ..screenplay import Actor, CannotPerform, report
from .checkout import ChooseShipping, EnterTheAddress, FillTheCart, Pay, PlaceTheOrder, stopped
from .landing import page_of, shop_of


def account_of(actor: Actor):
    account = shop_of(actor).account
    if account is None:
        raise LookupError("the shop adapter has no account part (harness/shop/account.py)")
    return account


@dataclass
class Register:
    """Creates the persona's account (name, e-mail, phone, password); it stays signed in."""

    description: str = "{actor} creates an account"

    @classmethod
    def an_account(cls) -> "Register":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        account = account_of(actor)
        signed_in = account.register(page_of(actor), actor.persona)
        if not signed_in.signed_in:
            # A persona walked before against the same shop (a nightly staging, the journeys again
            # under load) has its account already: it logs in, as a returning customer would.
            again = account.log_in(page_of(actor), actor.persona)
            if again.signed_in:
                signed_in = again
        actor.remember("registered", signed_in)
        if not signed_in.signed_in:  # a precondition of the journey, not what it checks
            raise CannotPerform(f"registering failed: {signed_in.refusal.text if signed_in.refusal else 'no reason given'}")


@dataclass
class Buy:
    """Buys one product on show, delivered to its own address, paid its own way (the checkout
    journey checks how; here the order is what the customer must find again)."""

    description: str = "{actor} buys a product"

    @classmethod
    def one_product(cls) -> "Buy":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        actor.attempts_to(FillTheCart.with_one_item(), EnterTheAddress.of_its_own(), ChooseShipping.the_first_offered(),
                          Pay.with_its_own_method(), PlaceTheOrder.now())
        # None when the shop stopped the purchase (the expectations say so, with why)
        actor.remember("bought", None if stopped(actor) else actor.recall("confirmation"))


@dataclass
class LogOut:
    description: str = "{actor} logs out"

    @classmethod
    def now(cls) -> "LogOut":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        account_of(actor).log_out(page_of(actor))


@dataclass
class LogIn:
    description: str = "{actor} logs in with its e-mail address and password"

    @classmethod
    def to_its_account(cls) -> "LogIn":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        actor.remember("signed_in", account_of(actor).log_in(page_of(actor), actor.persona))


@dataclass
class ListItsOrders:
    description: str = "{actor} opens its account's order list"

    @classmethod
    def in_its_account(cls) -> "ListItsOrders":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        actor.remember("orders", account_of(actor).orders(page_of(actor)))
        report.screenshot(page_of(actor), "order list")


@dataclass
class OpenItsOrder:
    """Opens the order it bought, from its account."""

    description: str = "{actor} opens the order it placed"

    @classmethod
    def the_one_it_bought(cls) -> "OpenItsOrder":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        bought = actor.recall("bought")
        if bought is None:
            return
        actor.remember("order", account_of(actor).open_order(page_of(actor), bought.ref))
