"""`harness adapter check`: every adapter method called once against the target, as one persona of
each chosen market, in its own browser context set up as the journeys set theirs up; a table of
what each call did, so a team writing an adapter sees its progress method by method.

Each call ends one of four ways:

- **works**: it returned what its Protocol says (checked against the return annotation), with a
  short summary of what came back;
- **errors**: it raised, or returned something else (the exception and its first line);
- **not offered**: it raised `NotOffered`;
- **not tried**: it needs the result of an earlier call that did not work (named), or the
  shop's answer left nothing to do (no consent prompt shown, no callback offered).

Where what a call needs is missing because the earlier call was not offered, it is still called
with stand-ins, only to learn whether it raises `NotOffered` too (a skeleton is "not offered"
throughout); whatever else it does with them is not taken as its answer. Every method is called
whether or not its capability is declared, so a team sees a method work before declaring it.
"""
from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import UserInputError
from ..personas import Persona
from ..policy import MarketPolicy
from ..shop import Shop
from ..shop.capabilities import METHODS, REQUIRES, Capability, NotOffered
from ..shop.checkout import DeliveryDetails
from ..shop.support import Contact
from ..tasks.aftersales import ABOUT_THE_ORDER, WARRANTY_PROBLEM
from ..tasks.support import order_reference, question
from .interface import conforms, method

STEP_TIMEOUT_MS = 15_000  # Playwright's default for every page operation and navigation
CALL_TIMEOUT_S = 60  # the most one call may take, whatever it waits on
STAND_IN = "harness-adapter-check"  # what a call gets for a result that is missing (see above)
DELIVERY_DATES = "(its delivery dates)"

WORKS, ERRORS, NOT_OFFERED, NOT_TRIED = "works", "errors", "not offered", "not tried"
BLOCKED, MOOT = "blocked", "moot"  # why a call was not tried: something did not work / nothing to do
STYLE = {WORKS: "green", ERRORS: "red", NOT_OFFERED: "yellow", NOT_TRIED: "bright_black"}

Key = tuple[Capability, str]  # a row: the capability and the method ("part.method") that asks for it


@dataclass(frozen=True)
class Outcome:
    kind: str  # works | errors | not offered | not tried
    text: str = ""  # what came back, the error, or why it was not tried
    root: str = ""  # not tried: errors | not offered | blocked | moot, at the root of it

    @property
    def ok(self) -> bool:
        """Works, or had nothing to do because of the shop's own answer."""
        return self.kind == WORKS or (self.kind == NOT_TRIED and self.root == MOOT)

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}" if self.text else self.kind


class Skip(Exception):
    """Raised while preparing a call that cannot be made: `root` says why (blocked, moot, not offered)."""

    def __init__(self, why: str, root: str = BLOCKED):
        super().__init__(why)
        self.why, self.root = why, root


class CallTimedOut(Exception):
    pass


@dataclass(frozen=True)
class Step:
    """One row: a method called for a capability, its arguments worked out from the walk so far."""

    capability: Capability
    method: str  # "part.method"
    args: Callable[["Walk"], tuple]
    summary: Callable[[Any], str]
    label: str = ""  # told apart where one method serves two capabilities: "(ticket)"
    derived: bool = False  # no call of its own: read from the row of the same method before it

    @property
    def key(self) -> Key:
        return (self.capability, self.method)

    @property
    def title(self) -> str:
        return f"{self.method} {self.label}".strip()


# --------------------------------------------------------------------------------------------- a walk


