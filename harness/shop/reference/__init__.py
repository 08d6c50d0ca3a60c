"""The adapter for the embedded reference storefront (and any shop built like it)."""
from __future__ import annotations

from .. import Shop
from .catalogue import ReferenceCatalogue
from .mailbox import ReferenceMailbox


def make_shop(url: str) -> Shop:
    return Shop(url=url, catalogue=ReferenceCatalogue(), mailbox=ReferenceMailbox(url))
