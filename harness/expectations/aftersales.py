"""After-sales: returns up to the window's last day are accepted and after it refused quoting the
policy (AS-1); the refund comes when promised (AS-2), every channel promises the same (CS-3) and
the refund e-mail comes in the persona's language (CS-7); warranty claims up to the period's last
day are accepted without fees and after it refused quoting the policy (AS-4); orders, returns and
tickets are their owner's alone and show personal data masked as the policy says (PD-2)."""
from __future__ import annotations

import datetime as dt

from ..screenplay import Actor, CannotCheck, check
from ..shop.capabilities import Capability
from ..shop.mail_language import UNJUDGED as UNJUDGED_LANGUAGE
from ..tasks.aftersales import (CHATBOT_REFUND_TIME, DAYS_SINCE_DELIVERY, DELIVERED_ON, OPENED_BY_STRANGER, ORDER,
                                ORDER_PAGE, REFUND_MAIL, RETURN, TICKET_PAGE, WARRANTY_CLAIMS, Claim,
                                market_today, warranty_last_day)
from .support import in_its_language


def _days(pair) -> str:
    low, high = pair
    return f"{low} business days" if low == high else f"{low} to {high} business days"


def _said(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- AS-1 returns


def _promises_returns(actor: Actor) -> str | None:
    return None if actor.policy.returns is not None else "the policy promises no returns"


def _promises_refunds(actor: Actor) -> str | None:
    return _promises_returns(actor) or (None if actor.policy.refunds is not None else "the policy promises no refund time")


def _quotes(actor: Actor, entry: str, decision: str, what: str, name: str, expected: str, quoted, where: str,
            required: bool) -> None:
    """The period or last day (`name`) a decision quotes, against the policy's. A refusal must
    quote it (`required`); an acceptance need not, but one that does must quote the policy's."""
    shown = None if quoted is None else quoted.isoformat() if isinstance(quoted, dt.date) else quoted
    if shown is None and not required:
        actor.gap(f"{name} on {where}", f"{where} quotes none")
        return
    actor.expects(entry, f"the {decision} to quote {what}", expected, shown, where)


@check("return inside the window accepted", "AS-1", promised=_promises_returns)
def return_accepted_inside_the_window(actor: Actor) -> None:
    """A return asked for inside the return period, its last day included, is accepted, with no
    reason where none is needed; the period and last day the acceptance quotes are the policy's."""
    ret, days, returns = actor.recall(RETURN), actor.recall(DAYS_SINCE_DELIVERY), actor.policy.returns
    delivered = actor.recall(DELIVERED_ON)
    terms = f"return period {returns.days} days" + ("" if returns.reason_required else ", no reason needed")
    shows = f"{ret.where} shows it refused" if ret.ref else f"{ret.where} refuses it"
    if not actor.expects_true("AS-1", ret.accepted,
                              f"expected the return accepted {days} days after delivery ({terms}), {shows}: "
                              f"{_said(ret.text)}",
                              f"the return is accepted {days} days after delivery ({terms})"):
        return
    last_day = delivered + dt.timedelta(days=returns.days)
    _quotes(actor, "AS-1", "acceptance", "a return period of", "the return period", f"{returns.days} days",
            f"{ret.period_days} days" if ret.period_days is not None else None, ret.where, required=False)
    _quotes(actor, "AS-1", "acceptance", "the last day for a return", "the last day for a return", last_day.isoformat(),
            ret.last_day, ret.where, required=False)


@check("return after the window refused, quoting the policy", "AS-1", promised=_promises_returns)
def return_refused_after_the_window_quoting_the_policy(actor: Actor) -> None:
    """A return asked for after the return period is refused, and the refusal quotes the period
    and its last day."""
    ret, days, period = actor.recall(RETURN), actor.recall(DAYS_SINCE_DELIVERY), actor.policy.returns.days
    decided = actor.expects_true(
        "AS-1", ret.ref is not None and not ret.accepted,
        f"expected the return refused {days} days after delivery (return period {period} days), "
        + (f"{ret.where} shows it accepted: {_said(ret.text)}" if ret.ref else f"{ret.where} answers: {_said(ret.text)}"),
        f"the return is refused {days} days after delivery (return period {period} days)")
    if not decided:
        return
    last_day = actor.recall(DELIVERED_ON) + dt.timedelta(days=period)
    actor.expects("AS-1", "the refusal to quote a return period of", f"{period} days",
                  f"{ret.period_days} days" if ret.period_days is not None else None, ret.where)
    actor.expects("AS-1", "the refusal to quote the last day for a return", last_day.isoformat(),
                  ret.last_day.isoformat() if ret.last_day else None, ret.where)


# --------------------------------------------------------------------------- AS-2, CS-3 refunds


def _accepted(actor: Actor):
    ret = actor.recall(RETURN)
    if not ret.accepted:
        raise CannotCheck("the return was not accepted (the return window check says so)")
    return ret


@check("refund when promised", "AS-2", needs=(Capability.REFUNDS,), promised=_promises_refunds)
def refund_comes_when_promised(actor: Actor) -> None:
    """The accepted return's refund is expected within the policy's business days of acceptance,
    counted on the market's calendar (its weekend and public holidays, policy/workdays.py)."""
    ret, (low, high) = _accepted(actor), actor.policy.refunds.business_days
    refund = ret.refund
    if not actor.expects_true("AS-2", refund is not None,
                              f"expected a refund scheduled for the accepted return, {ret.where} shows none",
                              "the accepted return has its refund scheduled"):
        return
    accepted = ret.requested_on or market_today(actor.policy)
    days = actor.policy.workdays
    latest, earliest = days.between(accepted, refund.expected_to), days.between(accepted, refund.expected_from)
    actor.expects_true(
        "AS-2", latest <= high,
        f"expected the refund within {low} to {high} business days of the return's acceptance on {accepted}, "
        f"{ret.where} expects it in {earliest} to {latest} business days ({refund.expected_from} to {refund.expected_to})",
        f"the refund is expected within {high} business days of acceptance "
        f"({refund.expected_from} to {refund.expected_to})")


@check("refund time the same on every channel", "CS-3", needs=(Capability.REFUNDS,), promised=_promises_refunds)
def refund_time_the_same_everywhere(actor: Actor) -> None:
    """The return page, the chatbot and the refund e-mail state the policy's refund time, and the
    e-mail expects the refund on the days the return page does. A channel the adapter cannot
    read (no chatbot, no mailbox) is left out, and said so."""
    ret, policy_days = _accepted(actor), tuple(actor.policy.refunds.business_days)
    stated = [(ret.where, ret.refund_time)]
    for key, where, said in actor.channels((CHATBOT_REFUND_TIME, "the chatbot's answer", Capability.CHATBOT),
                                           (REFUND_MAIL, "the refund e-mail", Capability.MAILBOX)):
        if key is REFUND_MAIL:
            if not actor.expects_true("CS-3", said is not None,
                                      "expected a refund e-mail for the accepted return, the mailbox has none",
                                      "a refund e-mail was sent"):
                continue
            said = said.refund_time
        stated.append((where, said))
    for where, said in stated:
        shown = None if said is None else _days(said.days) if said.days else f"no single time: {_said(said.text)}"
        actor.expects("CS-3", "refund time", _days(policy_days), shown, where)
    mail = actor.seen.get(REFUND_MAIL)
    if mail is not None and mail.refund is not None and ret.refund is not None:
        page_days = f"{ret.refund.expected_from} to {ret.refund.expected_to}"
        mail_days = f"{mail.refund.expected_from} to {mail.refund.expected_to}"
        actor.expects("CS-3", "refund dates", f"{page_days} (as on {ret.where.removeprefix('the ')})", mail_days,
                      "the refund e-mail", same=lambda want, shown: want.split(" (")[0] == shown)


@check("refund e-mail in its language", "CS-7", needs=(Capability.MAILBOX, Capability.REFUNDS),
       promised=_promises_refunds)
def refund_mail_in_its_language(actor: Actor) -> None:
    """The e-mail announcing the refund comes in the persona's language (CS-7), the language it
    shopped in."""
    _accepted(actor)
    mail = actor.recall(REFUND_MAIL)
    if mail is None:
        raise CannotCheck("no refund e-mail arrived (the refund time check says so)")
    if mail.language is None:  # a mail catcher's mail that names no language and has too few words to judge
        actor.gap("the refund e-mail's language", UNJUDGED_LANGUAGE)
        return
    in_its_language(actor, "CS-7", "e-mail language", mail.language, "the refund e-mail", actor.policy.languages)


# --------------------------------------------------------------------------- AS-4 warranty


def _promises_a_warranty(actor: Actor) -> str | None:
    warranty = actor.policy.warranty
    return None if warranty is not None and warranty.months >= 1 else "the policy promises no warranty"


def _when(made: Claim, months: int) -> str:
    """When a claim was made, as its finding says it: "730 days after delivery, the last day of its
    24-month warranty (2026-12-06)"."""
    last_day = warranty_last_day(made.delivered_on, months)
    if made.claimed_on == last_day:
        return f"{made.days} days after delivery, the last day of its {months}-month warranty ({last_day})"
    if made.claimed_on > last_day:
        late = (made.claimed_on - last_day).days
        return (f"{made.days} days after delivery, {'the day' if late == 1 else f'{late} days'} after its "
                f"{months}-month warranty ended on {last_day}")
    return f"{made.days} days after delivery ({months}-month warranty)"


def _claims(actor: Actor, inside: bool) -> list[Claim]:
    months = actor.policy.warranty.months
    made = [c for c in actor.recall(WARRANTY_CLAIMS)
            if (c.claimed_on <= warranty_last_day(c.delivered_on, months)) == inside]
    if not made:
        raise CannotCheck(f"no warranty claim was made {'inside' if inside else 'after'} the warranty period")
    return made


def _quotes_the_warranty(actor: Actor, made: Claim, months: int, required: bool) -> None:
    claim, decision = made.outcome, "refusal" if required else "acceptance"
    _quotes(actor, "AS-4", decision, "a warranty of", "the warranty period", f"{months} months",
            f"{claim.period_months} months" if claim.period_months is not None else None, claim.where, required)
    _quotes(actor, "AS-4", decision, "the warranty's last day", "the warranty's last day",
            warranty_last_day(made.delivered_on, months).isoformat(), claim.last_day, claim.where, required)


@check("warranty claims accepted without fees", "AS-4", promised=_promises_a_warranty)
def warranty_claims_accepted_without_fees(actor: Actor) -> None:
    """Every warranty claim made inside the warranty period, its last day included (the period
    counted in calendar months from delivery), is accepted and charged nothing; the period and
    last day the acceptance quotes are the policy's."""
    months = actor.policy.warranty.months
    for made in _claims(actor, inside=True):
        claim, days, when = made.outcome, made.days, _when(made, months)
        shows = f"{claim.where} shows it refused" if claim.ref else f"{claim.where} refuses it"
        if not actor.expects_true("AS-4", claim.accepted,
                                  f"expected the warranty claim accepted {when}, {shows}: {_said(claim.text)}",
                                  f"the warranty claim is accepted {when}"):
            continue
        fee = claim.fee
        actor.expects_true("AS-4", not (fee and fee.amount),
                           f"expected no fee for the warranty claim {days} days after delivery, {claim.where} "
                           f"charges {fee.amount} {fee.currency}: {_said(fee.text)}" if fee else "",
                           f"the warranty claim {days} days after delivery is free of charge")
        _quotes_the_warranty(actor, made, months, required=False)


@check("warranty claim after the period refused, quoting the policy", "AS-4", promised=_promises_a_warranty)
def warranty_claim_refused_after_the_period(actor: Actor) -> None:
    """A warranty claim made after the warranty period is refused, and the refusal quotes the
    period and its last day: the shop covers nothing the policy does not promise, and says why."""
    months = actor.policy.warranty.months
    for made in _claims(actor, inside=False):
        claim, when = made.outcome, _when(made, months)
        decided = actor.expects_true(
            "AS-4", claim.ref is not None and not claim.accepted,
            f"expected the warranty claim refused {when}, "
            + (f"{claim.where} shows it accepted: {_said(claim.text)}" if claim.ref
               else f"{claim.where} answers: {_said(claim.text)}"),
            f"the warranty claim is refused {when}")
        if decided:
            _quotes_the_warranty(actor, made, months, required=True)


# --------------------------------------------------------------------------- PD-2 privacy


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdecimal())


