"""Checkout: delivery inside coverage and a clear refusal outside it, the market's payment methods
and none beyond them, the advertised promotion, the tax rule (sales tax at the rate of the
customer's region), the market's currency at every step, a confirmation page and e-mail that agree
with the cart, and the customer's data back as typed and masked where the market masks it
(SA-2, SA-6, AS-3, AS-5, SA-3, PD-1, PD-2)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.numbers import get_currency_precision

from ..screenplay import Actor, CannotCheck, check
from ..shop.capabilities import Capability
from ..shop.catalogue import Refusal
from ..shop.checkout import AddressStep, ShippingOption
from ..shop.mail_language import UNJUDGED as UNJUDGED_LANGUAGE
from ..tasks.account import REGISTERED
from ..tasks.checkout import (ADDRESS_STEP, ASKED_AT, CART, CONFIRMATION, CONFIRMATION_MAIL, COVERAGE, PAID_WITH,
                              PAYMENT_STEP, PROMOTION, REVIEW, SHIPPING, STORED_ORDER, place_name)
from ..tasks.landing import LANDING
from .aftersales import masked
from .formatting import comparable

MASKS = "•●*✱"  # characters shops print in place of hidden ones
CONTACT = ("email", "phone", "name")


def _primary(tag: str | None) -> str:
    return (tag or "").split("-")[0].lower()


def _money(amount: Decimal | None, currency: str) -> str:
    return "nothing" if amount is None else f"{amount} {currency}"


def _listed(items) -> str:
    return ", ".join(items) or "nothing"


# ---------------------------------------------------------------------------- SA-2 delivery


@check("delivery to its own address", "SA-2", "PD-1")
def delivers_to_its_address(actor: Actor) -> None:
    """The persona's own address is taken, with the market's shipping methods and estimates."""
    label = " ".join(p for p in (actor.persona.address.postcode or "", actor.persona.address.city) if p)
    _delivers(actor, actor.recall(ADDRESS_STEP), label, "the address step")


def _names_places(actor: Actor) -> str | None:
    return None if actor.policy.delivery is not None else "the policy names no places inside or outside coverage"


@check("delivery inside coverage", "SA-2", "PD-1", promised=_names_places)
def delivers_inside_coverage(actor: Actor) -> None:
    """Every example place inside coverage gets the market's shipping methods and estimates."""
    for place, inside, step in actor.recall(COVERAGE):
        if inside:
            _delivers(actor, step, place_name(place), f"the address step for {place_name(place)}")


def _names_places_outside(actor: Actor) -> str | None:
    delivery = actor.policy.delivery
    return None if delivery is not None and delivery.outside else "the policy names no place outside coverage"


@check("clear refusal outside coverage", "SA-2", promised=_names_places_outside)
def refuses_outside_coverage_clearly(actor: Actor) -> None:
    """Every example place outside coverage is refused at the address step, before payment, with a
    reason in the persona's language."""
    language = _primary(actor.persona.language)
    for place, inside, step in actor.recall(COVERAGE):
        if inside:
            continue
        where = place_name(place)
        if step.accepted:
            actor.finds("SA-2", f"expected a refusal for {where}, the address step accepts it and offers "
                                f"{_listed(o.method for o in step.shipping)}")
            continue
        refusal = step.refusal
        if refusal is None or not refusal.text:
            actor.finds("SA-2", f"expected a refusal saying why for {where}, the address step only flags "
                                f"{_listed(f'{k}: {v}' for k, v in step.field_errors.items())}")
            continue
        actor.expects("SA-2", f"the refusal for {where} in", language, _primary(refusal.language), "the address step")


def _delivers(actor: Actor, step: AddressStep, label: str, where: str) -> None:
    """The address step takes the address as typed, then offers the policy's shipping."""
    if _fields_refused(actor, step, where):
        return
    actor.expects_true("SA-2", step.accepted,
                       f"expected delivery to {label}, the address step refuses it: "
                       f"{step.refusal.text if step.refusal else 'no reason given'}",
                       f"delivers to {label}")
    if step.accepted:
        _ships_as_the_policy_says(actor, step, label)


