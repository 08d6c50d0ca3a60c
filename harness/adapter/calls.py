"""The calls `harness adapter check` makes, in the order a customer would: each method of the
adapter with the arguments it gets from the walk so far, and a summary of what it returned."""
from __future__ import annotations

import contextlib

from ..shop.capabilities import METHODS, Capability
from ..shop.checkout import DeliveryDetails
from ..shop.support import Contact
from ..tasks.aftersales import ABOUT_THE_ORDER, WARRANTY_PROBLEM
from ..tasks.support import order_reference, question
from .walk import DELIVERY_DATES, MOOT, STAND_IN, Key, Skip, Step, Walk

# --------------------------------------------------------------------------------- the calls, in order

C = Capability
LAND = (C.CATALOGUE, "catalogue.land")
OPEN_CATEGORY = (C.CATALOGUE, "catalogue.open_category")
ADD_TO_CART = (C.CART, "catalogue.add_to_cart")
ENTER_ADDRESS = (C.GUEST_CHECKOUT, "checkout.enter_address")
CHOOSE_SHIPPING = (C.GUEST_CHECKOUT, "checkout.choose_shipping")
PAY = (C.GUEST_CHECKOUT, "checkout.pay")
PLACE_ORDER = (C.GUEST_CHECKOUT, "checkout.place_order")
MAILBOX = (C.MAILBOX, "mailbox.messages")
REGISTER = (C.ACCOUNTS, "account.register")
LOG_IN = (C.ACCOUNTS, "account.log_in")
CONTACT = (C.CONTACT_PAGE, "support.open_contact")
CHAT = (C.CHATBOT, "support.chat")
HAND_OFF = (C.TICKETS, "support.hand_off")
OPEN_TICKET = (C.TICKETS, "support.open_ticket")
ORDER = (C.ORDER_PAGE, "aftersales.place_order")
RETURN = (C.RETURNS, "aftersales.request_return")
WRITE_TO_SUPPORT = (C.TICKETS, "aftersales.contact_support")


def _after(w: Walk, key: Key):
    """The persona's page, once the call `key` stands for worked (logged in, a ticket open)."""
    w.need(key, stand_in=None)
    return w.page


def _question(w: Walk, intent: str) -> str:
    try:
        return question(w.persona.language, intent)
    except LookupError as exc:
        raise Skip(str(exc)) from None


def _allowed(w: Walk) -> list[str]:
    return [c for c in w.policy.categories.allowed if c not in w.policy.categories.restricted]


def _category(w: Walk) -> str:
    """An allowed category, one the landing page shows products of where it worked."""
    allowed = _allowed(w) or list(w.policy.categories.allowed)
    landing = w.got(LAND)
    shown = [c.category for c in landing.products] if landing else []
    return next((c for c in allowed if c in shown), allowed[0] if allowed else STAND_IN)


def _sku(w: Walk) -> str:
    """A product on show that the market allows: from the landing page, else its category page."""
    landing = w.need(LAND, stand_in=None)
    if landing is None:
        return STAND_IN
    allowed = set(_allowed(w))
    view = w.got(OPEN_CATEGORY)
    cards = [c for c in (*landing.products, *(view.products if view else ())) if c.price and c.category in allowed]
    if not cards:
        raise Skip("neither the landing page nor the category page shows a product the market allows")
    return cards[0].sku


def _ref(w: Walk) -> str:
    return w.need(PLACE_ORDER, lambda c: c.ref)


def _order(w: Walk, pick=lambda o: o.ref):
    return w.need(ORDER, pick)


def _contact(w: Walk) -> Contact:
    p = w.persona
    return Contact(p.name, p.email, p.phone, order_reference(p), "")


def _consent(w: Walk) -> tuple:
    landing = w.need(LAND, stand_in=None)
    if landing is not None and not landing.consent_prompt:
        raise Skip("the landing page shows no consent prompt", MOOT)
    return (w.page,)


def _enter_address(w: Walk) -> tuple:
    added = w.need(ADD_TO_CART, stand_in=None)
    if added is not None and not added.added:
        raise Skip(f"nothing in the cart: catalogue.add_to_cart was refused"
                   f"{': ' + added.refusal.text[:80] if added.refusal else ''}")
    p = w.persona
    return w.page, DeliveryDetails(p.email, p.phone, p.address, p.vat_id)


def _choose_shipping(w: Walk) -> tuple:
    step = w.need(ENTER_ADDRESS, stand_in=None)
    if step is None:
        return w.page, w.policy.shipping[0].id if w.policy.shipping else "standard"
    if not step.accepted:
        raise Skip("the address step did not take the persona's address")
    offered = [o.method for o in step.shipping]
    chosen = next((s.id for s in w.policy.shipping if s.id in offered), offered[0] if offered else None)
    if chosen is None:
        raise Skip("the address step offers no shipping method")
    return w.page, chosen


