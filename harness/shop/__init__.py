"""The shop under test, as journeys see it: a storefront-neutral interface, one part per area.

An adapter implements these parts for one shop (`harness/shop/reference/` for the embedded
reference storefront) and declares what it can ask the shop (`offers`, see capabilities.py).
Journeys and tasks only ever call these interfaces, so pointing them at another shop means
writing another adapter: see docs/adapters.md, or start from `harness adapter new NAME`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .account import Account
from .aftersales import Aftersales
from .capabilities import ALL, Capability, NotOffered, capabilities, problems
from .catalogue import Catalogue, Refusal
from .checkout import Checkout
from .ids import IdMap
from .mailbox import Mailbox
from .support import Support

__all__ = ["ALL", "Account", "Aftersales", "Capability", "Catalogue", "Checkout", "IdMap", "Mailbox", "NotOffered",
           "Refusal", "Shop", "Support", "capabilities"]


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
    extras: dict = field(default_factory=dict)  # anything else the adapter wants to keep with the shop

    def __post_init__(self) -> None:
        self.offers = capabilities(self.offers)
        wrong = problems(self.offers, {name: getattr(self, name) for name in
                                       ("catalogue", "checkout", "account", "mailbox", "support", "aftersales")})
        if wrong:
            raise ValueError("; ".join(wrong))

    def can(self, capability: Capability) -> bool:
        return capability in self.offers

    def without(self, *names: Capability | str) -> "Shop":
        """The same shop with capabilities switched off (and those that need them), e.g. to walk
        the journeys while the chatbot is being redeployed."""
        from dataclasses import replace

        off = set(capabilities(names))
        changed = True
        while changed:  # what needs a capability switched off goes too
            from .capabilities import REQUIRES

            extra = {c for c in self.offers if c not in off and any(n in off for n in REQUIRES.get(c, ()))}
            changed = bool(extra)
            off |= extra
        return replace(self, offers=self.offers - off)
