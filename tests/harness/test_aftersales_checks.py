"""The after-sales checks at their edges, without a browser: a clean shop's observations
(`clean_shop.py`) with one thing changed the way a broken shop shows it (issue 17: a return on
the window's last day, warranty claims on the period's last day and the day after, in calendar
months; the period an acceptance quotes; the refund e-mail's language)."""
from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from harness.expectations.aftersales import (masked, personal_data_masked_as_the_policy_says,
                                             refund_comes_when_promised, refund_mail_in_its_language,
                                             refund_time_the_same_everywhere, refused_to_another_customer,
                                             return_accepted_inside_the_window,
                                             return_refused_after_the_window_quoting_the_policy,
                                             warranty_claim_refused_after_the_period,
                                             warranty_claims_accepted_without_fees)
from harness.policy.model import Calendar
from harness.screenplay import NOT_CHECKED, NOT_PROMISED, PASSED, Actor
from harness.screenplay.checks import run_check
from harness.shop.aftersales import Opened, Shown, StatedRefundTime
from harness.shop.capabilities import ALL, Capability
from harness.shop.catalogue import Price
from harness.tasks.aftersales import (CHATBOT_REFUND_TIME, DELIVERED_ON, OPENED_BY_STRANGER, ORDER, ORDER_PAGE,
                                      REFUND_MAIL, WARRANTY_CLAIMS, add_months, days_to_the_warranty_end)
from harness.tasks.aftersales import RETURN as RETURN_ASKED  # RETURN is the check here

from .check_actors import POLICY, clean_actor, filed, policy_of, replace, said, unobserved
from .clean_shop import return_after_the_window



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
    assert filed(actor, run_check(actor, ACCEPTED)) == [
        f"expected the warranty claim accepted {made.days} days after delivery, the last day of its 24-month warranty "
        f"({made.claimed_on}), the warranty page shows it refused: Refused: the warranty ended (AS-4)"]


def test_a_claim_accepted_after_the_period_is_a_finding():
    actor = actor_for("SE", warranty_claims=_claim(2, accepted=True, text="Accepted"))
    made = actor.seen[WARRANTY_CLAIMS][2]
    last_day = add_months(made.delivered_on, 24)
    assert filed(actor, run_check(actor, REFUSED)) == [
        f"expected the warranty claim refused {made.days} days after delivery, the day after its 24-month warranty "
        f"ended on {last_day}, the warranty page shows it accepted: Accepted (AS-4)"]


def test_a_refusal_must_quote_the_period_and_its_last_day():
    actor = actor_for("SE", warranty_claims=_claim(2, period_months=None, last_day=None))
    made = actor.seen[WARRANTY_CLAIMS][2]
    assert filed(actor, run_check(actor, REFUSED)) == [
        "expected the refusal to quote a warranty of 24 months, the warranty page shows nothing (AS-4)",
        f"expected the refusal to quote the warranty's last day {add_months(made.delivered_on, 24)}, "
        "the warranty page shows nothing (AS-4)"]


