"""The adapter for the embedded reference storefront (and any shop built like it)."""
from __future__ import annotations

import httpx

from .. import ALL, Shop
from .account import ReferenceAccount
from .aftersales import ReferenceAftersales
from .catalogue import ReferenceCatalogue
from .checkout import ReferenceCheckout
from .mailbox import ReferenceMailbox
from .support import ReferenceSupport
from .traffic import ReferenceTraffic


def make_shop(url: str) -> Shop:
    # One client for the staging hooks and the mail sink: a client per call would build a TLS
    # context each time, which costs more CPU than the request itself.
    staging = httpx.Client(base_url=url, timeout=15)
    mailbox = ReferenceMailbox(staging)
    # The reference storefront has every part; `Shop.without(...)` switches some off.
    return Shop(url=url, offers=ALL, catalogue=ReferenceCatalogue(), mailbox=mailbox, account=ReferenceAccount(),
                checkout=ReferenceCheckout(mailbox), support=ReferenceSupport(),
                aftersales=ReferenceAftersales(staging, mailbox), traffic=ReferenceTraffic())