def _fields_refused(actor: Actor, step: AddressStep, where: str) -> bool:
    """A field the form would not take: the shop does not accept a local address as people write it."""
    if not step.field_errors:
        return False
    for name, why in step.field_errors.items():
        actor.finds("PD-1", f"expected the form to take {name} {step.typed.get(name, '')!r} as typed, {where} "
                            f"refuses it: {why}")
    return True


def _ships_as_the_policy_says(actor: Actor, step: AddressStep, label: str) -> None:
    offered = {o.method: o for o in step.shipping}
    where = f"the shipping step for {label}"
    wanted = [m.id for m in actor.policy.shipping]
    if not wanted:
        actor.expects_true("SA-2", bool(offered), f"expected a shipping method to {label}, {where} offers none",
                           f"{where} offers {_listed(offered)}")
        return
    missing = [m for m in wanted if m not in offered]
    actor.expects_true("SA-2", not missing,
                       f"expected shipping methods {_listed(wanted)} to {label}, {where} offers {_listed(offered)}",
                       f"shipping methods {_listed(wanted)} offered to {label}")
    promised = [m for m in actor.policy.shipping if m.days is not None and m.id in offered]
    if not promised:
        return
    if Capability.DELIVERY_ESTIMATES not in actor.offers:
        actor.gap(f"delivery estimates to {label}", Capability.DELIVERY_ESTIMATES.lacking)
        return
    # the day the customer asked, where the market is: the shop's estimates count from it
    today = actor.recall(ASKED_AT).astimezone(ZoneInfo(actor.policy.time_zone)).date()
    for method in promised:
        _estimate_within(actor, offered[method.id], method.days, today, where)


def _estimate_within(actor: Actor, option: ShippingOption, days: tuple[int, int], today: dt.date, where: str) -> None:
    fastest, slowest = days
    expected = f"{option.method} delivered in {fastest}-{slowest} business days"
    if option.earliest is None or option.latest is None:
        actor.finds("SA-2", f"expected {expected}, {where} shows no delivery estimate")
        return
    # counted on the market's calendar: its weekend and public holidays (policy/workdays.py)
    days = actor.policy.workdays
    first, last = days.between(today, option.earliest), days.between(today, option.latest)
    ok = fastest <= first <= last <= slowest
    actor.expects_true("SA-2", ok,
                       f"expected {expected}, {where} shows {option.earliest.isoformat()} to {option.latest.isoformat()} "
                       f"({first}-{last} business days from {today.isoformat()})",
                       f"{expected}")


# ---------------------------------------------------------------------------- SA-6 payment


@check("the market's payment methods offered", "SA-6")
def offers_the_markets_payment_methods(actor: Actor) -> None:
    """Every method the shop advertises and every method of the market is offered at the payment
    step, and the persona's payment goes through."""
    offered = actor.recall(PAYMENT_STEP).methods
    advertised = actor.recall(LANDING).payment_badges
    for method in dict.fromkeys([*advertised, *actor.policy.payment_methods]):
        why = " and ".join(w for w, listed in (("advertised on the shop's pages", advertised),
                                               ("a payment method of the market", actor.policy.payment_methods))
                           if method in listed)
        actor.expects_true("SA-6", method in offered,
                           f"expected payment method {method} ({why}), the payment step offers {_listed(offered)}",
                           f"payment method {method} offered")
    review = actor.recall(REVIEW)
    actor.expects_true("SA-6", review.refusal is None,
                       f"expected the payment with {actor.recall(PAID_WITH)} to go through, the payment step refuses "
                       f"it: {review.refusal.text or 'no reason given'}" if review.refusal else "",
                       f"the payment with {actor.recall(PAID_WITH)} goes through")


def _names_payment_methods(actor: Actor) -> str | None:
    return None if actor.policy.payment_methods else "the policy names no payment methods"