class Walk:
    """One market's calls: one persona in its own browser context."""

    def __init__(self, shop: Shop, persona: Persona, policy: MarketPolicy, page, new_page: Callable[[], Any]):
        self.shop, self.persona, self.policy, self.page = shop, persona, policy, page
        self._new_page = new_page  # a page in another browser context, set up as the persona's
        self._opened: dict[str, Any] = {}
        self.results: dict[Key, Any] = {}
        self.outcomes: dict[Key, Outcome] = {}
        self.notes: dict[str, Any] = {}
        self._missing: list[Key] = []

    # -- for the steps' arguments
    def need(self, key: Key, pick: Callable[[Any], Any] = lambda r: r, stand_in: Any = STAND_IN) -> Any:
        """What an earlier call returned (`pick` of it); the stand-in where it did not work."""
        if key in self.results:
            return pick(self.results[key])
        self._missing.append(key)
        return stand_in

    def got(self, key: Key) -> Any:
        """What an earlier call returned, None where it did not work (for a choice, not a need)."""
        return self.results.get(key)

    @property
    def probing(self) -> bool:
        """A needed result is missing: the call is made with stand-ins only to see if it is offered."""
        return bool(self._missing)

    def prepare(self, what: str, call: Callable[[], Any]) -> Any:
        """A call made only to set up the next one (asking the chat again for a person)."""
        try:
            with deadline(CALL_TIMEOUT_S):
                return call()
        except NotOffered:
            raise Skip(f"{what}: not offered", NOT_OFFERED) from None
        except Exception as exc:
            raise Skip(f"{what}: {said(exc)}") from None

    def other_page(self, who: str):
        """A page in a browser context of its own, without the persona's cookies: `who` is
        "stranger" (another customer) or "new visit" (the persona again, a conversation afresh)."""
        if who not in self._opened:
            self._opened[who] = self._new_page()
        return self._opened[who]

    # -- running
    def run(self, step: Step) -> Outcome:
        if step.derived:
            outcome = self._derived(step)
        else:
            outcome = self._run(step)
        self.outcomes[step.key] = outcome
        return outcome

    def _derived(self, step: Step) -> Outcome:
        source = next(k for k in self.outcomes if k[1] == step.method)
        outcome = self.outcomes[source]
        if outcome.kind != WORKS:
            return outcome
        self.results[step.key] = self.results[source]
        return Outcome(WORKS, _summarise(step, self.results[source]))

    def _run(self, step: Step) -> Outcome:
        self._missing = []
        try:
            args = step.args(self)
        except Skip as skip:
            return Outcome(NOT_TRIED, skip.why, skip.root)
        missing = list(dict.fromkeys(self._missing))
        if missing:
            roots = [self._root(k) for k in missing]
            root = next((r for r in (ERRORS, BLOCKED, NOT_OFFERED) if r in roots), MOOT)
            first = missing[0]
            why = f"needs {self._title(first)} ({self.outcomes[first].kind})"
            if root != NOT_OFFERED:
                return Outcome(NOT_TRIED, why, root)
            kind, _, _ = self._call(step, args)  # only to see whether it is offered
            return Outcome(NOT_OFFERED) if kind == NOT_OFFERED else Outcome(NOT_TRIED, why, root)
        kind, value, text = self._call(step, args)
        if kind == WORKS:
            self.results[step.key] = value
            text = _summarise(step, value)
        return Outcome(kind, text)

    def _call(self, step: Step, args: tuple) -> tuple[str, Any, str]:
        part_name, _, name = step.method.partition(".")
        part = getattr(self.shop, part_name)
        if part is None:
            return NOT_OFFERED, None, f"the adapter has no {part_name} part"
        try:
            with deadline(CALL_TIMEOUT_S):
                value = getattr(part, name)(*args)
        except NotOffered as exc:
            return NOT_OFFERED, None, "" if exc.why == exc.capability.lacking else exc.why
        except Exception as exc:
            return ERRORS, None, said(exc)
        protocol = method(step.method)
        if not conforms(value, protocol.returns):
            expected = protocol.signature.return_annotation
            return ERRORS, None, f"returned {type(value).__name__}, not {expected}"
        return WORKS, value, ""

    def _root(self, key: Key) -> str:
        outcome = self.outcomes[key]
        return outcome.kind if outcome.kind in (ERRORS, NOT_OFFERED) else outcome.root

    def _title(self, key: Key) -> str:
        step = next((s for s in STEPS if s.key == key), None)
        return step.title if step else key[1]

    def close(self) -> None:
        for page in self._opened.values():
            page.context.close()


def _summarise(step: Step, value: Any) -> str:
    try:
        return step.summary(value)
    except Exception as exc:  # a summary is a courtesy: never turn a working call into an error
        return f"(returned {type(value).__name__}; {said(exc)})"


def said(exc: BaseException) -> str:
    """The exception's type and the first line of its message."""
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Bounds a call's time, whatever it waits on (the main thread only: elsewhere Playwright's
    timeouts are the only bound)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame):
        raise CallTimedOut(f"no answer within {seconds:.0f} s")

    before = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


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


# ------------------------------------------------------------------------------------------ the check


@dataclass
class Options:
    adapter: str | None = None
    target: str | None = None
    faults: str = ""
    markets: str = "DE"
    seed: int = 1
    policy_dir: Path | None = None


