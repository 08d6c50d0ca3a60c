"""What the shop says about a return, refund or warranty claim, in a reader's language.

Pages, API answers and e-mails all word decisions and quote the policy through these, each
with the policy facts of its own channel (policy.py). Periods are CLDR units, so
"14 days" takes each language's plural form.
"""
from __future__ import annotations

import datetime as dt

from babel.units import format_unit

from ..i18n import Formatter
from ..policy import PolicyFacts
from .models import ReturnRequest, WarrantyClaim
from .operations import return_last_day, warranty_last_day


def period(fmt: Formatter, value: int, unit: str) -> str:
    """`unit`: "day" or "month". Babel falls back to the bare unit id ("14 day") where a
    locale has no long pattern; the short one is then the right word."""
    for length in ("long", "short"):
        text = format_unit(value, f"duration-{unit}", length=length, locale=fmt.locale)
        if "duration-" not in text and text != f"{value} {unit}":
            return text
    return format_unit(value, f"duration-{unit}", length="short", locale="en")


def return_policy(fmt: Formatter, facts: PolicyFacts, delivered: dt.date) -> str:
    return fmt._("Return period: {period} from delivery. Delivered on {delivered}; last day for a return: {last_day}.").format(
        period=period(fmt, facts.return_days, "day"), delivered=fmt.date(delivered),
        last_day=fmt.date(return_last_day(delivered, facts.return_days)))


def reason_policy(fmt: Formatter, facts: PolicyFacts) -> str:
    if facts.return_reason_required:
        return fmt._("A reason is needed for a return.")
    return fmt._("No reason is needed for a return.")


def return_decision(fmt: Formatter, ret: ReturnRequest, facts: PolicyFacts) -> str:
    if ret.status == "accepted":
        return fmt._("Your return {ref} has been accepted.").format(ref=ret.ref)
    return fmt._("Your return {ref} has been refused: the return period ended on {last_day}.").format(
        ref=ret.ref, last_day=fmt.date(return_last_day(ret.delivered_on, facts.return_days)))


def refund_policy(fmt: Formatter, facts: PolicyFacts) -> str:
    low, high = facts.refund_business_days
    return fmt._("Refunds are paid within {low}–{high} business days of the return's acceptance.").format(
        low=fmt.number(low), high=fmt.number(high))


def refund_expected(fmt: Formatter, ret: ReturnRequest) -> str:
    return fmt._("Refund of {amount}: expected between {start} and {end}.").format(
        amount=fmt.money(ret.refund_amount, ret.currency), start=fmt.date(ret.refund_from), end=fmt.date(ret.refund_to))


def warranty_policy(fmt: Formatter, facts: PolicyFacts, delivered: dt.date) -> str:
    return fmt._("Warranty: {period} from delivery. Delivered on {delivered}; covered until {last_day}.").format(
        period=period(fmt, facts.warranty_months, "month"), delivered=fmt.date(delivered),
        last_day=fmt.date(warranty_last_day(delivered, facts.warranty_months)))


def warranty_decision(fmt: Formatter, claim: WarrantyClaim, facts: PolicyFacts) -> str:
    if claim.status == "accepted":
        return fmt._("Your warranty claim {ref} has been accepted: we will repair or replace the item.").format(ref=claim.ref)
    return fmt._("Your warranty claim {ref} has been refused: the warranty period ended on {last_day}.").format(
        ref=claim.ref, last_day=fmt.date(warranty_last_day(claim.delivered_on, facts.warranty_months)))


def warranty_fee(fmt: Formatter, claim: WarrantyClaim) -> str:
    if claim.fee:
        return fmt._("A fee of {amount} is charged for this claim.").format(amount=fmt.money(claim.fee, claim.currency))
    return fmt._("No fee is charged for this claim.")
