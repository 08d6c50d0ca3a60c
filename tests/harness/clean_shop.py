"""What a persona sees in a shop that keeps every promise of its market's policy, as the typed
observations the journeys' tasks note: the checks' fixture for fast tests without a browser.

`seen(persona, policy)` gives every observation a clean shop yields; `SCENES` the few checks
that need another scene (a visitor from a refused country, a return after the window).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from harness.expectations.formatting import money
from harness.expectations.support import answer_due
from harness.personas import Persona
from harness.personas.whereabouts import Unserved
from harness.policy import MarketPolicy
from harness.screenplay import Key
from harness.shop.account import AccountOrder, OrderList, OrderSummary, SignedIn
from harness.shop.aftersales import (Opened, OrderPage, PlacedOrder, Refund, RefundMail, ReturnOutcome, Shown,
                                     StatedRefundTime, TicketPage, WarrantyOutcome)
from harness.shop.catalogue import (AddedToCart, CategoryView, Landing, Price, ProductCard, ProductView, Promotion,
                                    Refusal)
from harness.shop.checkout import (AddressStep, Cart, Confirmation, ConfirmationMail, Line, PaymentStep, Review,
                                   ShippingOption, StoredOrder, Totals)
from harness.shop.mailbox import Mail
from harness.shop.support import (Acknowledgement, ChatReply, Contact, ContactPage, HelpCentre, Message, Opening,
                                  StatedPolicy, Ticket, WeeklyHours)
from harness.tasks import account, aftersales, checkout, landing, support, travel
from harness.tasks.account import Bought
from harness.tasks.landing import AskedFor
from harness.tasks.support import COMPLAINTS, POLICY_QUESTIONS, order_reference

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone.utc)  # a Wednesday
REF = "ORD-12345678"


def mask(text: str) -> str:
    """Everything but the first and last two characters hidden, as a shop prints it."""
    return text[:2] + "•" * (len(text) - 4) + text[-2:] if len(text) > 4 else "•" * len(text)


def _stated(policy: MarketPolicy) -> StatedPolicy:
    """Every fact of the policy, stated as a faithful channel states it."""
    return StatedPolicy(
        return_days=policy.returns.days if policy.returns else None,
        return_reason_required=policy.returns.reason_required if policy.returns else None,
        refund_days=(tuple(policy.refunds.business_days),) if policy.refunds else (),
        shipping_days={m.id: tuple(m.days) for m in policy.shipping if m.days},
        warranty_months=policy.warranty.months if policy.warranty else None,
        loyalty_points=policy.loyalty.points if policy.loyalty else None,
        coupon_with_points=policy.loyalty.coupon_with_points if policy.loyalty else None,
        remedies=policy.remedies.model_dump() if policy.remedies else {},
    )


def _totals(policy: MarketPolicy, unit: Decimal, quantity: int, region: str | None = None) -> Totals:
    subtotal = unit * quantity
    discount = max((p.discount for p in policy.promotions if subtotal >= p.threshold), default=Decimal(0))
    shipping = Decimal("4.90")
    goods = subtotal - discount
    tax, added = Decimal(0), None
    if policy.tax.kind == "vat_included":
        tax, added = ((goods + shipping) * policy.tax.rate / (100 + policy.tax.rate)).quantize(Decimal("0.01")), False
    elif policy.tax.kind == "sales_tax":
        tax, added = (goods * (policy.tax.rate_in(region) or 0) / 100).quantize(Decimal("0.01")), True
    total = goods + shipping + (tax if added else 0)
    return Totals(subtotal, discount, shipping, tax, added, total, f"{total} {policy.currency}")


def seen(persona: Persona, policy: MarketPolicy) -> dict[Key, object]:
    """Every observation a journey of `persona` makes in a shop that keeps its policy."""
    zone = ZoneInfo(policy.time_zone)
    today = NOW.astimezone(zone).date()
    workdays = policy.workdays  # the market's weekend and public holidays
    language, currency = persona.language, policy.currency
    allowed = [c for c in policy.categories.allowed if c not in policy.categories.restricted]

    def price(amount: str) -> Price:
        return Price(Decimal(amount), currency, money(Decimal(amount), currency, language, persona.market))

    card = ProductCard("SKU-1", "A product", allowed[0], price("60.00"))
    promotion = min(policy.promotions, key=lambda p: p.threshold, default=None)
    quantity = max(1, int(promotion.threshold // card.price.amount) + 1) if promotion else 1
    lines = [Line(card.sku, quantity)]
    totals = _totals(policy, card.price.amount, quantity, persona.address.region)
    options = [ShippingOption(m.id, workdays.add(today, m.days[0]) if m.days else None,
                              workdays.add(today, m.days[1]) if m.days else None)
               for m in policy.shipping]
    typed = {"name": persona.name, "email": persona.email, "phone": persona.phone, "street": persona.address.street,
             "postcode": persona.address.postcode or "", "city": persona.address.city}
    accepted = AddressStep(True, shipping=options, typed=typed,
                           prefilled={"name": persona.name, "email": persona.email, "phone": persona.phone})
    address_lines = [v for k, v in typed.items() if v and k not in ("name", "email", "phone")]
    masked = set(policy.privacy.masked)

    def shown(field: str, value: str) -> str:
        return mask(value) if field in masked else value

    confirmation = Confirmation(REF, language, currency, lines, totals, persona.name, address_lines,
                                shown("phone", persona.phone), shown("email", persona.email),
                                shown("card", persona.card_number),
                                (options[0].earliest, options[0].latest) if options and options[0].earliest else None)
    out: dict[Key, object] = {
        landing.LANDING: Landing(persona.market, language, currency, bool(policy.consent_required), [card],
                                 [Promotion(p.threshold, p.discount) for p in policy.promotions],
                                 list(policy.payment_methods[:2]), None, list(allowed), list(policy.languages)),
        landing.PRODUCT: ProductView(card.sku, card.category, card.price, True, None),
        landing.ADDED: AddedToCart(True),
        landing.RESTRICTED: [AskedFor(c, CategoryView([], None), f"SKU-{c}",
                                      AddedToCart(False, Refusal("Not sold here", language, status=403)))
                             for c in policy.categories.restricted],
        travel.WHEREABOUTS: (persona.ip_country, persona.ip),
        checkout.CARTED: card,
        checkout.PROMOTION: promotion,
        checkout.CART: Cart(lines, totals, currency),
        checkout.ASKED_AT: NOW,
        checkout.ADDRESS_STEP: accepted,
        checkout.SHIPPING: options[0] if options else ShippingOption("standard", None, None),
        checkout.PAYMENT_STEP: PaymentStep(list(dict.fromkeys([*policy.payment_methods, "card"]))),
        checkout.PAID_WITH: "card",
        checkout.REVIEW: Review(lines, totals, "card"),
        checkout.CONFIRMATION: confirmation,
        checkout.CONFIRMATION_MAIL: ConfirmationMail(f"Order {REF}", language, REF, totals.total, totals.total_text,
                                                     persona.name, address_lines, shown("phone", persona.phone),
                                                     shown("card", persona.card_number)),
        checkout.STORED_ORDER: StoredOrder(REF, currency, language, persona.email, persona.name, persona.phone,
                                           {k: v for k, v in typed.items() if k not in ("name", "email", "phone")},
                                           persona.card_number, totals.total, lines),
        account.REGISTERED: SignedIn(True, persona.name, persona.email),
        account.BOUGHT: Bought(confirmation),
        account.SIGNED_IN: SignedIn(True, persona.name, persona.email),
        account.ORDERS: OrderList([OrderSummary(REF, totals.total_text)]),
        account.ACCOUNT_ORDER: AccountOrder(REF, currency, totals.total),
    }
    if policy.delivery is not None:
        refused = AddressStep(False, refusal=Refusal("We cannot deliver there.", language, status=422))
        out[checkout.COVERAGE] = ([(place, False, refused) for place in policy.delivery.outside]
                                  + [(place, True, accepted) for place in policy.delivery.inside])
    if policy.support is not None:
        out.update(_support(persona, policy))
    out.update(_aftersales(persona, policy, today, shown))
    return out


def _support(persona: Persona, policy: MarketPolicy) -> dict[Key, object]:
    s, zone, language = policy.support, ZoneInfo(policy.time_zone), persona.language
    stated = _stated(policy)
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    hours = [WeeklyHours(days.index(d), h.open, h.close) for h in s.hours for d in h.days]
    week = [(NOW + dt.timedelta(days=n)).astimezone(zone).date() for n in range(7)]
    openings = [Opening(dt.datetime.combine(day, dt.time.fromisoformat(h.open), zone),
                        dt.datetime.combine(day, dt.time.fromisoformat(h.close), zone))
                for day in week for h in s.hours if days[day.weekday()] in h.days and h.close != "24:00"]
    replies = {}
    for intent in (*POLICY_QUESTIONS, *COMPLAINTS):
        only = {"return_window": {"return_days": stated.return_days,
                                  "return_reason_required": stated.return_reason_required},
                "refund_time": {"refund_days": stated.refund_days},
                "shipping_time": {"shipping_days": stated.shipping_days},
                "warranty": {"warranty_months": stated.warranty_months},
                "coupon_with_points": {"loyalty_points": stated.loyalty_points,
                                       "coupon_with_points": stated.coupon_with_points}}.get(intent)
        said = StatedPolicy(**only) if only else StatedPolicy(remedies={intent: stated.remedies.get(intent)})
        replies[intent] = ChatReply(f"Question about {intent}", f"Answer about {intent}", said)
    replies["talk_to_person"] = ChatReply("A person, please", "Leave your details", StatedPolicy(), ("ticket", "callback"))
    log = list(replies.values())
    requested = NOW
    promised = answer_due(policy, requested)
    promised = promised.astimezone(ZoneInfo(persona.timezone)) if promised else None
    ack = Acknowledgement("TCK-1", promised, persona.timezone, steps=2)
    contact = Contact(persona.name, persona.email, persona.phone, order_reference(persona), "")
    messages = [Message(author, text) for reply in log for author, text in (("customer", reply.question), ("bot", reply.text))]
    return {
        support.HELP_CENTRE: HelpCentre(language, {"returns": language, "refunds": language}, stated, list(s.channels),
                                        list(s.languages), persona.timezone, hours, s.first_response_hours),
        support.CONTACT: ContactPage(language, list(s.channels), list(s.languages), ["ticket", "callback"], None,
                                     persona.timezone, openings, s.first_response_hours),
        support.POLICY_API: stated,
        support.CHAT: replies,
        support.CHAT_LOG: log,
        support.CHAT_LANGUAGE: language,
        support.HANDOFF: ack,
        support.HANDED_OVER_BY: "ticket",
        support.CONTACT_DETAILS: contact,
        support.REQUESTED_AT: requested,
        support.MAIL_BEFORE: 0,
        support.ACK_MAIL: Mail(persona.email, "Your request TCK-1", language, "We answer by ...", ""),
        support.ACK_BY_MAIL: ack,
        support.TICKET: Ticket("TCK-1", 1, language, contact.order_ref, messages, ack),
        support.ESCALATED: Ticket("TCK-2", 2, language, contact.order_ref, messages, ack, escalated_from="TCK-1"),
    }


def _aftersales(persona: Persona, policy: MarketPolicy, today: dt.date, shown) -> dict[Key, object]:
    contact = Shown({"phone": shown("phone", persona.phone), "email": shown("email", persona.email),
                     "card": shown("card", persona.card_number)})
    out: dict[Key, object] = {
        aftersales.ORDER: PlacedOrder(REF, "SKU-1", 1, persona.email, persona.phone, persona.card_number),
        aftersales.SUPPORT_TICKET: "TCK-9",
        aftersales.ORDER_PAGE: OrderPage(REF, today - dt.timedelta(days=1), contact),
        aftersales.TICKET_PAGE: TicketPage("TCK-9", REF, contact),
        aftersales.OPENED_BY_STRANGER: [Opened("the order page", 404, False), Opened("the order API", 404, False)],
    }
    if policy.returns is not None:
        days = policy.returns.days  # the last day of the return period
        delivered = today - dt.timedelta(days=days)
        low, high = policy.refunds.business_days if policy.refunds else (3, 5)
        refund = Refund(Price(Decimal("60.00"), policy.currency, "60.00"), policy.workdays.add(today, low),
                        policy.workdays.add(today, high), "")
        stated = StatedRefundTime((low, high), f"{low} to {high} business days")
        out.update({
            aftersales.DELIVERED_ON: delivered,
            aftersales.DAYS_SINCE_DELIVERY: days,
            aftersales.RETURN: ReturnOutcome(True, "RET-1", "Accepted", "the return page", delivered, today,
                                             policy.returns.days, delivered + dt.timedelta(days=policy.returns.days),
                                             refund, stated, contact),
            aftersales.CHATBOT_REFUND_TIME: stated,
            aftersales.REFUND_MAIL: RefundMail("Your refund", persona.language, refund, stated, ""),
        })
    if policy.warranty is not None:
        months = policy.warranty.months
        claims = []
        # a month after delivery, on the period's last day (accepted), the day after it (refused)
        for n, days in enumerate((30, aftersales.days_to_the_warranty_end(policy, today),
                                  aftersales.days_to_the_warranty_end(policy, today) + 1)):
            delivered = today - dt.timedelta(days=days)
            last_day = aftersales.warranty_last_day(delivered, months)
            accepted = today <= last_day
            outcome = WarrantyOutcome(accepted, f"WAR-{n}", "Accepted" if accepted else "Refused: the warranty has ended",
                                      "the warranty page", delivered, months, last_day,
                                      Price(Decimal(0), policy.currency, "") if accepted else None)
            claims.append(aftersales.Claim(days, delivered, outcome))
        out[aftersales.WARRANTY_CLAIMS] = claims
    return out


def refused_visitor(persona: Persona, policy: MarketPolicy) -> dict[Key, object]:
    """A visitor from a refused country, turned away kindly."""
    return {
        landing.LANDING: Landing(None, persona.language, None, False,
                                 refusal=Refusal("We do not sell to your country yet.", persona.language, 2, 451)),
        travel.UNSERVED: Unserved(policy.service_area.refused[0], "a refused country", ()),
        travel.WHEREABOUTS: (policy.service_area.refused[0], "203.0.113.9"),
    }


def return_after_the_window(persona: Persona, policy: MarketPolicy) -> dict[Key, object]:
    today = NOW.astimezone(ZoneInfo(policy.time_zone)).date()
    days = policy.returns.days + 1
    delivered = today - dt.timedelta(days=days)
    return {
        aftersales.DAYS_SINCE_DELIVERY: days,
        aftersales.DELIVERED_ON: delivered,
        aftersales.RETURN: ReturnOutcome(False, "RET-2", "Refused: the return period has ended", "the return page",
                                         delivered, today, policy.returns.days,
                                         delivered + dt.timedelta(days=policy.returns.days)),
    }


# check name -> the scene it needs on top of the clean shop
SCENES = {
    "refused visitor told why, kindly": refused_visitor,
    "return after the window refused, quoting the policy": return_after_the_window,
}
