"""The adapter for a django-oscar shop (Oscar 4.x, its default templates), selling per region.

    harness run --target https://staging.example.com --adapter harness.shop.oscar:make_shop --policy my-policy/

Oscar is one shop for one currency out of the box; a shop selling in several regions adds a
strategy selector per region and a way to choose the region. This adapter reads such a shop as
the test staging in `tests/oscar/` is built (docs/adapters.md, "A django-oscar shop"):

- the visitor's country (a `country` cookie the shop's country picker sets, else its address's
  country as the shop's geo-IP tells it) chooses the region: its partner, currency and tax;
- every page says what the shop took the visitor for on `<body data-country data-currency
  data-served>`, and a country the shop does not deliver to gets a page
  `[data-testid=not-served]` listing the countries it does (`[data-testid=served-countries] li`);
- the language is Oscar's URL prefix (`/de/`, `/en/`), chosen from the browser's language;
- everything else is Oscar's own: its catalogue, basket, checkout and account pages and forms.

The persona's market maps to the shop's region through the shop itself: the browser comes from
the persona's address and language, and the shop picks the region as for any customer. Mail is
read from a MailDev mail catcher the shop sends to (`HARNESS_OSCAR_MAILDEV=http://127.0.0.1:1080`);
without it the e-mail checks are not checked. Oscar has no chatbot, ticket desk, returns or
order API: those capabilities are not declared, and their checks are skipped with the reason.
"""
from __future__ import annotations

import os

from .. import Capability, Shop

MAILDEV = "HARNESS_OSCAR_MAILDEV"  # the MailDev web API the shop's mail goes to, if any

OFFERS = [Capability.CATALOGUE, Capability.CART, Capability.GUEST_CHECKOUT, Capability.ACCOUNTS]
WITH_MAIL = [Capability.MAILBOX, Capability.CONFIRMATION_EMAIL]


def make_shop(url: str) -> Shop:
    from .account import OscarAccount
    from .catalogue import OscarCatalogue
    from .checkout import OscarCheckout
    from .traffic import OscarTraffic

    mailbox = None
    if os.environ.get(MAILDEV):
        from ..mailcatcher import MailDevMailbox

        mailbox = MailDevMailbox(os.environ[MAILDEV], languages=["de", "en"])
    catalogue = OscarCatalogue()
    return Shop(url=url, offers=OFFERS + (WITH_MAIL if mailbox else []), catalogue=catalogue,
                checkout=OscarCheckout(catalogue, mailbox), account=OscarAccount(), mailbox=mailbox,
                traffic=OscarTraffic())