def _pay(w: Walk) -> tuple:
    payment = w.need(CHOOSE_SHIPPING, stand_in=None)
    offered = payment.methods if payment else list(w.policy.payment_methods)
    own = w.persona.payment_method
    chosen = own if own in offered else next((m for m in w.policy.payment_methods if m in offered),
                                             offered[0] if offered else None)
    if chosen is None:
        raise Skip("the shipping step offers no payment method")
    return w.page, chosen, w.persona.card_number if chosen == "card" else ""


def _place_order(w: Walk) -> tuple:
    review = w.need(PAY, stand_in=None)
    if review is not None and review.refusal:
        raise Skip(f"the payment was refused: {review.refusal.text[:80]}")
    return (w.page,)


def _hand_off(way: str):
    def args(w: Walk) -> tuple:
        conversation = w.need(CHAT, stand_in=None)
        page = w.page
        if conversation is None:
            return page, way, _contact(w)
        if way != "ticket":  # the first conversation went to a person already: the persona comes back afresh
            page = w.other_page("new visit")
            if w.got(CONTACT) is not None:  # as the support journey does: the contact page, then the chat
                w.prepare("a new visit opening the contact page (support.open_contact)",
                          lambda: w.shop.support.open_contact(page))
            else:
                w.prepare("a new visit landing (catalogue.land)", lambda: w.shop.catalogue.land(page))
            conversation = w.prepare("a new visit asking the chat for a person (support.chat)",
                                     lambda: w.shop.support.chat(page, [_question(w, "talk_to_person")]))
        offered = conversation.replies[-1].ways_to_a_person if conversation.replies else ()
        if way not in offered:
            raise Skip(f"the chat's last reply offers no {way} (it offers {', '.join(offered) or 'no person'})", MOOT)
        if way == "ticket" and w.got(MAILBOX) is not None:
            with contextlib.suppress(Exception):
                w.notes["mail before"] = len(w.shop.mailbox.messages(w.persona.email))
        return page, way, _contact(w)
    return args


def _acknowledgement_in(w: Walk) -> tuple:
    acknowledgement = w.need(HAND_OFF, stand_in=None)
    w.need(MAILBOX, stand_in=None)
    if w.probing:
        return "", ""
    mails = w.prepare("reading the acknowledgement e-mail (mailbox.messages)",
                      lambda: w.shop.mailbox.messages(w.persona.email))[w.notes.get("mail before", 0):]
    reference = acknowledgement.reference
    mail = next((m for m in reversed(mails) if reference and reference in m.subject + m.text),
                mails[-1] if mails else None)  # the one naming the reference, else the newest
    if mail is None:
        raise Skip(f"no acknowledgement e-mail arrived for {w.persona.email}")
    return mail.text, mail.html


def _refund_mail(w: Walk) -> tuple:
    outcome = w.need(RETURN, stand_in=None)
    if outcome is not None and not outcome.ref:
        raise Skip("the return was not taken, so no refund")
    return w.persona.email, outcome.ref if outcome else STAND_IN


def _place_an_order(w: Walk) -> tuple:
    payment = "card" if "card" in w.policy.payment_methods else w.persona.payment_method
    return w.page, w.persona, list(_allowed(w)), w.policy.shipping[0].id if w.policy.shipping else "", payment


# ------------------------------------------------------------------------------------------ summaries


def _landing(v) -> str:
    if v.refusal:
        return f"refused: {v.refusal.text[:60]}"
    consent = ", consent prompt" if v.consent_prompt else ""
    return f"{v.market}, {v.language}, {v.currency}, {len(v.products)} products{consent}"


def _product(v) -> str:
    price = v.price.text if v.price else "no price"
    if v.purchasable:
        return f"{v.sku}, {price}, purchasable"
    return f"{v.sku}, {price}, {_refusal(v.refusal) if v.refusal else 'not purchasable'}"


def _refusal(r) -> str:
    return f"refused{f' ({r.status})' if r.status else ''}: {r.text[:60]}"


def _address(v) -> str:
    if v.accepted:
        return f"accepted; shipping: {', '.join(o.method for o in v.shipping) or 'none offered'}"
    if v.refusal:
        return _refusal(v.refusal)
    return f"not accepted: {', '.join(v.field_errors) or 'no reason given'}"


def _dates(v) -> str:
    dated = [o for o in v.shipping if o.earliest or o.latest]
    if not dated:
        return f"no delivery dates among {len(v.shipping)} shipping options"
    return ", ".join(f"{o.method} {o.earliest}–{o.latest}" for o in dated)


