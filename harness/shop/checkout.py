"""Checkout as a customer walks it: the cart, the delivery address, shipping, payment, the review,
the order confirmation and its e-mail, and the order as the shop stored it.

Field names are the harness's (name, company, street, street2, postcode, city, region, vat_id,
email, phone); an adapter maps them to its shop's form. Amounts are Decimals in the market's
currency, as the shop computed them; `*_text` is what the customer reads.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from playwright.sync_api import Page

from ..personas import Address
from .catalogue import Refusal


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    discount: Decimal
    shipping: Decimal
    tax: Decimal
    tax_added: bool | None  # True: tax added on top (sales tax); False: included in the prices (VAT); None: none shown
    total: Decimal
    total_text: str  # the total as the page shows it


@dataclass(frozen=True)
class Cart:
    lines: list[Line]
    totals: Totals | None  # None for an empty cart
    currency: str | None = None


@dataclass(frozen=True)
class DeliveryDetails:
    """What the customer types at the address step: contact, the address in its country's form, a VAT id."""

    email: str
    phone: str
    address: Address  # the adapter takes the fields its form asks for (region as `address.region_code`)
    vat_id: str = ""


@dataclass(frozen=True)
class ShippingOption:
    method: str
    earliest: dt.date | None  # the delivery estimate offered with it
    latest: dt.date | None
    text: str = ""


@dataclass(frozen=True)
class AddressStep:
    """The address step once the customer sent the form."""

    accepted: bool
    shipping: list[ShippingOption] = field(default_factory=list)  # what the shipping step offers, once accepted
    refusal: Refusal | None = None  # the address refused as a whole (outside coverage), with the page's language
    field_errors: dict[str, str] = field(default_factory=dict)  # fields the form did not take, and why
    typed: dict[str, str] = field(default_factory=dict)  # the fields the form asked for, as the customer filled them
    prefilled: dict[str, str] = field(default_factory=dict)  # what the form held before (an account's details)


@dataclass(frozen=True)
class PaymentStep:
    methods: list[str]  # payment methods offered, in the harness's ids (card, paypal, ideal, ...)


@dataclass(frozen=True)
class Review:
    """The last step before the order: what will be charged, or why the payment was refused."""

    lines: list[Line] = field(default_factory=list)
    totals: Totals | None = None
    payment: str | None = None
    refusal: Refusal | None = None


@dataclass(frozen=True)
class Confirmation:
    """The order page: right after placing the order, or opened again later by its owner.
    Phone, e-mail and card as the page shows them: masked where the market's privacy rule says so."""

    ref: str
    language: str  # <html lang>
    currency: str
    lines: list[Line]
    totals: Totals
    name: str
    address: list[str]  # the address lines shown, the name excepted
    phone: str
    email: str | None  # None: the page states no e-mail (a signed-in customer's)
    card: str = ""
    delivery: tuple[dt.date, dt.date] | None = None


@dataclass(frozen=True)
class ConfirmationMail:
    subject: str
    language: str | None  # Content-Language, else judged from its words; None: neither tells
    ref: str
    total: Decimal | None
    total_text: str
    name: str
    address: list[str]
    phone: str | None  # None: the mail states no phone at all ("": it shows an empty one)
    card: str = ""


@dataclass(frozen=True)
class StoredOrder:
    """The order as the owner's order API returns it: customer data as stored, unmasked."""

    ref: str
    currency: str
    language: str
    email: str
    name: str
    phone: str
    address: dict[str, str]  # harness field names
    card_number: str
    total: Decimal
    lines: list[Line]


class Checkout(Protocol):
    def open_cart(self, page: Page) -> Cart:
        """Opens the cart.

        Returns the `Cart`: its lines (sku, quantity), the `Totals` as the shop computed them
        (None for an empty cart) and the currency shown. Raise `NotOffered(Capability.CART)`
        where the adapter has no cart.
        """
        ...

    def enter_address(self, page: Page, details: DeliveryDetails) -> AddressStep:
        """Opens the address step (from the cart, or again after an earlier address) and sends it.

        Fills the fields the shop's form asks for from `details`, in the shop's own field names,
        and returns the `AddressStep`: `accepted` with the `ShippingOption`s the next step
        offers (policy method ids, each with the delivery dates offered: capability
        `delivery_estimates`); or `accepted` False with the page's `Refusal` where the shop does
        not deliver there; or `field_errors` (harness field name -> the form's message) for
        fields the form would not take. Always `typed` (the fields the form asked for, as filled,
        under the harness's names) and `prefilled` (what the form held before: an account's
        details). Raise `NotOffered(Capability.GUEST_CHECKOUT)` where the adapter has no checkout.
        """
        ...

    def choose_shipping(self, page: Page, method: str) -> PaymentStep:
        """Chooses shipping `method` (a policy id: map it to the shop's own).

        Returns the `PaymentStep`: the payment methods the next step offers, as policy ids.
        Raise `NotOffered(Capability.GUEST_CHECKOUT)` where the adapter has no checkout.
        """
        ...

    def pay(self, page: Page, method: str, card_number: str = "") -> Review:
        """Pays with `method` (a policy id; `card_number` a test card where it is `card`, else "").

        Returns the `Review` before the order: lines, totals and the payment method; or, where
        the shop refuses the payment, a `Review` with its `Refusal`, never raised. Raise
        `NotOffered(Capability.GUEST_CHECKOUT)` where the adapter has no checkout.
        """
        ...

    def place_order(self, page: Page) -> Confirmation:
        """Places the order from the review.

        Returns the `Confirmation` page: reference, `<html lang>`, currency, lines, totals, and
        the name, address lines, phone, e-mail and card as shown (masked where the market masks
        them, as the page prints them), and the delivery dates. Raise
        `NotOffered(Capability.GUEST_CHECKOUT)` where the adapter has no checkout.
        """
        ...

    def open_order(self, page: Page, ref: str) -> Confirmation:
        """Opens order `ref` again as its owner.

        Returns its `Confirmation` as the page now shows it (the fields `place_order` reads).
        Raise `NotOffered(Capability.GUEST_CHECKOUT)` where the adapter cannot open an order's
        page.
        """
        ...

    def stored_order(self, page: Page, ref: str) -> StoredOrder | Refusal:
        """The owner's view of the order through the shop's API, as the persona; the `Refusal`
        when the API refuses the owner.

        Asked through `page.request` (the persona's cookies and address). Returns the
        `StoredOrder`, customer data as stored (unmasked), or the API's `Refusal` (its text and
        HTTP status), never raised. Raise `NotOffered(Capability.ORDER_API)` where the shop has
        no order API.
        """
        ...

    def confirmation_mail(self, page: Page, email: str, ref: str) -> ConfirmationMail | None:
        """The order's confirmation e-mail from the shop's staging mailbox (None: none arrived).

        The mail sent to `email` for order `ref`, waiting a few seconds for it: the
        `ConfirmationMail` (subject, language, reference, total, name, address lines, phone and
        card as the mail shows them), or None when none arrived. Raise
        `NotOffered(Capability.CONFIRMATION_EMAIL)` where the adapter reads no mailbox.
        """
        ...