def masked(field: str, value: str, shown: str) -> bool:
    """Whether `shown` keeps `value` unreadable: an e-mail address not shown whole, a phone or
    card number with at most half its digits visible."""
    if not value or not shown:
        return True  # nothing typed, or nothing shown
    if field == "email":
        return value.casefold() not in shown.casefold() and value.split("@")[0].casefold() not in shown.casefold()
    digits, visible = _digits(value), _digits(shown)
    return digits not in visible and len(visible) <= len(digits) // 2


def _masks_something(actor: Actor) -> str | None:
    return None if actor.policy.privacy.masked else "the policy masks no customer data"


@check("personal data masked as the policy says", "PD-2", promised=_masks_something)
def personal_data_masked_as_the_policy_says(actor: Actor) -> None:
    """The order, return and ticket pages show phone, e-mail and card masked where the market's
    privacy policy says so, even to their owner. A page the adapter cannot open is left out, and
    said so; a field a page does not show at all has nothing to mask."""
    order = actor.recall(ORDER)
    typed = {"phone": order.phone, "email": order.email, "card": order.card_number}
    pages = [("the order page", actor.recall(ORDER_PAGE).contact)]
    for key, where, seen in actor.channels((TICKET_PAGE, "the ticket page", Capability.TICKETS),
                                           (RETURN, "the return page", Capability.RETURNS)):
        if key is not RETURN:
            pages.append((where, seen.contact))
        elif seen.ref:  # a return the form would not even take has no page
            pages.append((seen.where, seen.contact))
    for field in actor.policy.privacy.masked:
        for where, contact in pages:
            shown = contact[field]
            if not shown:
                continue  # not shown at all: nothing to mask
            actor.expects_true("PD-2", masked(field, typed[field], shown),
                               f"expected the {field} masked, {where} shows {shown}",
                               f"{where} shows the {field} masked ({shown})")


@check("refused to another customer", "PD-2")
def refused_to_another_customer(actor: Actor) -> None:
    """Another customer gets nothing of the persona's order, return or ticket: every page and API
    answer is refused as if it did not exist (404)."""
    for opened in actor.recall(OPENED_BY_STRANGER):
        actor.expects_true("PD-2", not opened.shown and opened.status == 404,
                           f"expected {opened.where} refused to another customer (404), "
                           + (f"it opens for them ({opened.status})" if opened.shown else f"it answers {opened.status}"),
                           f"{opened.where} is refused to another customer ({opened.status})")