@dataclass
class Checked:
    """Every market's outcomes, and what the adapter declares."""

    markets: list[str]
    declared: frozenset[Capability]
    outcomes: dict[str, dict[Key, Outcome]] = field(default_factory=dict)  # market -> row -> outcome

    def failing(self) -> dict[Capability, list[tuple[str, Step, Outcome]]]:
        """Declared capabilities whose methods did not all work in every market."""
        out: dict[Capability, list] = {}
        for step in rows():
            if step.capability in self.declared:
                for market in self.markets:
                    outcome = self.outcomes[market][step.key]
                    if not outcome.ok:
                        out.setdefault(step.capability, []).append((market, step, outcome))
        return out

    def unjudged(self) -> list[Capability]:
        """Declared capabilities none of whose calls was made anywhere (the shop had nothing to ask)."""
        return [c for c in Capability if c in self.declared and all(
            self.outcomes[m][s.key].kind == NOT_TRIED for m in self.markets for s in STEPS if s.capability == c)
            and any(s.capability == c for s in STEPS)]

    def undeclared_working(self) -> list[Capability]:
        """Capabilities not declared whose methods all work in every market."""
        out = []
        for capability in Capability:
            steps = [s for s in STEPS if s.capability == capability]
            if capability not in self.declared and steps and all(
                    self.outcomes[m][s.key].kind == WORKS for m in self.markets for s in steps):
                out.append(capability)
        return out


def check(console: Console, options: Options) -> int:
    """Runs the check and prints the table; the exit code (0 every declared capability works, 1 not)."""
    from .load import adapter_factory, make_shop
    from ..browser import NoChromium, launch_options
    from ..personas import PersonaFactory
    from ..personas.email import address_for, pattern_from, run_id_from
    from ..policy import load_policy
    from ..target import EmbeddedStorefront, TargetError, probe

    policy = load_policy(options.policy_dir)
    markets = policy.select(options.markets, flag="--markets")
    if options.seed < 0:
        raise UserInputError(f"--seed: {options.seed} is negative; give a whole number from 0")
    faults = tuple(f.strip() for f in options.faults.split(",") if f.strip())
    if faults and options.target:
        raise UserInputError("--faults: only the embedded storefront takes faults; leave out --target or --faults")
    adapter_factory(options.adapter)  # an import error is refused before anything starts
    try:
        browser_options = launch_options()
    except NoChromium as exc:
        raise UserInputError(str(exc)) from None
    factory = PersonaFactory(policy, options.seed)
    # Under a run id of its own, as the journeys walk: on a persistent staging, the account the
    # check registers never collides with one a run or an earlier check made.
    run_id, pattern = run_id_from(None), pattern_from(None)
    personas = {m.market: replace(walker, email=address_for(walker, run_id, "adapter-check", pattern))
                for m in markets for walker in [first_at_home(factory, m.market)]}

    embedded = None
    try:
        if options.target:
            url = probe(options.target)
        else:
            embedded = EmbeddedStorefront(faults)
            try:
                url = embedded.start()
            except TargetError as exc:
                raise UserInputError(str(exc)) from None
            console.print(f"embedded storefront at {url}" + (f" (faults: {', '.join(faults)})" if faults else ""),
                          highlight=False)
        shop = make_shop(options.adapter, url)
        checked = Checked([m.market for m in markets], frozenset(shop.offers))
        walk_markets(console, shop, url, markets, personas, browser_options, checked)
    finally:
        if embedded:
            embedded.stop()
    return report(console, checked, options.adapter)


def first_at_home(factory, market: str) -> Persona:
    """The market's first persona browsing from its own market (the journeys' home archetypes)."""
    from ..plugin.selection import HOME, SCAN_LIMIT

    for number in range(1, SCAN_LIMIT + 1):
        persona = factory.persona(market, number)
        if persona.archetype in HOME:
            return persona
    raise UserInputError(f"--markets: {market}: no persona of {', '.join(HOME)} among the first {SCAN_LIMIT}")


