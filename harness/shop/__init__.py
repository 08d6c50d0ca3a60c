"""The shop under test, as journeys see it: a storefront-neutral interface, one part per area.

An adapter implements these parts for one shop (`harness/shop/reference/` for the embedded
reference storefront). Journeys and tasks only ever call these interfaces, so pointing them at
another shop means writing another adapter: see docs/adapters.md.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .catalogue import Catalogue
from .mailbox import Mailbox


@dataclass
class Shop:
    url: str
    catalogue: Catalogue
    mailbox: Mailbox
    checkout: Any = None  # harness/shop/checkout.py
    support: Any = None  # harness/shop/support.py
    aftersales: Any = None  # harness/shop/aftersales.py
