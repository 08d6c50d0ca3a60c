"""The shop under test, as journeys see it: a storefront-neutral interface, one part per area.

An adapter implements these parts for one shop (`harness/shop/reference/` for the embedded
reference storefront). Journeys and tasks only ever call these interfaces, so pointing them at
another shop means writing another adapter: see docs/adapters.md.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .account import Account
from .aftersales import Aftersales
from .catalogue import Catalogue
from .checkout import Checkout
from .mailbox import Mailbox
from .support import Support


@dataclass
class Shop:
    url: str
    catalogue: Catalogue
    mailbox: Mailbox
    checkout: Checkout | None = None  # harness/shop/checkout.py
    support: Support | None = None  # harness/shop/support.py
    aftersales: Aftersales | None = None  # harness/shop/aftersales.py
    account: Account | None = None  # harness/shop/account.py