def walk_markets(console: Console, shop: Shop, url: str, markets: list[MarketPolicy], personas: dict[str, Persona],
                 browser_options: dict, checked: Checked) -> None:
    from playwright.sync_api import sync_playwright

    from ..geoproxy import GeoProxy
    from ..persona_context import context_args

    geo = GeoProxy()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**browser_options)
            try:
                for market in markets:
                    persona = personas[market.market]
                    route = None if market.proxy else geo.route(persona.ip)
                    args = context_args(persona, url, market.proxy or route.server)

                    def context():
                        made = browser.new_context(**args)
                        made.set_default_timeout(STEP_TIMEOUT_MS)
                        made.set_default_navigation_timeout(STEP_TIMEOUT_MS)
                        return made

                    console.print(f"{market.market}: {persona.id} ({persona.archetype}, {persona.locale}, "
                                  f"from {persona.ip}) calls each method ...", highlight=False)
                    started = time.monotonic()
                    own = context()
                    walk = Walk(shop, persona, market, own.new_page(), lambda: context().new_page())
                    try:
                        for step in STEPS:
                            walk.run(step)
                    finally:
                        walk.close()
                        own.close()
                        if route:
                            route.close()
                    checked.outcomes[market.market] = walk.outcomes
                    done = sum(o.kind == WORKS for o in walk.outcomes.values())
                    console.print(f"{market.market}: {done} of {len(STEPS)} work ({time.monotonic() - started:.0f} s)",
                                  highlight=False)
            finally:
                browser.close()
    finally:
        geo.close()


def report(console: Console, checked: Checked, adapter: str | None) -> int:
    from .load import DEFAULT

    table = Table(title=f"adapter check: {adapter or DEFAULT}", title_justify="left")
    table.add_column("capability", overflow="fold")
    table.add_column("method", overflow="fold")
    table.add_column("declared", no_wrap=True)
    for market in checked.markets:  # on a narrow terminal the outcomes get the room, the names wrap
        table.add_column(market, overflow="fold", min_width=20)
    previous = None
    for step in rows():
        first = step.capability != previous
        if first and previous is not None:
            table.add_section()
        previous = step.capability
        cells = [Text(str(o), style=STYLE[o.kind]) for o in (checked.outcomes[m][step.key] for m in checked.markets)]
        table.add_row(step.capability.value if first else "", step.title,
                      "yes" if step.capability in checked.declared else "no", *cells)
    # A log (CI, a pipe) gets the table whole, whatever width it reports; a terminal its own width.
    width = console.width
    if not console.is_terminal:
        console.width = max(width, 110 + 50 * len(checked.markets))
    try:
        console.print(table)
    finally:
        console.width = width

    failing = checked.failing()
    for capability, problems in failing.items():
        market, step, outcome = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        console.print(Text(f"declared {capability} does not work: {step.title} {outcome.kind} in {market}"
                           f"{': ' + outcome.text if outcome.text else ''}{more}", style="red"), soft_wrap=True)
    for capability in checked.undeclared_working():
        needs = [n.value for n in REQUIRES.get(capability, ()) if n not in checked.declared]
        also = f" (with {', '.join(needs)}, which it needs)" if needs else ""
        console.print(Text(f"{capability} works but is not declared: declare it{also} to have its checks run",
                           style="yellow"), soft_wrap=True)
    moot: dict[tuple[Step, str], list[str]] = {}  # declared, and nothing to do: the shop's answer
    for step in rows():
        for market in checked.markets:
            outcome = checked.outcomes[market][step.key]
            if step.capability in checked.declared and outcome.kind == NOT_TRIED and outcome.ok:
                moot.setdefault((step, outcome.text), []).append(market)
    for (step, why), where in moot.items():
        console.print(Text(f"{step.capability}: {step.title} not tried in {', '.join(where)}: {why}",
                           style="bright_black"), soft_wrap=True)
    unjudged = checked.unjudged()
    for capability in unjudged:
        console.print(Text(f"{capability}: not judged: none of its methods was tried in {', '.join(checked.markets)}",
                           style="yellow"), soft_wrap=True)

    declared = len(checked.declared)
    where = ", ".join(checked.markets)
    if failing:
        console.print(f"{len(failing)} of {declared} declared capabilities do not work in every market ({where})",
                      highlight=False)
        return 1
    if not declared:
        working = sum(o.kind == WORKS for m in checked.markets for o in checked.outcomes[m].values())
        console.print(f"nothing declared yet; {working} calls work ({where})", highlight=False)
        return 0
    judged = declared - len(unjudged)
    if unjudged:
        console.print(f"{judged} of {declared} declared capabilities work ({where}); {len(unjudged)} not judged",
                      highlight=False)
    else:
        console.print(f"all {declared} declared capabilities work ({where})", highlight=False)
    return 0
