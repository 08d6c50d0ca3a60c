"""Checking out: filling the cart, the address, shipping and payment, placing the order, and
reading back what the shop confirmed, mailed and stored.

Each task notes what it saw under its key (`CART`, `REVIEW`, ...) for the checks. A journey that
the shop stops (an address refused, a payment refused) stops there: the later tasks are left out
and their observations noted as not made, and the check of the step that stopped it says what
went wrong.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from typing import ClassVar

from ..personas import Address, Persona
from ..personas.places import load_places
from ..policy.model import Place, Promotion
from ..screenplay import Actor, CannotPerform, Key, report
from ..shop.capabilities import Capability
from ..shop.catalogue import ProductCard, Refusal
from ..shop.checkout import (AddressStep, Cart, Confirmation, ConfirmationMail, DeliveryDetails, PaymentStep, Review,
                             ShippingOption, StoredOrder)
from .landing import LANDING, page_of, shop_of

MAX_QUANTITY = 20  # a customer buys a handful of one thing, not a pallet

CARTED = Key[ProductCard]("carted", "the product put in the cart")
PROMOTION = Key[Promotion | None]("promotion", "the promotion the cart was filled up to (None: none aimed for)")
CART = Key[Cart]("cart", "the cart")
ASKED_AT = Key[dt.datetime]("asked at", "when the persona asked for delivery")
ADDRESS_STEP = Key[AddressStep]("address step", "the address step")
COVERAGE = Key[list[tuple[Place, bool, AddressStep]]]("coverage", "the address step for each example place")
SHIPPING = Key[ShippingOption]("shipping", "the shipping method chosen")
PAYMENT_STEP = Key[PaymentStep]("payment step", "the payment step")
PAID_WITH = Key[str]("paid with", "the payment method used")
REVIEW = Key[Review]("review", "the review before the order")
CONFIRMATION = Key[Confirmation]("confirmation", "the order confirmation")
CONFIRMATION_MAIL = Key[ConfirmationMail | None]("confirmation mail", "the confirmation e-mail (None: none arrived)")
STORED_ORDER = Key[StoredOrder | Refusal]("stored order", "the order from the order API")


def checkout_of(actor: Actor):
    return shop_of(actor).checkout


def details_of(persona: Persona, address: Address | None = None) -> DeliveryDetails:
    return DeliveryDetails(persona.email, persona.phone, address or persona.address, persona.vat_id)


def address_at(persona: Persona, place: Place) -> Address:
    """The persona's address moved to one of the policy's example places, with the region as
    that country's address forms number it (the persona reference data knows where that differs)."""
    places = load_places()[persona.market]
    known = next((c for c in (*places.cities, *places.remote_places)
                  if c.city == place.city and c.postcode == place.postcode), None)
    return replace(persona.address, city=place.city, postcode=place.postcode, region=place.region,
                   local_region=known.form_region if known else None)


def place_name(place: Place) -> str:
    where = " ".join(p for p in (place.postcode or "", place.city) if p)
    return f"{where} ({place.area})" if place.area and place.area != place.city else where


# ---------------------------------------------------------------------------- the cart


@dataclass
class FillTheCart:
    """Puts one product of the landing page in the cart, as many as it takes to reach the
    market's promotion threshold (or one, where the market has no promotion)."""

    reach_promotion: bool = True
    description: str = "{actor} fills the cart"
    needs: ClassVar = (Capability.CART,)
    notes: ClassVar = (CARTED, PROMOTION, CART)
    precondition: ClassVar = True

    @classmethod
    def up_to_the_promotion(cls) -> "FillTheCart":
        return cls(True, "{actor} fills the cart up to the advertised promotion")

    @classmethod
    def with_one_item(cls) -> "FillTheCart":
        return cls(False, "{actor} puts one product in the cart")

    def perform_as(self, actor: Actor) -> None:
        policy = actor.policy
        allowed = set(policy.categories.allowed) - set(policy.categories.restricted)
        cards = [c for c in actor.recall(LANDING).products if c.price and c.category in allowed]
        if not cards:
            raise CannotPerform("the landing page shows no product of an allowed category to buy")
        promotion = min(policy.promotions, key=lambda p: p.threshold, default=None) if self.reach_promotion else None
        if promotion:
            def cost(card):  # the smallest cart that reaches the threshold, then the fewest items
                quantity = max(1, math.ceil(promotion.threshold / card.price.amount))
                return (quantity > MAX_QUANTITY, quantity * card.price.amount, quantity)
            card = min(cards, key=cost)
            quantity = min(MAX_QUANTITY, max(1, math.ceil(promotion.threshold / card.price.amount)))
        else:
            card, quantity = min(cards, key=lambda c: c.price.amount), 1
        added = shop_of(actor).catalogue.add_to_cart(page_of(actor), card.sku, quantity)
        if not added.added:
            raise CannotPerform(f"{card.sku} (shown on the landing page) could not be added to the cart: "
                                 f"{added.refusal.text if added.refusal else 'no reason given'}")
        actor.remember(CARTED, card)
        actor.remember(PROMOTION, promotion)
        actor.remember(CART, checkout_of(actor).open_cart(page_of(actor)))
        report.screenshot(page_of(actor), "cart")


# ---------------------------------------------------------------------------- address and coverage


