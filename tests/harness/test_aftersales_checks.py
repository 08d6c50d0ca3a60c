"""The after-sales checks at their edges, without a browser: a clean shop's observations
(`clean_shop.py`) with one thing changed the way a broken shop shows it (issue 17: a return on
the window's last day, warranty claims on the period's last day and the day after, in calendar
months; the period an acceptance quotes; the refund e-mail's language)."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from harness.expectations.aftersales import (refund_mail_in_its_language, return_accepted_inside_the_window,
                                             warranty_claim_refused_after_the_period,
                                             warranty_claims_accepted_without_fees)
from harness.screenplay import NOT_CHECKED, PASSED, Actor
from harness.screenplay.checks import run_check
from harness.tasks.aftersales import WARRANTY_CLAIMS, add_months, days_to_the_warranty_end

from .check_actors import POLICY, clean_actor, replace, said



def actor_for(market: str, **changed) -> Actor:
    return clean_actor("after-sales", market, **changed)


# ---------------------------------------------------------------------------- calendar months


@pytest.mark.parametrize("day, months, expected", [
    (dt.date(2024, 12, 6), 24, dt.date(2026, 12, 6)),
    (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),  # no 31 February: the month's last day
    (dt.date(2026, 2, 28), 24, dt.date(2028, 2, 28)),
    (dt.date(2027, 2, 28), 12, dt.date(2028, 2, 28)),
    (dt.date(2028, 2, 29), 12, dt.date(2029, 2, 28)),
    (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
])
def test_months_are_calendar_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("today", [dt.date(2026, 12, 6), dt.date(2027, 3, 31), dt.date(2028, 2, 29), dt.date(2027, 8, 31)])
@pytest.mark.parametrize("market", ["DE", "BR", "ZA"])  # 24, 3 and 6 months
def test_the_claims_fall_on_the_last_day_covered_and_the_day_after(market, today):
    months = POLICY[market].warranty.months
    days = days_to_the_warranty_end(POLICY[market], today)
    assert add_months(today - dt.timedelta(days=days), months) >= today  # covered
    assert add_months(today - dt.timedelta(days=days + 1), months) < today  # not covered


def test_the_last_day_of_a_24_month_warranty_is_730_or_731_days():
    assert days_to_the_warranty_end(POLICY["DE"], dt.date(2026, 12, 6)) == 730
    assert days_to_the_warranty_end(POLICY["DE"], dt.date(2028, 3, 1)) == 731  # 29 February 2028 on the way


# ---------------------------------------------------------------------------- AS-4 warranty, both ways

ACCEPTED = warranty_claims_accepted_without_fees()
REFUSED = warranty_claim_refused_after_the_period()


def _claim(n: int, **fields):
    """The clean shop's `n`th claim (0: a month in, 1: the last day, 2: the day after) changed."""
    def change(claims):
        claims = list(claims)
        claims[n] = dataclasses.replace(claims[n], outcome=dataclasses.replace(claims[n].outcome, **fields))
        return claims
    return change


def test_a_clean_shop_accepts_up_to_the_last_day_and_refuses_the_day_after():
    actor = actor_for("DE")
    assert run_check(actor, ACCEPTED).status == PASSED
    assert run_check(actor, REFUSED).status == PASSED


def test_a_claim_refused_on_the_last_day_is_a_finding_that_says_so():
    actor = actor_for("SE", warranty_claims=_claim(1, accepted=False, text="Refused: the warranty ended"))
    made = actor.seen[WARRANTY_CLAIMS][1]
    assert said(run_check(actor, ACCEPTED)) == [
        f"expected the warranty claim accepted {made.days} days after delivery, the last day of its 24-month warranty "
        f"({made.claimed_on}), the warranty page shows it refused: Refused: the warranty ended (AS-4)"]


def test_a_claim_accepted_after_the_period_is_a_finding():
    actor = actor_for("SE", warranty_claims=_claim(2, accepted=True, text="Accepted"))
    made = actor.seen[WARRANTY_CLAIMS][2]
    last_day = add_months(made.delivered_on, 24)
    assert said(run_check(actor, REFUSED)) == [
        f"expected the warranty claim refused {made.days} days after delivery, the day after its 24-month warranty "
        f"ended on {last_day}, the warranty page shows it accepted: Accepted (AS-4)"]


def test_a_refusal_must_quote_the_period_and_its_last_day():
    actor = actor_for("SE", warranty_claims=_claim(2, period_months=None, last_day=None))
    made = actor.seen[WARRANTY_CLAIMS][2]
    assert said(run_check(actor, REFUSED)) == [
        "expected the refusal to quote a warranty of 24 months, the warranty page shows nothing (AS-4)",
        f"expected the refusal to quote the warranty's last day {add_months(made.delivered_on, 24)}, "
        "the warranty page shows nothing (AS-4)"]


def test_an_acceptance_quoting_another_period_is_a_finding_and_quoting_none_a_gap():
    actor = actor_for("SE", warranty_claims=_claim(0, period_months=12))
    assert said(run_check(actor, ACCEPTED)) == [
        "expected the acceptance to quote a warranty of 24 months, the warranty page shows 12 months (AS-4)"]
    outcome = run_check(actor_for("SE", warranty_claims=_claim(1, period_months=None)), ACCEPTED)
    assert outcome.status == PASSED
    assert outcome.gaps == ["the warranty period on the warranty page: the warranty page quotes none"]


def test_no_claim_after_the_period_is_not_checked():
    actor = actor_for("SE", warranty_claims=lambda claims: claims[:2])
    outcome = run_check(actor, REFUSED)
    assert (outcome.status, outcome.why) == (NOT_CHECKED, "no warranty claim was made after the warranty period")


# ---------------------------------------------------------------------------- AS-1 the return's last day

RETURN = return_accepted_inside_the_window()


def test_a_return_refused_on_its_last_day_is_a_finding():
    actor = actor_for("IT", **{"return": replace(accepted=False, text="Refused")})
    assert said(run_check(actor, RETURN)) == [
        "expected the return accepted 14 days after delivery (return period 14 days, no reason needed), "
        "the return page shows it refused: Refused (AS-1)"]


def test_an_acceptance_quoting_another_return_period_is_a_finding():
    actor = actor_for("IT", **{"return": replace(period_days=13)})
    assert said(run_check(actor, RETURN)) == [
        "expected the acceptance to quote a return period of 14 days, the return page shows 13 days (AS-1)"]


# ---------------------------------------------------------------------------- CS-7 the refund e-mail

MAIL_LANGUAGE = refund_mail_in_its_language()


def test_a_refund_mail_in_its_language_passes_and_in_another_is_a_finding():
    assert run_check(actor_for("SE"), MAIL_LANGUAGE).status == PASSED
    actor = actor_for("SE", refund_mail=replace(language="en"))
    assert said(run_check(actor, MAIL_LANGUAGE)) == ["expected e-mail language sv, the refund e-mail shows en (CS-7)"]


def test_a_refund_mail_whose_language_cannot_be_judged_is_not_checked():
    outcome = run_check(actor_for("SE", refund_mail=replace(language=None)), MAIL_LANGUAGE)
    assert outcome.status == NOT_CHECKED and "too few to judge" in outcome.why