def _signed_in(v) -> str:
    if v.signed_in:
        return f"signed in: {v.name}, {v.email}"
    return ("exists already; " if v.exists else "") + (_refusal(v.refusal) if v.refusal else "not signed in")


def _ack(v) -> str:
    when = f", answer by {v.promised_by:%Y-%m-%d %H:%M} {v.time_zone or ''}".rstrip() if v.promised_by else ""
    steps = f", {v.steps} steps" if v.steps else ""
    return f"{v.reference or 'no reference'}{when}{steps}"


def _stated(v) -> str:
    facts = [f"returns {v.return_days} days" if v.return_days is not None else "",
             f"refunds {'/'.join(f'{a}–{b}' for a, b in v.refund_days)} days" if v.refund_days else "",
             f"warranty {v.warranty_months} months" if v.warranty_months is not None else "",
             f"{len(v.shipping_days)} shipping methods" if v.shipping_days else ""]
    return ", ".join(f for f in facts if f) or "states nothing"


def _chat(v) -> str:
    ways = v.replies[-1].ways_to_a_person if v.replies else ()
    errors = sum(r.error for r in v.replies)
    return (f"{len(v.replies)} replies{f' in {v.language}' if v.language else ''}"
            + (f", {errors} errors" if errors else "") + (f"; offers {', '.join(ways)}" if ways else ""))


def _return(v) -> str:
    if v.ref is None:
        return _refusal(v.refusal) if v.refusal else f"not taken: {v.text[:60]}"
    refund = f", refund {v.refund.expected_from}–{v.refund.expected_to}" if v.refund else ""
    return f"{'accepted' if v.accepted else 'refused'}, {v.ref}{refund}"


def _warranty(v) -> str:
    if v.ref is None and v.refusal:
        return _refusal(v.refusal)
    fee = f", fee {v.fee.amount} {v.fee.currency}" if v.fee and v.fee.amount else ", no fee"
    return f"{'accepted' if v.accepted else 'refused'}, {v.ref or 'no reference'}{fee}"