@dataclass
class EnterTheAddress:
    """Goes to checkout and types the persona's own contact details and address."""

    description: str = "{actor} enters its delivery address"
    needs: ClassVar = (Capability.GUEST_CHECKOUT,)
    notes: ClassVar = (ASKED_AT, ADDRESS_STEP)

    @classmethod
    def of_its_own(cls) -> "EnterTheAddress":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        actor.remember(ASKED_AT, dt.datetime.now(dt.timezone.utc))
        step = actor.remember(ADDRESS_STEP, checkout_of(actor).enter_address(page_of(actor), details_of(actor.persona)))
        if not step.accepted:
            report.screenshot(page_of(actor), "address refused")
            actor.stop("the address step did not take the persona's address")


@dataclass
class TryDeliveryTo:
    """Enters the policy's example places one by one at the address step: those outside coverage
    first (each should be refused, and the form stays open), then those inside."""

    description: str = "{actor} asks for delivery to the market's example places, inside and outside coverage"
    needs: ClassVar = (Capability.GUEST_CHECKOUT,)
    notes: ClassVar = (ASKED_AT, COVERAGE)

    @classmethod
    def the_example_places(cls) -> "TryDeliveryTo":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        delivery = actor.policy.delivery
        if delivery is None:
            actor.cannot_see(COVERAGE, "the policy names no example places")
            return
        checkout, page, persona = checkout_of(actor), page_of(actor), actor.persona
        actor.remember(ASKED_AT, dt.datetime.now(dt.timezone.utc))
        tried = []
        for inside, places in ((False, delivery.outside), (True, delivery.inside)):
            for place in places:
                with report.step(f"delivery to {place_name(place)}"):
                    step = checkout.enter_address(page, details_of(persona, address_at(persona, place)))
                if not tried and not inside:
                    report.screenshot(page, f"outside coverage: {place_name(place)}")
                tried.append((place, inside, step))
        actor.remember(COVERAGE, tried)


# ---------------------------------------------------------------------------- shipping and payment


@dataclass
class ChooseShipping:
    """Takes the first of the policy's shipping methods the shop offers."""

    description: str = "{actor} chooses a shipping method"
    needs: ClassVar = (Capability.GUEST_CHECKOUT,)
    notes: ClassVar = (SHIPPING, PAYMENT_STEP)

    @classmethod
    def the_first_offered(cls) -> "ChooseShipping":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        options = actor.recall(ADDRESS_STEP).shipping
        offered = [o.method for o in options]
        method = next((s.id for s in actor.policy.shipping if s.id in offered), offered[0] if offered else None)
        if method is None:
            actor.stop("the shipping step offers no method")
            return
        actor.remember(SHIPPING, next(o for o in options if o.method == method))
        actor.remember(PAYMENT_STEP, checkout_of(actor).choose_shipping(page_of(actor), method))


@dataclass
class Pay:
    """Pays with the persona's own method (a test card where it pays by card); where the shop does
    not offer it, with another of the market's methods, so the journey goes on."""

    description: str = "{actor} pays with its payment method"
    needs: ClassVar = (Capability.GUEST_CHECKOUT,)
    notes: ClassVar = (PAID_WITH, REVIEW)

    @classmethod
    def with_its_own_method(cls) -> "Pay":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        offered = actor.recall(PAYMENT_STEP).methods
        own = actor.persona.payment_method
        method = own if own in offered else next((m for m in actor.policy.payment_methods if m in offered),
                                                 offered[0] if offered else None)
        if method is None:
            actor.stop("the payment step offers no method")
            return
        actor.remember(PAID_WITH, method)
        review = checkout_of(actor).pay(page_of(actor), method, actor.persona.card_number if method == "card" else "")
        actor.remember(REVIEW, review)
        report.screenshot(page_of(actor), "review")
        if review.refusal:
            actor.stop(f"the payment with {method} was refused")


# ---------------------------------------------------------------------------- the order


@dataclass
class PlaceTheOrder:
    description: str = "{actor} places the order"
    needs: ClassVar = (Capability.GUEST_CHECKOUT,)
    notes: ClassVar = (CONFIRMATION,)

    @classmethod
    def now(cls) -> "PlaceTheOrder":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        actor.remember(CONFIRMATION, checkout_of(actor).place_order(page_of(actor)))  # pictured as the journey ends


@dataclass
class ReadTheConfirmationMail:
    description: str = "{actor} reads the order confirmation e-mail"
    needs: ClassVar = (Capability.MAILBOX, Capability.CONFIRMATION_EMAIL)
    notes: ClassVar = (CONFIRMATION_MAIL,)

    @classmethod
    def in_its_inbox(cls) -> "ReadTheConfirmationMail":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        ref = actor.recall(CONFIRMATION).ref
        actor.remember(CONFIRMATION_MAIL, checkout_of(actor).confirmation_mail(page_of(actor), actor.persona.email, ref))


@dataclass
class LookUpTheOrder:
    """Asks the shop's order API for the order, as its owner: customer data as stored, unmasked."""

    description: str = "{actor} looks its order up through the shop's API"
    needs: ClassVar = (Capability.ORDER_API,)
    notes: ClassVar = (STORED_ORDER,)

    @classmethod
    def through_the_api(cls) -> "LookUpTheOrder":
        return cls()

    def perform_as(self, actor: Actor) -> None:
        ref = actor.recall(CONFIRMATION).ref
        actor.remember(STORED_ORDER, checkout_of(actor).stored_order(page_of(actor), ref))
