"""The adapter for the embedded reference storefront (and any shop built like it)."""
from __future__ import annotations

from .. import Shop
from .account import ReferenceAccount
from .aftersales import ReferenceAftersales
from .catalogue import ReferenceCatalogue
from .checkout import ReferenceCheckout
from .mailbox import ReferenceMailbox
from .support import ReferenceSupport


def make_shop(url: str) -> Shop:
    return Shop(url=url, catalogue=ReferenceCatalogue(), mailbox=ReferenceMailbox(url),
                account=ReferenceAccount(), checkout=ReferenceCheckout(ReferenceMailbox(url)),
                support=ReferenceSupport(), aftersales=ReferenceAftersales(url, ReferenceMailbox(url)))