def _count(items, noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _opened(v) -> str:
    return "; ".join(f"{o.where} {o.status}{' (shown)' if o.shown else ''}" for o in v) or "no way in tried"


STEPS: list[Step] = [
    Step(C.CATALOGUE, "catalogue.land", lambda w: (w.page,), _landing),
    Step(C.CONSENT_PROMPT, "catalogue.accept_consent", _consent, lambda v: "answered"),
    Step(C.CATALOGUE, "catalogue.open_category", lambda w: (w.page, _category(w)),
         lambda v: _refusal(v.refusal) if v.refusal else f"{len(v.products)} products"),
    Step(C.CATALOGUE, "catalogue.products_in",
         lambda w: (w.page, (w.policy.categories.restricted or [_category(w)])[0]), lambda v: f"{len(v)} SKUs"),
    Step(C.CATALOGUE, "catalogue.open_product", lambda w: (w.page, _sku(w)),
         _product),
    Step(C.CART, "catalogue.add_to_cart", lambda w: (w.page, _sku(w), 1),
         lambda v: "added" if v.added else (_refusal(v.refusal) if v.refusal else "not added")),
    Step(C.CART, "checkout.open_cart", lambda w: (w.page,),
         lambda v: f"{_count(v.lines, 'line')}, total {v.totals.total_text}" if v.totals else _count(v.lines, "line")),
    Step(C.GUEST_CHECKOUT, "checkout.enter_address", _enter_address, _address),
    Step(C.DELIVERY_ESTIMATES, "checkout.enter_address", lambda w: (), _dates, DELIVERY_DATES, derived=True),
    Step(C.GUEST_CHECKOUT, "checkout.choose_shipping", _choose_shipping,
         lambda v: f"payment: {', '.join(v.methods) or 'none offered'}"),
    Step(C.GUEST_CHECKOUT, "checkout.pay", _pay,
         lambda v: _refusal(v.refusal) if v.refusal else f"{v.payment}, total {v.totals.total_text if v.totals else '-'}"),
    Step(C.GUEST_CHECKOUT, "checkout.place_order", _place_order, lambda v: f"{v.ref}, {v.currency} {v.totals.total}"),
    Step(C.GUEST_CHECKOUT, "checkout.open_order", lambda w: (w.page, _ref(w)),
         lambda v: f"{v.ref}, {v.currency} {v.totals.total}"),
    Step(C.ORDER_API, "checkout.stored_order", lambda w: (w.page, _ref(w)),
         lambda v: f"{v.ref}, {v.currency} {v.total}" if hasattr(v, "total") else _refusal(v)),
    Step(C.CONFIRMATION_EMAIL, "checkout.confirmation_mail", lambda w: (w.page, w.persona.email, _ref(w)),
         lambda v: f"{v.ref}: {v.subject[:50]}" if v else "none arrived"),
    Step(C.MAILBOX, "mailbox.messages", lambda w: (w.persona.email,), lambda v: _count(v, "message")),
    Step(C.ACCOUNTS, "account.register", lambda w: (w.page, w.persona), _signed_in),
    Step(C.ACCOUNTS, "account.log_out", lambda w: (_after(w, REGISTER),), lambda v: "done"),
    Step(C.ACCOUNTS, "account.log_in", lambda w: (_after(w, REGISTER), w.persona), _signed_in),
    Step(C.ACCOUNTS, "account.orders", lambda w: (_after(w, LOG_IN),),
         lambda v: _refusal(v.refusal) if v.refusal else f"{len(v.orders)} orders"),
    Step(C.ACCOUNTS, "account.open_order", lambda w: (_after(w, LOG_IN), _ref(w)),
         lambda v: _refusal(v.refusal) if v.refusal else f"{v.ref}, {v.currency} {v.total}"),
    Step(C.HELP_CENTRE, "support.open_help_centre", lambda w: (w.page,),
         lambda v: f"{v.language}, {len(v.page_languages)} policy pages, {len(v.channels)} channels"),
    Step(C.CONTACT_PAGE, "support.open_contact", lambda w: (w.page,),
         lambda v: f"{v.language}, ways to a person: {', '.join(v.ways_to_a_person) or 'none'}"),
    Step(C.POLICY_API, "support.stated_by_api", lambda w: (w.page,), _stated),
    Step(C.CHATBOT, "support.chat",
         lambda w: (w.page, [_question(w, "return_window"), _question(w, "talk_to_person")]), _chat),
    Step(C.TICKETS, "support.hand_off", _hand_off("ticket"), _ack, "(ticket)"),
    Step(C.TICKETS, "support.open_ticket", lambda w: (_after(w, HAND_OFF),),
         lambda v: f"{v.reference}, level {v.level}, {len(v.messages)} messages"),
    Step(C.TICKETS, "support.escalate", lambda w: (_after(w, OPEN_TICKET),),
         lambda v: f"{v.reference}, level {v.level}" + (f", from {v.escalated_from}" if v.escalated_from else "")),
    Step(C.TICKETS, "support.acknowledgement_in", _acknowledgement_in, _ack),
    Step(C.CALLBACK, "support.hand_off", _hand_off("callback"), _ack, "(callback)"),
    Step(C.ORDER_PAGE, "aftersales.place_order", _place_an_order, lambda v: f"{v.ref}, {v.quantity} × {v.sku}"),
    Step(C.MARK_DELIVERED, "aftersales.set_delivered", lambda w: (_order(w), 1), lambda v: f"delivered on {v}"),
    Step(C.ORDER_PAGE, "aftersales.open_order", lambda w: (w.page, _order(w)),
         lambda v: f"{v.ref}, delivered {v.delivered_on or 'not yet'}"),
    Step(C.RETURNS, "aftersales.request_return",
         lambda w: (w.page, _order(w), _order(w, lambda o: [(o.sku, o.quantity)]),
                    "changed_mind" if w.policy.returns and w.policy.returns.reason_required else None), _return),
    Step(C.REFUNDS, "aftersales.refund_mail", _refund_mail,
         lambda v: (f"refund {v.refund.expected_from}–{v.refund.expected_to}" if v.refund else v.subject[:50])
                   if v else "none sent"),
    Step(C.WARRANTY, "aftersales.claim_warranty",
         lambda w: (w.page, _order(w), _order(w, lambda o: o.sku), WARRANTY_PROBLEM),
         _warranty),
    Step(C.CHATBOT, "aftersales.ask_refund_time", lambda w: (w.page, _question(w, "refund_time")),
         lambda v: f"{v.days[0]}–{v.days[1]} business days" if v.days else f"no single range: {v.text[:50]}"),
    Step(C.TICKETS, "aftersales.contact_support",
         lambda w: (w.page, w.persona, _order(w), ABOUT_THE_ORDER),
         lambda v: f"ticket {v}"),
    Step(C.TICKETS, "aftersales.open_ticket", lambda w: (w.page, w.need(WRITE_TO_SUPPORT)),
         lambda v: f"{v.ref}, about {v.order_ref or 'no order'}"),
    Step(C.ORDER_PAGE, "aftersales.look_up", lambda w: (w.other_page("stranger"), "order", _order(w)), _opened),
]


def rows() -> list[Step]:
    """The table's rows: the steps in `METHODS` order (by capability), so each capability's
    methods stand together."""
    order = [(c, m) for c, ms in METHODS.items() for m in ms]
    return sorted(STEPS, key=lambda s: (list(Capability).index(s.capability),
                                        order.index(s.key) if s.key in order else len(order)))


