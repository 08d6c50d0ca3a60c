"""After-sales: returns inside the window are accepted and outside it refused quoting the policy
(AS-1); the refund comes when promised (AS-2) and every channel promises the same (CS-3);
warranty claims inside the period are accepted without fees (AS-4); orders, returns and tickets
are their owner's alone and show personal data masked as the policy says (PD-2)."""
from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale

from ..screenplay import Actor

# The policy gives refund times in business days but lists no public holidays: a refund may run
# past its slowest day by up to a working week of them (Lunar New Year, Golden Week, Eid,
# Christmas to New Year) before it counts as late. A refund run that is really slow (10-15 days
# where 3-5 are promised) is late whatever the calendar.
HOLIDAYS_ALLOWED = 5


def _days(pair) -> str:
    low, high = pair
    return f"{low} business days" if low == high else f"{low} to {high} business days"


def _said(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- AS-1 returns


def return_accepted_inside_the_window():
    """A return asked for inside the return period is accepted, with no reason where none is needed."""
    def check(actor: Actor) -> None:
        ret, days, returns = actor.recall("return"), actor.recall("days since delivery"), actor.policy.returns
        terms = f"return period {returns.days} days" + ("" if returns.reason_required else ", no reason needed")
        shows = f"{ret.where} shows it refused" if ret.ref else f"{ret.where} refuses it"
        actor.expects_true("AS-1", ret.accepted,
                           f"expected the return accepted {days} days after delivery ({terms}), {shows}: {_said(ret.text)}",
                           f"the return is accepted {days} days after delivery ({terms})")
    return check


def return_refused_after_the_window_quoting_the_policy():
    """A return asked for after the return period is refused, and the refusal quotes the period
    and its last day."""
    def check(actor: Actor) -> None:
        ret, days, period = actor.recall("return"), actor.recall("days since delivery"), actor.policy.returns.days
        decided = actor.expects_true(
            "AS-1", ret.ref is not None and not ret.accepted,
            f"expected the return refused {days} days after delivery (return period {period} days), "
            + (f"{ret.where} shows it accepted: {_said(ret.text)}" if ret.ref else f"{ret.where} answers: {_said(ret.text)}"),
            f"the return is refused {days} days after delivery (return period {period} days)")
        if not decided:
            return
        last_day = actor.recall("delivered on") + dt.timedelta(days=period)
        actor.expects("AS-1", "the refusal to quote a return period of", f"{period} days",
                      f"{ret.period_days} days" if ret.period_days is not None else None, ret.where)
        actor.expects("AS-1", "the refusal to quote the last day for a return", last_day.isoformat(),
                      ret.last_day.isoformat() if ret.last_day else None, ret.where)
    return check


# --------------------------------------------------------------------------- AS-2, CS-3 refunds


@cache
def _weekend(market: str) -> frozenset[int]:
    """Days off, leniently (more days off only make a refund count as sooner): the market's
    weekend as CLDR knows it for the country, and Saturday and Sunday."""
    locale = Locale.parse(f"und_{market}")
    start, end = locale.weekend_start, locale.weekend_end
    days = {start} if start == end else {d % 7 for d in range(start, start + ((end - start) % 7) + 1)}
    return frozenset(days | {5, 6})


def business_days_between(start: dt.date, end: dt.date, market: str) -> int:
    off = _weekend(market)
    return sum(1 for n in range(1, (end - start).days + 1) if (start + dt.timedelta(days=n)).weekday() not in off)


def refund_comes_when_promised():
    """The accepted return's refund is expected within the policy's business days of acceptance."""
    def check(actor: Actor) -> None:
        ret, (low, high) = actor.recall("return"), actor.policy.refunds.business_days
        if not ret.accepted:
            return
        refund = ret.refund
        if not actor.expects_true("AS-2", refund is not None,
                                  f"expected a refund scheduled for the accepted return, {ret.where} shows none",
                                  "the accepted return has its refund scheduled"):
            return
        accepted = ret.requested_on or dt.datetime.now(ZoneInfo(actor.policy.time_zone)).date()
        latest = business_days_between(accepted, refund.expected_to, actor.persona.market)
        earliest = business_days_between(accepted, refund.expected_from, actor.persona.market)
        actor.expects_true(
            "AS-2", latest <= high + HOLIDAYS_ALLOWED,
            f"expected the refund within {low} to {high} business days of the return's acceptance on {accepted}, "
            f"{ret.where} expects it in {earliest} to {latest} business days ({refund.expected_from} to {refund.expected_to})",
            f"the refund is expected within {high} business days of acceptance "
            f"({refund.expected_from} to {refund.expected_to})")
    return check


def refund_time_the_same_everywhere():
    """The return page, the chatbot and the refund e-mail state the policy's refund time, and the
    e-mail expects the refund on the days the return page does."""
    def check(actor: Actor) -> None:
        ret, policy_days = actor.recall("return"), tuple(actor.policy.refunds.business_days)
        if not ret.accepted:
            return
        stated = [(ret.where, ret.refund_time), ("the chatbot's answer", actor.recall("chatbot refund time"))]
        mail = actor.recall("refund mail")
        if actor.expects_true("CS-3", mail is not None, "expected a refund e-mail for the accepted return, the mailbox has none",
                              "a refund e-mail was sent"):
            stated.append(("the refund e-mail", mail.refund_time))
        for where, said in stated:
            shown = None if said is None else _days(said.days) if said.days else f"no single time: {_said(said.text)}"
            actor.expects("CS-3", "refund time", _days(policy_days), shown, where)
        if mail is not None and mail.refund is not None and ret.refund is not None:
            page_days = f"{ret.refund.expected_from} to {ret.refund.expected_to}"
            mail_days = f"{mail.refund.expected_from} to {mail.refund.expected_to}"
            actor.expects("CS-3", "refund dates", f"{page_days} (as on {ret.where.removeprefix('the ')})", mail_days,
                          "the refund e-mail", same=lambda want, shown: want.split(" (")[0] == shown)
    return check


# --------------------------------------------------------------------------- AS-4 warranty


def warranty_claims_accepted_without_fees():
    """Every warranty claim made inside the warranty period is accepted, and charged nothing."""
    def check(actor: Actor) -> None:
        months = actor.policy.warranty.months
        for days, claim in actor.recall("warranty claims"):
            when = f"{days} days after delivery ({months}-month warranty)"
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
    return check


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


def personal_data_masked_as_the_policy_says():
    """The order, return and ticket pages show phone, e-mail and card masked where the market's
    privacy policy says so, even to their owner."""
    def check(actor: Actor) -> None:
        order = actor.recall("order")
        typed = {"phone": order.phone, "email": order.email, "card": order.card_number}
        pages = [("the order page", actor.recall("order page").contact), ("the ticket page", actor.recall("ticket page").contact)]
        ret = actor.recall("return")
        if ret.ref:
            pages.append((ret.where, ret.contact))
        for field in actor.policy.privacy.masked:
            for where, contact in pages:
                shown = contact[field]
                if not shown:
                    continue  # not shown at all: nothing to mask
                actor.expects_true("PD-2", masked(field, typed[field], shown),
                                   f"expected the {field} masked, {where} shows {shown}",
                                   f"{where} shows the {field} masked ({shown})")
    return check


def refused_to_another_customer():
    """Another customer gets nothing of the persona's order, return or ticket: every page and API
    answer is refused as if it did not exist (404)."""
    def check(actor: Actor) -> None:
        for opened in actor.recall("opened by another customer"):
            actor.expects_true("PD-2", not opened.shown and opened.status == 404,
                               f"expected {opened.where} refused to another customer (404), "
                               + (f"it opens for them ({opened.status})" if opened.shown else f"it answers {opened.status}"),
                               f"{opened.where} is refused to another customer ({opened.status})")
    return check