@check("no payment method beyond the market's", "SA-6", promised=_names_payment_methods)
def offers_no_payment_method_beyond_the_markets(actor: Actor) -> None:
    """The payment step offers, and the landing page advertises, no payment method the market's
    policy does not list: a method the business never agreed for the market (its fees, its
    refunds, its fraud rules) is as wrong as one missing."""
    policy = actor.policy.payment_methods
    for where, shown in (("the payment step offers", actor.recall(PAYMENT_STEP).methods),
                         ("the landing page advertises", actor.recall(LANDING).payment_badges)):
        beyond = [m for m in shown if m not in policy]
        actor.expects_true("SA-6", not beyond,
                           f"expected only the policy's payment methods {_listed(policy)}, {where} {_listed(beyond)}",
                           f"{where} only the policy's payment methods ({_listed(shown)})")


# ---------------------------------------------------------------------------- AS-3 promotion


def _advertises_a_promotion(actor: Actor) -> str | None:
    return None if actor.policy.promotions else "the policy advertises no promotion"


@check("promotion as advertised", "AS-3", promised=_advertises_a_promotion)
def gets_the_promotion_as_advertised(actor: Actor) -> None:
    """The policy's promotion is advertised as the policy states it, and a cart that reaches its
    threshold gets exactly its discount."""
    promotion = actor.recall(PROMOTION)
    if promotion is None:
        raise CannotCheck("the cart was not filled up to a promotion")
    currency = actor.policy.currency
    said = f"spend {_money(promotion.threshold, currency)}, save {_money(promotion.discount, currency)}"
    shown = [(p.threshold, p.discount) for p in actor.recall(LANDING).promotions]
    actor.expects_true("AS-3", (promotion.threshold, promotion.discount) in shown,
                       f"expected the promotion {said} on the landing page, it shows "
                       f"{_listed(f'spend {t}, save {d}' for t, d in shown)}",
                       f"the promotion {said} is advertised")
    totals = actor.recall(CART).totals
    if totals is None:
        actor.finds("AS-3", "expected a cart with totals, the cart shows none")
        return
    eligible = [p.discount for p in actor.policy.promotions if totals.subtotal >= p.threshold]
    if not eligible:
        actor.gap("the discount", f"the cart ({_money(totals.subtotal, currency)}) could not reach the threshold "
                                  "with a sensible quantity")
        return
    expected = max(eligible)
    actor.expects_true("AS-3", totals.discount == expected,
                       f"expected a discount of {_money(expected, currency)} on a subtotal of "
                       f"{_money(totals.subtotal, currency)} ({said}), the cart shows {_money(totals.discount, currency)}",
                       f"discount {_money(expected, currency)} applied ({said})")


# ---------------------------------------------------------------------------- AS-5 tax


