"""The reference storefront's adapter with parts switched off, as a shop without them would be
adapted (`--adapter tests.scenarios.partial_shops:without_support`). The journeys' fault tests
walk with these where the fault's check does not need the part, so every fault is shown caught
by a shop that has only what that check asks for."""
from __future__ import annotations

from dataclasses import replace

from harness.shop import Capability
from harness.shop.reference import make_shop

ADAPTER = "tests.scenarios.partial_shops:"  # + the factory's name, for --adapter

SUPPORT = [c for c in Capability if c.part == "support"]
AFTERSALES = [c for c in Capability if c.part == "aftersales"]


def without_support(url: str):
    """No help centre, contact page, policy API, chatbot, tickets or callback: no support part."""
    return replace(make_shop(url).without(*SUPPORT), support=None)


def without_aftersales(url: str):
    """No order page, returns, refunds, warranty or staging hook: no after-sales part."""
    return replace(make_shop(url).without(*AFTERSALES), aftersales=None)


def without_support_and_aftersales(url: str):
    """A shop: catalogue, cart, checkout, accounts, order API and mail; no help desk, no after-sales."""
    return replace(make_shop(url).without(*SUPPORT, *AFTERSALES), support=None, aftersales=None)


def without_mailbox(url: str):
    """No mail catcher to read: no confirmation, acknowledgement or refund e-mail."""
    return replace(make_shop(url).without(Capability.MAILBOX), mailbox=None)


def without_order_api(url: str):
    return make_shop(url).without(Capability.ORDER_API)


def catalogue_and_guest_checkout(url: str):
    """A shop with only a catalogue and a guest checkout (docs/adapters.md's walk-through), and no
    traffic part: load goes over the pages its catalogue reaches."""
    shop = make_shop(url)
    keep = {Capability.CATALOGUE, Capability.CART, Capability.GUEST_CHECKOUT, Capability.DELIVERY_ESTIMATES}
    return replace(shop.without(*(c for c in Capability if c not in keep)), support=None, aftersales=None,
                   account=None, mailbox=None, traffic=None)


def nothing(url: str):
    """An adapter that can ask the shop nothing at all."""
    return replace(make_shop(url).without(*Capability), catalogue=None, checkout=None, support=None,
                   aftersales=None, account=None, mailbox=None, traffic=None)