def test_an_acceptance_quoting_another_period_is_a_finding_and_quoting_none_a_gap():
    actor = actor_for("SE", warranty_claims=_claim(0, period_months=12))
    assert filed(actor, run_check(actor, ACCEPTED)) == [
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
    assert filed(actor, run_check(actor, RETURN)) == [
        "expected the return accepted 14 days after delivery (return period 14 days, no reason needed), "
        "the return page shows it refused: Refused (AS-1)"]


def test_an_acceptance_quoting_another_return_period_is_a_finding():
    actor = actor_for("IT", **{"return": replace(period_days=13)})
    assert filed(actor, run_check(actor, RETURN)) == [
        "expected the acceptance to quote a return period of 14 days, the return page shows 13 days (AS-1)"]


# ---------------------------------------------------------------------------- CS-7 the refund e-mail

MAIL_LANGUAGE = refund_mail_in_its_language()


def test_a_refund_mail_in_its_language_passes_and_in_another_is_a_finding():
    assert run_check(actor_for("SE"), MAIL_LANGUAGE).status == PASSED
    actor = actor_for("SE", refund_mail=replace(language="en"))
    assert filed(actor, run_check(actor, MAIL_LANGUAGE)) == ["expected e-mail language sv, the refund e-mail shows en (CS-7)"]


def test_a_refund_mail_whose_language_cannot_be_judged_is_not_checked():
    outcome = run_check(actor_for("SE", refund_mail=replace(language=None)), MAIL_LANGUAGE)
    assert outcome.status == NOT_CHECKED and "too few to judge" in outcome.why


# ============================================================================ the rest of after-sales, one check at a time
#
# `filed` (check_actors.py) also asserts each finding names the persona of the market and the
# journey, and files under a catalogue id the check declares.


def status(outcome) -> tuple[str, str]:
    return outcome.status, outcome.why


def de_actor(offers=ALL, policy=None, **changed) -> Actor:
    """DE's walker after sales: delivered on 18 November 2026, a return asked for on 2 December,
    the last of its 14 days, accepted with a refund expected 7 to 9 December (3 to 5 business days)."""
    return clean_actor("after-sales", "DE", offers, policy=policy, **changed)


def _refund(**fields):
    return lambda ret: dataclasses.replace(ret, refund=dataclasses.replace(ret.refund, **fields))


# ---------------------------------------------------------------------------- AS-1 inside the window, more ways

def test_a_return_on_the_window_s_last_day_accepted_quoting_the_policy_passes():
    outcome = run_check(de_actor(), RETURN)
    assert outcome.status == PASSED and len(outcome.seen) == 3, said(outcome)


def test_a_return_the_form_would_not_take_or_an_acceptance_quoting_another_last_day_is_a_finding():
    actor = de_actor(**{"return": replace(accepted=False, ref=None, text="Bitte geben Sie einen Grund an")})
    assert filed(actor, run_check(actor, RETURN)) == [
        "expected the return accepted 14 days after delivery (return period 14 days, no reason needed), "
        "the return page refuses it: Bitte geben Sie einen Grund an (AS-1)"]
    actor = de_actor(**{"return": replace(last_day=dt.date(2026, 12, 1))})
    assert filed(actor, run_check(actor, RETURN)) == [
        "expected the acceptance to quote the last day for a return 2026-12-02, the return page shows 2026-12-01 (AS-1)"]


def test_an_acceptance_quoting_no_period_is_a_gap_and_no_returns_promised_none():
    outcome = run_check(de_actor(**{"return": replace(period_days=None, last_day=None)}), RETURN)
    assert outcome.status == PASSED and outcome.gaps == [
        "the return period on the return page: the return page quotes none",
        "the last day for a return on the return page: the return page quotes none"]
    outcome = run_check(de_actor(policy=policy_of("DE", returns=None, refunds=None)), RETURN)
    assert status(outcome) == (NOT_PROMISED, "the policy promises no returns")


# ---------------------------------------------------------------------------- AS-1 after the window

RETURN_LATE = return_refused_after_the_window_quoting_the_policy()


def late_actor(**changed) -> Actor:
    """DE's walker asking for a return 15 days after delivery, one day after its window."""
    return clean_actor("after-sales", "DE", scene=return_after_the_window, **changed)


def test_a_return_after_the_window_refused_quoting_the_period_and_its_last_day_passes():
    outcome = run_check(late_actor(), RETURN_LATE)
    assert outcome.status == PASSED and len(outcome.seen) == 3, said(outcome)


def test_a_return_after_the_window_accepted_or_not_decided_is_a_finding():
    actor = late_actor(**{"return": replace(accepted=True, text="Accepted")})
    assert filed(actor, run_check(actor, RETURN_LATE)) == [
        "expected the return refused 15 days after delivery (return period 14 days), the return page shows it "
        "accepted: Accepted (AS-1)"]
    actor = late_actor(**{"return": replace(ref=None, text="Etwas ist schiefgelaufen")})
    assert filed(actor, run_check(actor, RETURN_LATE)) == [
        "expected the return refused 15 days after delivery (return period 14 days), the return page answers: "
        "Etwas ist schiefgelaufen (AS-1)"]


def test_a_refusal_that_does_not_quote_the_period_or_its_last_day_is_a_finding():
    actor = late_actor(**{"return": replace(period_days=None, last_day=None)})
    assert filed(actor, run_check(actor, RETURN_LATE)) == [
        "expected the refusal to quote a return period of 14 days, the return page shows nothing (AS-1)",
        "expected the refusal to quote the last day for a return 2026-12-01, the return page shows nothing (AS-1)"]


def test_no_returns_promised_no_refusal_promised():
    outcome = run_check(de_actor(policy=policy_of("DE", returns=None, refunds=None)), RETURN_LATE)
    assert status(outcome) == (NOT_PROMISED, "the policy promises no returns")


# ---------------------------------------------------------------------------- AS-2 the refund when promised

REFUND_WHEN = refund_comes_when_promised()


def test_a_refund_within_the_policy_s_business_days_passes():
    assert run_check(de_actor(), REFUND_WHEN).seen == [
        "the accepted return has its refund scheduled",
        "the refund is expected within 5 business days of acceptance (2026-12-07 to 2026-12-09)"]


def test_a_refund_a_business_day_late_is_a_finding():
    actor = de_actor(**{"return": _refund(expected_to=dt.date(2026, 12, 10))})  # 6 business days
    assert filed(actor, run_check(actor, REFUND_WHEN)) == [
        "expected the refund within 3 to 5 business days of the return's acceptance on 2026-12-02, the return page "
        "expects it in 3 to 6 business days (2026-12-07 to 2026-12-10) (AS-2)"]
    actor = de_actor(**{"return": _refund(expected_to=dt.date(2026, 12, 17))})  # 11 business days
    assert filed(actor, run_check(actor, REFUND_WHEN)) == [
        "expected the refund within 3 to 5 business days of the return's acceptance on 2026-12-02, the return page "
        "expects it in 3 to 11 business days (2026-12-07 to 2026-12-17) (AS-2)"]


def test_a_refund_counts_the_market_s_public_holidays():
    """Accepted on Wednesday 1 October 2025, a refund by Thursday 9 October is within 5 business
    days: Friday 3 October is German Unity Day. Counted without the holiday it is 6 days late."""
    accepted = dt.date(2025, 10, 1)

    def refunded(policy=None):
        def accepted_then(ret):
            refund = dataclasses.replace(ret.refund, expected_from=dt.date(2025, 10, 7), expected_to=dt.date(2025, 10, 9))
            return dataclasses.replace(ret, requested_on=accepted, refund=refund)
        return de_actor(policy=policy, **{"return": accepted_then})

    assert POLICY["DE"].workdays.between(accepted, dt.date(2025, 10, 9)) == 5
    assert run_check(refunded(), REFUND_WHEN).status == PASSED
    working = policy_of("DE", calendar=Calendar(open=[dt.date(2025, 10, 3)]))
    actor = refunded(working)
    assert filed(actor, run_check(actor, REFUND_WHEN)) == [
        "expected the refund within 3 to 5 business days of the return's acceptance on 2025-10-01, the return page "
        "expects it in 4 to 6 business days (2025-10-07 to 2025-10-09) (AS-2)"]


def test_no_refund_scheduled_is_a_finding():
    actor = de_actor(**{"return": replace(refund=None)})
    assert filed(actor, run_check(actor, REFUND_WHEN)) == [
        "expected a refund scheduled for the accepted return, the return page shows none (AS-2)"]


def test_a_refund_is_not_checked_for_a_refused_return_or_without_refunds_and_not_promised_without_a_time():
    outcome = run_check(de_actor(**{"return": replace(accepted=False)}), REFUND_WHEN)
    assert status(outcome) == (NOT_CHECKED, "the return was not accepted (the return window check says so)")
    outcome = run_check(de_actor(offers=ALL - {Capability.REFUNDS}), REFUND_WHEN)
    assert status(outcome) == (NOT_CHECKED, "the adapter reads no refunds")
    outcome = run_check(de_actor(policy=policy_of("DE", refunds=None)), REFUND_WHEN)
    assert status(outcome) == (NOT_PROMISED, "the policy promises no refund time")


# ---------------------------------------------------------------------------- CS-3 the refund time on every channel

REFUND_SAME = refund_time_the_same_everywhere()


def test_the_policy_s_refund_time_on_every_channel_passes():
    outcome = run_check(de_actor(), REFUND_SAME)
    assert outcome.status == PASSED, said(outcome)
    assert {s.split(": expected")[0] for s in outcome.seen} >= {"refund time", "refund dates"}


def test_another_refund_time_on_a_channel_is_a_finding_naming_the_channel():
    actor = de_actor(chatbot_refund_time=StatedRefundTime((10, 15), "10 to 15 business days"),
                     **{"return": replace(refund_time=None)})
    assert filed(actor, run_check(actor, REFUND_SAME)) == [
        "expected refund time 3 to 5 business days, the return page shows nothing (CS-3)",
        "expected refund time 3 to 5 business days, the chatbot's answer shows 10 to 15 business days (CS-3)"]
    actor = de_actor(chatbot_refund_time=StatedRefundTime(None, "It depends on your bank"))
    assert filed(actor, run_check(actor, REFUND_SAME)) == [
        "expected refund time 3 to 5 business days, the chatbot's answer shows no single time: It depends on your "
        "bank (CS-3)"]


def test_no_refund_mail_or_one_with_other_dates_is_a_finding():
    actor = de_actor(refund_mail=None)
    assert filed(actor, run_check(actor, REFUND_SAME)) == [
        "expected a refund e-mail for the accepted return, the mailbox has none (CS-3)"]
    actor = de_actor(refund_mail=lambda mail: dataclasses.replace(
        mail, refund=dataclasses.replace(mail.refund, expected_to=dt.date(2026, 12, 10))))
    assert filed(actor, run_check(actor, REFUND_SAME)) == [
        "expected refund dates 2026-12-07 to 2026-12-09 (as on return page), the refund e-mail shows 2026-12-07 to "
        "2026-12-10 (CS-3)"]


@pytest.mark.parametrize("made", [REFUND_WHEN, REFUND_SAME, MAIL_LANGUAGE], ids=lambda made: made.name)
def test_no_refund_time_or_no_returns_promised_promises_no_refund(made):
    outcome = run_check(de_actor(policy=policy_of("DE", refunds=None)), made)
    assert status(outcome) == (NOT_PROMISED, "the policy promises no refund time")
    outcome = run_check(de_actor(policy=policy_of("DE", returns=None)), made)
    assert status(outcome) == (NOT_PROMISED, "the policy promises no returns")


def test_a_chatbot_the_adapter_cannot_ask_is_a_gap_and_a_refused_return_not_checked():
    outcome = run_check(de_actor(offers=ALL - {Capability.CHATBOT}), REFUND_SAME)
    assert outcome.status == PASSED and outcome.gaps == ["the chatbot's answer: the adapter has no chatbot"]
    outcome = run_check(de_actor(**{"return": replace(accepted=False)}), REFUND_SAME)
    assert status(outcome) == (NOT_CHECKED, "the return was not accepted (the return window check says so)")


# ---------------------------------------------------------------------------- CS-7 the refund e-mail, more ways

def test_no_refund_mail_or_no_mailbox_leaves_its_language_not_checked():
    outcome = run_check(de_actor(refund_mail=None), MAIL_LANGUAGE)
    assert status(outcome) == (NOT_CHECKED, "no refund e-mail arrived (the refund time check says so)")
    outcome = run_check(de_actor(offers=ALL - {Capability.MAILBOX}), MAIL_LANGUAGE)
    assert status(outcome) == (NOT_CHECKED, "the adapter reads no mailbox")


# ---------------------------------------------------------------------------- AS-4 warranty, more ways

def test_a_warranty_claim_charged_a_fee_is_a_finding():
    fee = Price(Decimal("49.00"), "EUR", "49,00 €")
    actor = actor_for("DE", warranty_claims=_claim(0, fee=dataclasses.replace(fee, text="Diagnosis fee")))
    assert filed(actor, run_check(actor, ACCEPTED)) == [
        "expected no fee for the warranty claim 30 days after delivery, the warranty page charges 49.00 EUR: "
        "Diagnosis fee (AS-4)"]


def test_no_claim_inside_the_period_is_not_checked_and_no_warranty_promises_none():
    outcome = run_check(actor_for("DE", warranty_claims=lambda claims: claims[2:]), ACCEPTED)
    assert status(outcome) == (NOT_CHECKED, "no warranty claim was made inside the warranty period")
    for made in (ACCEPTED, REFUSED):
        outcome = run_check(de_actor(policy=policy_of("DE", warranty=None)), made)
        assert status(outcome) == (NOT_PROMISED, "the policy promises no warranty")


# ---------------------------------------------------------------------------- PD-2 masked on every after-sales page

MASKED = personal_data_masked_as_the_policy_says()


def test_every_page_masking_what_the_policy_masks_passes():
    outcome = run_check(de_actor(), MASKED)
    assert outcome.status == PASSED and len(outcome.seen) == 9  # phone, e-mail, card on three pages


def test_a_page_showing_a_masked_field_whole_is_a_finding_naming_the_page():
    order = de_actor().recall(ORDER)
    actor = de_actor(order_page=replace(contact=Shown({"phone": order.phone})),
                     ticket_page=replace(contact=Shown({"email": order.email})),
                     **{"return": replace(contact=Shown({"card": order.card_number}))})
    assert filed(actor, run_check(actor, MASKED)) == [
        f"expected the phone masked, the order page shows {order.phone} (PD-2)",
        f"expected the email masked, the ticket page shows {order.email} (PD-2)",
        f"expected the card masked, the return page shows {order.card_number} (PD-2)"]


def test_what_the_policy_does_not_mask_a_field_not_shown_and_a_page_not_read_pass():
    us = clean_actor("after-sales", "US")  # the US masks phone and card, not the e-mail
    email = us.recall(ORDER).email
    us.seen[ORDER_PAGE] = dataclasses.replace(us.seen[ORDER_PAGE], contact=Shown({"email": email}))
    assert run_check(us, MASKED).status == PASSED
    outcome = run_check(de_actor(offers=ALL - {Capability.TICKETS}), MASKED)
    assert outcome.status == PASSED and outcome.gaps == ["the ticket page: the adapter has no ticket desk"]


def test_a_policy_masking_nothing_promises_no_masking():
    outcome = run_check(de_actor(policy=policy_of("DE", privacy=POLICY["DE"].privacy.model_copy(update={"masked": []}))),
                        MASKED)
    assert status(outcome) == (NOT_PROMISED, "the policy masks no customer data")


@pytest.mark.parametrize("field, value, shown, hidden", [
    ("phone", "+4915906909187", "+4••••••••••87", True),
    ("phone", "+4915906909187", "+491590690••••", False),  # more than half the digits visible
    ("phone", "+4915906909187", "+49 159 0690 9187", False),
    ("card", "5555555555554444", "•••• 4444", True),
    ("email", "jo.ru@example.net", "jo•••@example.net", True),
    ("email", "jo.ru@example.net", "JO.RU@example.net", False),
    ("email", "jo.ru@example.net", "jo.ru@•••", False),  # the name before the @ is the address
    ("phone", "+4915906909187", "", True),  # not shown: nothing to mask
])
def test_masked_keeps_a_value_unreadable(field, value, shown, hidden):
    assert masked(field, value, shown) is hidden


# ---------------------------------------------------------------------------- PD-2 refused to another customer

STRANGER = refused_to_another_customer()


def test_every_way_in_refused_to_another_customer_passes():
    assert run_check(de_actor(), STRANGER).seen == ["the order page is refused to another customer (404)",
                                                    "the order API is refused to another customer (404)"]


def test_a_way_in_that_opens_for_another_customer_or_answers_otherwise_is_a_finding():
    actor = de_actor(opened_by_another_customer=[Opened("the order page", 403, False), Opened("the order API", 200, True)])
    assert filed(actor, run_check(actor, STRANGER)) == [
        "expected the order page refused to another customer (404), it answers 403 (PD-2)",
        "expected the order API refused to another customer (404), it opens for them (200) (PD-2)"]


def test_no_way_in_tried_is_not_checked():
    outcome = run_check(de_actor(opened_by_another_customer=[]), STRANGER)
    assert status(outcome) == (NOT_CHECKED, "it had nothing to compare")


# ---------------------------------------------------------------------------- nothing observed: not checked

@pytest.mark.parametrize("made, key, why", [
    (RETURN, RETURN_ASKED, Capability.RETURNS.lacking),
    (RETURN, DELIVERED_ON, Capability.MARK_DELIVERED.lacking),
    (RETURN_LATE, RETURN_ASKED, Capability.RETURNS.lacking),
    (REFUND_WHEN, RETURN_ASKED, Capability.RETURNS.lacking),
    (REFUND_SAME, CHATBOT_REFUND_TIME, "the journey stopped: the chatbot did not answer"),
    (MAIL_LANGUAGE, REFUND_MAIL, "the journey stopped: the mailbox did not answer"),
    (ACCEPTED, WARRANTY_CLAIMS, Capability.WARRANTY.lacking),
    (REFUSED, WARRANTY_CLAIMS, Capability.WARRANTY.lacking),
    (MASKED, ORDER_PAGE, Capability.ORDER_PAGE.lacking),
    (STRANGER, OPENED_BY_STRANGER, Capability.ORDER_PAGE.lacking),
], ids=lambda v: getattr(v, "name", "") if not isinstance(v, str) else "")
def test_a_check_whose_observation_was_not_made_is_not_checked_with_the_journey_s_reason(made, key, why):
    outcome = run_check(unobserved(de_actor(), key, why), made)
    assert status(outcome) == (NOT_CHECKED, why)
