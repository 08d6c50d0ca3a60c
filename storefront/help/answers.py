"""The chatbot's answers: each states the facts it gives, from the bot's knowledge base
(`facts(market, "chatbot")`), in the conversation's language.

Every intent has the answer of the same name. `SupportOps.chatbot_answers` may point an intent
at another answer of this catalogue (the way a help desk re-uses a template); `check_answer_mapping`
refuses names that do not exist.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..i18n import Formatter, N_
from ..policy import PolicyFacts
from . import labels
from .intents import FALLBACK, INTENTS
from .phrases import business_days, sentences
from .tracking import OrderLookup


@dataclass(frozen=True)
class Situation:
    facts: PolicyFacts  # as the chatbot knows them
    fmt: Formatter  # the conversation's language, the market's formats
    handoff: bool  # a person can be reached from this chat
    order: OrderLookup | None = None  # where_is_my_order, when the customer named an order

    def _(self, msgid: str, **params) -> str:
        text = self.fmt._(msgid)
        return text.format(**params) if params else text


@dataclass(frozen=True)
class Answer:
    text: str
    facts: dict = field(default_factory=dict)  # what the text states, machine-readable


TOPICS_LINE = N_("I can answer questions about returns, refunds, delivery times, warranty, vouchers and points, "
                 "damaged, wrong or missing parcels and where your order is.")


def return_window(s: Situation) -> Answer:
    f = s.facts
    days = s.fmt.number(f.return_days)
    text = (s._("You can return items within {days} days of delivery; please tell us the reason for the return.", days=days)
            if f.return_reason_required else
            s._("You can return items within {days} days of delivery, without giving a reason.", days=days))
    return Answer(text, {"return_days": f.return_days, "return_reason_required": f.return_reason_required})


def refund_time(s: Situation) -> Answer:
    days = s.facts.refund_business_days
    text = s._("Once we have accepted your return, the refund takes {duration} to reach you.",
              duration=business_days(s.fmt, days))
    return Answer(text, {"refund_business_days": list(days)})


# How much sooner or later than the policy's range money reaches each kind of payment method,
# in business days. Only the legacy per-method answer below uses it.
_REFUND_SHIFT = {"card": (0, 0), "paypal": (-2, -2), "sepa": (2, 5), "cod": (3, 7), "konbini": (2, 5)}
_WALLET_SHIFT = (-2, -1)


def refund_time_by_payment_method(s: Situation) -> Answer:
    """The help desk's old refund template: a timeline per payment method."""
    lo, hi = s.facts.refund_business_days
    ranges = {}
    for method in s.facts.payment_methods:
        dlo, dhi = _REFUND_SHIFT.get(method, _WALLET_SHIFT)
        a = max(1, lo + dlo)
        ranges[method] = [a, max(a, hi + dhi)]
    items = [s._("{method}: {duration}", method=labels.payment_method(s.fmt._, m), duration=business_days(s.fmt, r))
             for m, r in ranges.items()]
    text = s._("How long a refund takes depends on how you paid: {list}.", list="; ".join(items))
    return Answer(text, {"refund_business_days": ranges})


def shipping_time(s: Situation) -> Answer:
    method = s.facts.shipping[0]  # the market's default method
    text = s._("Delivery with “{method}” takes {duration}.", method=s.fmt._(method.method.title()),
              duration=business_days(s.fmt, method.days))
    return Answer(text, {"shipping_method": method.method, "shipping_days": list(method.days)})


def warranty(s: Situation) -> Answer:
    months = s.facts.warranty_months
    text = s._("Every product comes with a warranty of {months} months from delivery.", months=s.fmt.number(months))
    return Answer(text, {"warranty_months": months})


def coupon_with_points(s: Situation) -> Answer:
    f = s.facts
    if not f.loyalty_points:
        text = s._("There is no loyalty points programme in your country.")
    elif f.coupon_with_points:
        text = s._("Yes: you can use a voucher code and your loyalty points on the same order.")
    else:
        text = s._("No: a voucher code and loyalty points cannot be combined on one order; you can use one or the other.")
    return Answer(text, {"loyalty_points": f.loyalty_points, "coupon_with_points": f.coupon_with_points})