@check("totals follow the tax rule", "AS-5")
def totals_follow_the_tax_rule(actor: Actor) -> None:
    """The review's totals follow the market's tax rule: VAT included in the prices at the policy's
    rate, or sales tax added on top at the rate of the region delivered to (the persona's own),
    or no tax; and they add up."""
    review = actor.recall(REVIEW)
    if review.totals is None:
        raise CannotCheck("the review shows no totals" + (": the payment was refused" if review.refusal else ""))
    t, tax = review.totals, actor.policy.tax
    currency = actor.policy.currency
    step = Decimal(1).scaleb(-get_currency_precision(currency))
    goods = t.subtotal - t.discount
    if tax.kind == "vat_included":
        actor.expects_true("AS-5", t.tax_added is False,
                           f"expected VAT included in the prices ({tax.rate}%), the review "
                           + (f"adds tax on top: {_money(t.tax, currency)}" if t.tax_added else "shows no VAT"),
                           f"VAT included ({tax.rate}%)")
        if t.tax_added is False:
            vat = (goods + t.shipping) * tax.rate / (100 + tax.rate)
            actor.expects_true("AS-5", abs(t.tax - vat) <= step,
                               f"expected VAT of {tax.rate}% included: {_money(vat.quantize(step), currency)}, "
                               f"the review shows {_money(t.tax, currency)}",
                               f"included VAT is {tax.rate}%")
        expected_total = goods + t.shipping
    elif tax.kind == "sales_tax":
        region = actor.persona.address.region
        rate = tax.rate_in(region)
        where = f" in {region}" if region in tax.regions else ""
        if rate == 0:  # a region without sales tax (US-OR): nothing added, whatever the page calls it
            actor.expects_true("AS-5", not t.tax, f"expected no sales tax{where}, the review adds {_money(t.tax, currency)}",
                               f"no sales tax{where}")
        else:
            actor.expects_true("AS-5", t.tax_added is True,
                               "expected sales tax added at checkout, the review "
                               + ("shows it as included in the prices" if t.tax_added is False else "shows no sales tax"),
                               "sales tax added at checkout")
            if rate is None:
                actor.gap("the sales-tax amount", f"the policy states no sales-tax rate for {region or 'the address'}")
            elif t.tax_added:
                due = goods * rate / 100
                actor.expects_true("AS-5", abs(t.tax - due) <= step,
                                   f"expected sales tax of {rate}%{where}: {_money(due.quantize(step), currency)}, "
                                   f"the review shows {_money(t.tax, currency)}", f"sales tax is {rate}%{where}")
        expected_total = goods + t.shipping + (t.tax if t.tax_added else 0)
    else:
        actor.expects_true("AS-5", not t.tax, f"expected no tax, the review shows {_money(t.tax, currency)}",
                           "no tax charged")
        expected_total = goods + t.shipping
    actor.expects_true("AS-5", t.total == expected_total,
                       f"expected a total of {_money(expected_total, currency)} (subtotal {t.subtotal} - discount "
                       f"{t.discount} + shipping {t.shipping}{f' + tax {t.tax}' if t.tax_added else ''}), "
                       f"the review shows {_money(t.total, currency)}",
                       "the total adds up")


# ---------------------------------------------------------------------------- confirmation page and e-mail


@check("confirmation agrees with the cart", "SA-3", "SA-6")
def confirmation_agrees_with_the_cart(actor: Actor) -> None:
    """The confirmation page agrees with the cart reviewed: currency, language, items, totals,
    delivery estimate."""
    review, conf = actor.recall(REVIEW), actor.recall(CONFIRMATION)
    language = _primary(actor.persona.language)
    currency = actor.policy.currency
    actor.expects("SA-3", "currency", currency, conf.currency, "the confirmation")
    actor.expects("SA-3", "language", language, _primary(conf.language), "the confirmation")
    actor.expects("SA-6", "items", _items(review.lines), _items(conf.lines), "the confirmation")
    actor.expects("SA-6", "total", _money(review.totals.total, currency), _money(conf.totals.total, currency),
                  "the confirmation")
    actor.expects("SA-6", "discount", _money(review.totals.discount, currency),
                  _money(conf.totals.discount, currency), "the confirmation")
    shipping = actor.recall(SHIPPING)
    if shipping.earliest and conf.delivery:
        actor.expects("SA-6", "delivery between", f"{shipping.earliest} and {shipping.latest}",
                      f"{conf.delivery[0]} and {conf.delivery[1]}", "the confirmation")


