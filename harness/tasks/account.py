"""The customer's account: registering, logging in and out, and finding its orders again."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..screenplay import Actor, CannotPerform, Key, report
from ..shop.account import AccountOrder, OrderList, SignedIn
from ..shop.capabilities import Capability
from ..shop.checkout import Confirmation
from .checkout import CONFIRMATION, ChooseShipping, EnterTheAddress, FillTheCart, Pay, PlaceTheOrder
from .landing import page_of, shop_of


@dataclass(frozen=True)
class Bought:
    """A purchase: the order confirmed, or why the shop stopped it."""

    order: Confirmation | None
    stopped: str | None = None


REGISTERED = Key[SignedIn]("registered", "the account registered")
BOUGHT = Key[Bought]("bought", "the purchase at home")
SIGNED_IN = Key[SignedIn]("signed in", "the login")
ORDERS = Key[OrderList]("orders", "the account's order list")
ACCOUNT_ORDER = Key[AccountOrder]("account order", "the order opened from the account")


def account_of(actor: Actor):
    return shop_of(actor).account


@dataclass
class Register:
    """Creates the persona's account (name, e-mail, phone, password); it stays signed in."""

    description: str = "{actor} creates an account"
    needs: ClassVar = (Capability.ACCOUNTS,)
    notes: ClassVar = (REGISTERED,)
    precondition: ClassVar = True

    @classmethod
    def an_account(cls) -> "Register":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        account = account_of(actor)
        signed_in = account.register(page_of(actor), actor.persona)
        if not signed_in.signed_in:
            # A persona walked before against the same shop (the journeys again under load) has
            # its account already: it logs in, as a returning customer would.
            again = account.log_in(page_of(actor), actor.persona)
            if again.signed_in:
                signed_in = again
        actor.remember(REGISTERED, signed_in)
        if not signed_in.signed_in:  # a precondition of the journey, not what it checks
            raise CannotPerform(f"registering failed: {signed_in.refusal.text if signed_in.refusal else 'no reason given'}")


@dataclass
class Buy:
    """Buys one product on show, delivered to its own address, paid its own way (the checkout
    journey checks how; here the order is what the customer must find again)."""

    description: str = "{actor} buys a product"
    needs: ClassVar = (Capability.CART, Capability.GUEST_CHECKOUT)
    notes: ClassVar = (BOUGHT,)

    @classmethod
    def one_product(cls) -> "Buy":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        actor.attempts_to(FillTheCart.with_one_item(), EnterTheAddress.of_its_own(), ChooseShipping.the_first_offered(),
                          Pay.with_its_own_method(), PlaceTheOrder.now())
        stopped = actor.resume()  # the rest of the journey goes on without the order
        actor.remember(BOUGHT, Bought(None, stopped) if stopped else Bought(actor.recall(CONFIRMATION)))


@dataclass
class LogOut:
    description: str = "{actor} logs out"
    needs: ClassVar = (Capability.ACCOUNTS,)
    notes: ClassVar = ()

    @classmethod
    def now(cls) -> "LogOut":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        account_of(actor).log_out(page_of(actor))


@dataclass
class LogIn:
    description: str = "{actor} logs in with its e-mail address and password"
    needs: ClassVar = (Capability.ACCOUNTS,)
    notes: ClassVar = (SIGNED_IN,)

    @classmethod
    def to_its_account(cls) -> "LogIn":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        actor.remember(SIGNED_IN, account_of(actor).log_in(page_of(actor), actor.persona))


@dataclass
class ListItsOrders:
    description: str = "{actor} opens its account's order list"
    needs: ClassVar = (Capability.ACCOUNTS,)
    notes: ClassVar = (ORDERS,)

    @classmethod
    def in_its_account(cls) -> "ListItsOrders":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        actor.remember(ORDERS, account_of(actor).orders(page_of(actor)))
        report.screenshot(page_of(actor), "order list")


@dataclass
class OpenItsOrder:
    """Opens the order it bought, from its account."""

    description: str = "{actor} opens the order it placed"
    needs: ClassVar = (Capability.ACCOUNTS,)
    notes: ClassVar = (ACCOUNT_ORDER,)

    @classmethod
    def the_one_it_bought(cls) -> "OpenItsOrder":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        bought = actor.recall(BOUGHT)
        if bought.order is None:
            actor.cannot_see(ACCOUNT_ORDER, f"nothing was bought at home: {bought.stopped}")
            return
        actor.remember(ACCOUNT_ORDER, account_of(actor).open_order(page_of(actor), bought.order.ref))
