"""The shop under test, as journeys see it: a storefront-neutral interface, one part per area.

An adapter implements these parts for one shop (`harness/shop/reference/` for the embedded
reference storefront) and declares what it can ask the shop (`offers`, see capabilities.py).
Journeys and tasks only ever call these interfaces, so pointing them at another shop means
writing another adapter: see docs/adapters.md, or start from `harness adapter new NAME`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from .account import Account
from .aftersales import Aftersales
from .capabilities import ALL, REQUIRES, CannotPerform, Capability, NotOffered, capabilities, problems
from .catalogue import Catalogue, Refusal
from .checkout import Checkout
from .ids import IdMap
from .mailbox import Mailbox
from .support import Support
from .traffic import Traffic

__all__ = ["ALL", "Account", "Aftersales", "CannotPerform", "Capability", "Catalogue", "Checkout", "IdMap", "Mailbox",
           "NotOffered", "Refusal", "Shop", "Support", "Traffic", "capabilities"]


@dataclass
class Shop:
    url: str
    offers: frozenset[Capability] | Iterable[str]  # what the adapter can ask the shop: capabilities.py
    catalogue: Catalogue | None = None  # harness/shop/catalogue.py
    checkout: Checkout | None = None  # harness/shop/checkout.py
    account: Account | None = None  # harness/shop/account.py
    mailbox: Mailbox | None = None  # harness/shop/mailbox.py
    support: Support | None = None  # harness/shop/support.py
    aftersales: Aftersales | None = None  # harness/shop/aftersales.py
    traffic: Traffic | None = None  # load users' actions over HTTP: harness/shop/traffic.py

    def __post_init__(self) -> None:
        self.offers = capabilities(self.offers)
        wrong = problems(self.offers, {name: getattr(self, name) for name in
                                       ("catalogue", "checkout", "account", "mailbox", "support", "aftersales")})
        if wrong:
            raise ValueError("; ".join(wrong))

    def without(self, *names: Capability | str) -> "Shop":
        """The same shop with capabilities switched off (and those that need them), e.g. to walk
        the journeys while the chatbot is being redeployed."""
        off = set(capabilities(names))
        while extra := {c for c in self.offers - off if any(n in off for n in REQUIRES.get(c, ()))}:
            off |= extra  # what needs a capability switched off goes too
        return replace(self, offers=self.offers - off)