@check("confirmation e-mail", "SA-3", "SA-6", "PD-1")
def confirmation_mail_agrees_with_the_order(actor: Actor) -> None:
    """The confirmation e-mail arrives, in the persona's language, and states the order as the
    confirmation page does: number, total (written the same way), and the persona's name, phone,
    card and address as typed, whole or masked (whether they must be masked: `personal data
    masked on the confirmation`)."""
    conf, mail = actor.recall(CONFIRMATION), actor.recall(CONFIRMATION_MAIL)
    if mail is None:
        actor.finds("SA-6", f"expected a confirmation e-mail for order {conf.ref}, the mailbox shows none")
        return
    currency = actor.policy.currency
    actor.expects("SA-6", "order number", conf.ref, mail.ref, "the confirmation e-mail")
    if mail.language is None:  # a mail catcher's mail that names no language and has too few words to judge
        actor.gap("the confirmation e-mail's language", UNJUDGED_LANGUAGE)
    else:
        actor.expects("SA-3", "language", _primary(actor.persona.language), _primary(mail.language),
                      "the confirmation e-mail")
    actor.expects("SA-6", "total", _money(conf.totals.total, currency), _money(mail.total, currency),
                  "the confirmation e-mail")
    actor.expects("SA-3", "total written as on the confirmation", conf.totals.total_text, mail.total_text,
                  "the confirmation e-mail", same=lambda a, b: comparable(a) == comparable(b))
    _shows_what_it_typed(actor, mail, "the confirmation e-mail")


@check("the market's currency at every step", "SA-3")
def currency_the_same_at_every_step(actor: Actor) -> None:
    """The cart and the order as the order API keeps it are in the market's currency, as the
    landing page and the confirmation are (their checks compare those): a shop that prices the
    cart in one currency and charges or stores the order in another is caught where it switches."""
    currency = actor.policy.currency
    cart = actor.recall(CART)
    if cart.currency is None:
        actor.gap("the cart's currency", "the cart states none")
    else:
        actor.expects("SA-3", "currency", currency, cart.currency, "the cart")
    for _, where, stored in actor.channels((STORED_ORDER, "the order API", Capability.ORDER_API)):
        if isinstance(stored, Refusal):
            actor.gap(f"the currency in {where}", f"it refuses the owner ({stored.status or 'no status'})")
        else:
            actor.expects("SA-3", "currency", currency, stored.currency, where)


def _items(lines) -> list[str]:
    return sorted(f"{line.quantity} × {line.sku}" for line in lines)


# ---------------------------------------------------------------------------- PD-1 data back as typed


def _typed(actor: Actor) -> tuple[dict[str, str], dict[str, str], str]:
    """What the persona typed at the address step: every field, the address lines, the card."""
    typed = dict(actor.recall(ADDRESS_STEP).typed)
    card = actor.persona.card_number if actor.recall(PAID_WITH) == "card" else ""
    return typed, {k: v for k, v in typed.items() if v and k not in CONTACT}, card


def _shows_what_it_typed(actor: Actor, shown, where: str) -> None:
    typed, lines, card = _typed(actor)
    actor.expects("PD-1", "name", typed["name"], shown.name, where)
    if shown.phone is None:  # a place that never states the phone (Oscar's confirmation e-mail) cannot mangle it
        actor.gap(f"the phone in {where}", "it states no phone")
    else:
        actor.expects("PD-1", "phone", typed["phone"], shown.phone, where, same=shows_as_typed)
    if getattr(shown, "email", None) is not None:  # None: the place does not state it (an account's page)
        actor.expects("PD-1", "e-mail", typed["email"], shown.email, where, same=shows_as_typed)
    elif hasattr(shown, "email"):
        actor.gap(f"the e-mail in {where}", "it states no e-mail")
    if card:
        actor.expects("PD-1", "card", card, shown.card, where, same=shows_as_typed)
    for name, value in lines.items():
        actor.expects_true("PD-1", value in shown.address,
                           f"expected {name} {value!r} in the address, {where} shows {_listed(shown.address)}",
                           f"{name} as typed in {where}")


@check("confirmation shows what it typed", "PD-1")
def gets_back_what_it_typed(actor: Actor) -> None:
    """Name, contact details and address come back unchanged on the confirmation page, whole or
    in a masked form of what was typed (whether they must be masked: `personal data masked on
    the confirmation`)."""
    _shows_what_it_typed(actor, actor.recall(CONFIRMATION), "the confirmation")


def _masks_something(actor: Actor) -> str | None:
    return None if actor.policy.privacy.masked else "the policy masks no customer data"