_SORRY = {
    "damaged_parcel": N_("We are sorry that your parcel arrived damaged."),
    "wrong_item": N_("We are sorry that you received the wrong item."),
    "missing_parcel": N_("We are sorry that your parcel has not arrived."),
}
_REMEDY = {
    "replacement": N_("We will send you a replacement at no cost."),
    "refund": N_("We will refund the full price to the payment method you used."),
    "pick_up": N_("We will pick the item up from your address at no cost."),
}


def _complaint(name: str) -> Callable[[Situation], Answer]:
    def answer(s: Situation) -> Answer:
        remedy = getattr(s.facts, name)
        parts = [s._(_SORRY[name]), s._(_REMEDY[remedy])]
        if s.handoff:
            parts.append(s._("A person from our team will arrange it: choose “Talk to a person” and give your order number."))
        return Answer(sentences(s.fmt.language, parts), {name: remedy})

    answer.__name__ = name
    return answer


def check_item(s: Situation) -> Answer:
    """A generic first reply to any problem with an item."""
    return Answer(s._("Please check your item carefully against the product description and the enclosed "
                        "instructions. If something is still wrong, contact us."))


_STATUS = {
    "processing": N_("Order {ref} is being prepared. Expected delivery: {earliest} to {latest}."),
    "in_transit": N_("Order {ref} is on its way. Expected delivery: {earliest} to {latest}."),
    "delivered": N_("Order {ref} has been delivered; it was expected between {earliest} and {latest}."),
}


def where_is_my_order(s: Situation) -> Answer:
    o = s.order
    if o is None:
        return Answer(s._("You can see your orders and their delivery dates under “Account”. Tell me your order "
                            "number (for example {example}) and I will look it up.", example=f"{s.facts.market}-1A2B3C4D"))
    if not o.found:
        return Answer(s._("I could not find order {ref} for you. Please log in with the account you ordered with, "
                            "or check the number.", ref=o.ref), {"order_ref": o.ref, "found": False})
    text = s._(_STATUS[o.status], ref=o.ref, earliest=s.fmt.date(o.earliest), latest=s.fmt.date(o.latest))
    return Answer(text, {"order_ref": o.ref, "found": True, "status": o.status,
                         "delivery": [o.earliest.isoformat(), o.latest.isoformat()],
                         "delivered_on": o.delivered.isoformat() if o.delivered else None})


def talk_to_person(s: Situation) -> Answer:
    f = s.facts
    if not s.handoff:
        return Answer(sentences(s.fmt.language, [s._("I am sorry, I cannot put you through to a person from this chat."),
                                                 s._(TOPICS_LINE)]))
    hours = s.fmt.number(f.first_response_hours)
    if "callback" in f.support_channels:
        text = s._("Of course. Open a ticket and our team answers within {hours} business hours, or ask us to call you back.",
                  hours=hours)
    else:
        text = s._("Of course. Open a ticket and our team answers within {hours} business hours.", hours=hours)
    return Answer(text, {"first_response_hours": f.first_response_hours})


def greeting(s: Situation) -> Answer:
    return Answer(sentences(s.fmt.language, [s._("Hello! I am the shop's assistant."), s._(TOPICS_LINE)]))


def fallback(s: Situation) -> Answer:
    return Answer(sentences(s.fmt.language, [s._("Sorry, I did not understand your question."), s._(TOPICS_LINE)]))


ANSWERS: dict[str, Callable[[Situation], Answer]] = {
    "return_window": return_window,
    "refund_time": refund_time,
    "refund_time_by_payment_method": refund_time_by_payment_method,
    "shipping_time": shipping_time,
    "warranty": warranty,
    "coupon_with_points": coupon_with_points,
    "damaged_parcel": _complaint("damaged_parcel"),
    "wrong_item": _complaint("wrong_item"),
    "missing_parcel": _complaint("missing_parcel"),
    "check_item": check_item,
    "where_is_my_order": where_is_my_order,
    "talk_to_person": talk_to_person,
    "greeting": greeting,
    "fallback": fallback,
}


def answer_name(intent: str, mapping: dict[str, str]) -> str:
    return mapping.get(intent, intent)


def check_answer_mapping(mapping: dict[str, str]) -> None:
    for intent, answer in mapping.items():
        if intent not in INTENTS and intent != FALLBACK:
            raise ValueError(f"support.chatbot_answers: unknown intent {intent!r}; known: {', '.join(INTENTS + (FALLBACK,))}")
        if answer not in ANSWERS:
            raise ValueError(f"support.chatbot_answers.{intent}: unknown answer {answer!r}; known: {', '.join(ANSWERS)}")
