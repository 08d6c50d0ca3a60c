"""The customer's account: registering, logging in, and the orders it keeps."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from playwright.sync_api import Page

from ..personas import Persona
from .catalogue import Refusal


@dataclass(frozen=True)
class SignedIn:
    """The outcome of registering or logging in."""

    signed_in: bool
    name: str = ""  # the account's name and e-mail as its page shows them
    email: str = ""
    refusal: Refusal | None = None  # why not: wrong credentials, an address taken, a locked account
    exists: bool = False  # registration refused because the account is already there


@dataclass(frozen=True)
class OrderSummary:
    ref: str
    total: str  # as the list shows it


@dataclass(frozen=True)
class OrderList:
    orders: list[OrderSummary] = field(default_factory=list)
    refusal: Refusal | None = None  # the account page refused (login asked again, region locked)

    @property
    def refs(self) -> list[str]:
        return [o.ref for o in self.orders]


@dataclass(frozen=True)
class AccountOrder:
    """One order as its owner opens it from the account."""

    ref: str | None  # None when the page did not show the order
    currency: str | None = None
    total: Decimal | None = None
    refusal: Refusal | None = None


class Account(Protocol):
    def register(self, page: Page, persona: Persona) -> SignedIn:
        """Creates the persona's account (name, e-mail, phone, password) and leaves it signed in.

        Returns `SignedIn`: signed in, with the account's name and e-mail as its page shows them;
        or, where the shop refuses (the address taken: `exists` True; a field refused),
        `signed_in` False with its `Refusal`, never raised. Raise
        `NotOffered(Capability.ACCOUNTS)` where the shop has no customer accounts.
        """
        ...

    def log_in(self, page: Page, persona: Persona) -> SignedIn:
        """Logs in with the persona's e-mail and password.

        Returns `SignedIn` as `register` does; where the shop says no (wrong credentials, a
        locked account, no login form from this region), `signed_in` False with its `Refusal`,
        never raised: locking a customer out is what the traveller journey looks for. Raise
        `NotOffered(Capability.ACCOUNTS)` where the shop has no customer accounts.
        """
        ...

    def log_out(self, page: Page) -> None:
        """Logs the signed-in customer out; returns None (nothing to do when no one is signed in).

        Raise `NotOffered(Capability.ACCOUNTS)` where the shop has no customer accounts.
        """
        ...

    def orders(self, page: Page) -> OrderList:
        """The signed-in customer's orders, newest first, as the account page lists them.

        Returns the `OrderList` (`OrderSummary`: reference, total as listed), or an empty one
        with the `Refusal` when the account page is not shown (asked to log in again, locked),
        never raised. Raise `NotOffered(Capability.ACCOUNTS)` where the shop has no customer
        accounts.
        """
        ...

    def open_order(self, page: Page, ref: str) -> AccountOrder:
        """Opens order `ref` from the signed-in customer's account.

        Returns the `AccountOrder`: reference, currency and total of its page; or, when its
        owner cannot open it, `ref` None with the `Refusal`, never raised. (The checkout part's
        `open_order` reads the page's content.) Raise `NotOffered(Capability.ACCOUNTS)` where
        the shop has no customer accounts.
        """
        ...