@check("personal data masked on the confirmation", "PD-2", promised=_masks_something)
def masks_personal_data_on_the_confirmation(actor: Actor) -> None:
    """The confirmation page and the confirmation e-mail show phone, e-mail and card masked where
    the market's privacy policy says so: a confirmation is printed, forwarded and left open on
    shared screens, and a mail box is read by more than its owner. A field a place does not show
    has nothing to mask; an e-mail the adapter cannot read, or that never came, is a gap."""
    typed, _, card = _typed(actor)
    values = {"phone": typed.get("phone", ""), "email": typed.get("email", ""), "card": card}
    conf = actor.recall(CONFIRMATION)
    places = [("the confirmation", {"phone": conf.phone, "email": conf.email, "card": conf.card})]
    lacking = next((c for c in (Capability.MAILBOX, Capability.CONFIRMATION_EMAIL) if c not in actor.offers), None)
    if lacking:
        actor.gap("the confirmation e-mail", lacking.lacking)
    elif (mail := actor.recall(CONFIRMATION_MAIL)) is None:
        actor.gap("the confirmation e-mail", "none arrived (the check of the e-mail says so)")
    else:
        places.append(("the confirmation e-mail", {"phone": mail.phone, "card": mail.card}))
    for field in actor.policy.privacy.masked:
        if not values[field]:
            continue  # not typed (paid without a card): nothing of it to show
        for where, shown in places:
            if shown.get(field):
                actor.expects_true("PD-2", masked(field, values[field], shown[field]),
                                   f"expected the {field} masked, {where} shows {shown[field]}",
                                   f"{where} shows the {field} masked ({shown[field]})")


@check("order API keeps what it typed", "PD-1")
def order_api_keeps_what_it_typed(actor: Actor) -> None:
    """The owner's order API returns the order with the persona's data as typed, unmasked."""
    conf, stored = actor.recall(CONFIRMATION), actor.recall(STORED_ORDER)
    if isinstance(stored, Refusal):
        actor.finds("PD-1", f"expected order {conf.ref} from the owner's order API, it refuses the owner"
                            + (f" ({stored.status})" if stored.status else ""))
        return
    typed, lines, card = _typed(actor)
    where = "the order API"
    actor.expects("PD-1", "name", typed["name"], stored.name, where)
    actor.expects("PD-1", "phone", typed["phone"], stored.phone, where)
    actor.expects("PD-1", "e-mail", typed["email"], stored.email, where)
    for name, value in lines.items():
        actor.expects("PD-1", name, value, stored.address.get(name, ""), where)
    if card:
        actor.expects("PD-1", "card", card, stored.card_number, where)


@check("account details prefilled as registered", "PD-1")
def prefills_its_account_details(actor: Actor) -> None:
    """What a registered customer's checkout form fills in from its account (name, e-mail, phone)
    is what it registered with."""
    actor.recall(REGISTERED)
    prefilled = actor.recall(ADDRESS_STEP).prefilled
    persona = actor.persona
    filled = [(name, key, value) for name, key, value in (("name", "name", persona.name), ("e-mail", "email", persona.email),
                                                          ("phone", "phone", persona.phone)) if prefilled.get(key)]
    if not filled:
        raise CannotCheck("the checkout form fills in nothing from the account")
    for name, key, value in filled:
        actor.expects("PD-1", name, value, prefilled[key], "the checkout form (from the account)")


def shows_as_typed(typed: str, shown: str) -> bool:
    """`shown` is `typed`, or a masked form of it: what it keeps visible at the start and the end
    is the start and the end of `typed` (compared without spaces). Data back as typed (PD-1),
    not whether it had to be masked (PD-2, `masks_personal_data_on_the_confirmation`)."""
    if shown == typed:
        return True
    t, s = "".join(typed.split()), "".join(shown.split())
    if not any(m in s for m in MASKS):
        return False
    first = min(s.index(m) for m in MASKS if m in s)
    last = max(s.rindex(m) for m in MASKS if m in s)
    head, tail = s[:first], s[last + 1:]
    return t.startswith(head) and t.endswith(tail) and len(head) + len(tail) < len(t)
