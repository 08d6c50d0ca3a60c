"""The support checks in both directions, without a browser: a clean shop's observations
(`clean_shop.py`) with one thing changed the way a broken shop shows it, and the finding that
names what the policy expects and what the shop showed (issue 17: channels and languages beyond
the policy, the first-response target both ways, every promised open day, the ticket's language)."""
from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from harness.expectations.support import (HOLIDAYS_ALLOWED, earliest_answer, first_response_target_as_the_policy_states,
                                          latest_answer, promise_in_its_time_zone_within_opening_hours,
                                          support_hours_in_its_time_zone, support_lists_what_the_policy_promises,
                                          ticket_in_its_language)
from harness.screenplay import FAILED, NOT_CHECKED, PASSED, Actor
from harness.screenplay.checks import run_check
from harness.shop.capabilities import ALL, Capability
from harness.shop.support import Opening

from .check_actors import POLICY, clean_actor, replace, said
from .clean_shop import NOW

BERLIN = ZoneInfo("Europe/Berlin")


def actor_for(market: str, offers=ALL, **changed) -> Actor:
    return clean_actor("support", market, offers, **changed)


# ---------------------------------------------------------------------------- SA-4, CS-3 channels and languages

LISTS = support_lists_what_the_policy_promises()


def test_the_policys_channels_and_languages_pass():
    outcome = run_check(actor_for("DE"), LISTS)
    assert outcome.status == PASSED, said(outcome)


def test_a_phone_line_the_policy_does_not_promise_is_a_finding_on_both_pages():
    phone = ["help_centre", "chat", "email", "callback", "phone"]
    actor = actor_for("BE", contact=replace(channels=phone), help_centre=replace(channels=phone))
    assert said(run_check(actor, LISTS)) == [
        "expected no support channel beyond Belgium's policy (help_centre, chat, email, callback), "
        "the contact page also lists phone (SA-4)",
        "expected no support channel beyond Belgium's policy (help_centre, chat, email, callback), "
        "the help centre also lists phone (CS-3)"]


def test_a_language_beyond_the_policy_is_a_finding_and_a_promised_one_left_out_too():
    actor = actor_for("BE", contact=replace(languages=["nl", "en"]), help_centre=replace(languages=["nl", "fr", "en"]))
    assert said(run_check(actor, LISTS)) == [
        "expected no support language beyond Belgium's policy (nl, fr), the contact page also lists en (SA-4)",
        "expected support languages nl, fr, the contact page leaves out fr (SA-4)",
        "expected no support language beyond Belgium's policy (nl, fr), the help centre also lists en (CS-3)"]


def test_a_help_centre_that_leaves_out_a_promised_channel_is_a_finding():
    actor = actor_for("DE", help_centre=replace(channels=["help_centre", "chat", "email"]))
    assert said(run_check(actor, LISTS)) == [
        "expected support channels help_centre, chat, email, callback, the help centre leaves out callback (CS-3)"]


def test_languages_compare_by_language_and_script_not_region():
    actor = actor_for("DE", contact=replace(languages=["de-DE", "en-GB"]))
    assert run_check(actor, LISTS).status == PASSED
    actor = actor_for("TW", contact=replace(languages=["zh-Hans"]))
    assert said(run_check(actor, LISTS))[0].startswith(
        "expected no support language beyond Taiwan's policy (zh-Hant), the contact page also lists zh-Hans (SA-4)")


def test_a_contact_page_that_refuses_the_region_is_a_gap_here():
    actor = actor_for("DE", contact=replace(refusal="No customer service for your region", channels=[], languages=[]))
    outcome = run_check(actor, LISTS)
    assert outcome.status == PASSED and outcome.gaps == [
        "the contact page's channels and languages: the contact page refuses the persona's region (SA-4 says so)"]


def test_a_page_the_adapter_cannot_read_is_a_gap():
    outcome = run_check(actor_for("DE", offers=ALL - {Capability.HELP_CENTRE}), LISTS)
    assert outcome.status == PASSED
    assert outcome.gaps == [f"the help centre: {Capability.HELP_CENTRE.lacking}"]


# ---------------------------------------------------------------------------- CS-6 first-response target

TARGET = first_response_target_as_the_policy_states()


def test_the_policys_first_response_target_passes():
    assert run_check(actor_for("FR"), TARGET).status == PASSED


def test_a_later_or_sooner_target_is_a_finding():
    actor = actor_for("FR", help_centre=replace(first_response_hours=72), contact=replace(first_response_hours=12))
    assert said(run_check(actor, TARGET)) == [
        "expected a first response within 24 business hours, the contact page shows 12 business hours (CS-6)",
        "expected a first response within 24 business hours, the help centre shows 72 business hours (CS-6)"]


def test_a_page_that_states_no_target_is_a_gap_and_none_at_all_not_checked():
    outcome = run_check(actor_for("FR", help_centre=replace(first_response_hours=None)), TARGET)
    assert outcome.status == PASSED and outcome.gaps == ["the help centre's first-response target: the help centre states none"]
    outcome = run_check(actor_for("FR", help_centre=replace(first_response_hours=None),
                                  contact=replace(first_response_hours=None)), TARGET)
    assert outcome.status == NOT_CHECKED and "states none" in outcome.why


# ---------------------------------------------------------------------------- CS-6 reply-by time, both bounds

REPLY_BY = promise_in_its_time_zone_within_opening_hours()


def test_the_latest_answer_allows_a_working_week_of_holidays_and_no_more():
    policy = POLICY["DE"]  # Mon-Fri 08-20, Sat 09-14, 12 business hours
    opened = NOW  # Wednesday 2 December 2026, 11:00 in Berlin
    assert earliest_answer(policy, opened) == dt.datetime(2026, 12, 3, 11, 0, tzinfo=BERLIN)
    # 12 hours and 5 days of 12 hours: Wed 9, Thu 12, Fri 12, Sat 5, Mon 12, Tue 12, Wed 10
    assert HOLIDAYS_ALLOWED == 5
    assert latest_answer(policy, opened) == dt.datetime(2026, 12, 9, 18, 0, tzinfo=BERLIN)


def test_a_reply_by_time_two_weeks_out_is_a_finding():
    def two_weeks_later(ack):
        return dataclasses.replace(ack, promised_by=ack.promised_by + dt.timedelta(days=14))

    actor = actor_for("DE", handoff=two_weeks_later)
    assert said(run_check(actor, REPLY_BY)) == [
        "expected a reply-by time within 12 business hours of the request (Wed 2026-12-09 18:00 Europe/Berlin at the "
        "latest, allowing 5 days of public holidays), the acknowledgement shows Thu 2026-12-17 11:00 (CS-6)"]


def test_a_reply_by_time_pushed_back_by_a_holiday_passes():
    def a_day_later(ack):
        return dataclasses.replace(ack, promised_by=ack.promised_by + dt.timedelta(days=1))

    assert run_check(actor_for("DE", handoff=a_day_later), REPLY_BY).status == PASSED


# ---------------------------------------------------------------------------- CS-6 every promised open day

HOURS = support_hours_in_its_time_zone()


def _without_saturday(contact):
    return dataclasses.replace(contact, openings=[o for o in contact.openings if o.opens.weekday() != 5])


def test_a_promised_open_day_left_off_the_contact_page_is_a_finding():
    actor = actor_for("DE", contact=_without_saturday)
    assert said(run_check(actor, HOURS)) == [
        "expected opening hours Mon–Fri 08:00–20:00, Sat 09:00–14:00 (Europe/Berlin), the contact page shows "
        "Mon–Fri 08:00–20:00 (Europe/Berlin) (CS-6)"]


def test_a_day_shown_closed_for_a_public_holiday_is_no_finding():
    def closed_for_a_holiday(contact):
        saturday = next(o.opens.date() for o in contact.openings if o.opens.weekday() == 5)
        return dataclasses.replace(_without_saturday(contact), holidays=[saturday])

    assert run_check(actor_for("DE", contact=closed_for_a_holiday), HOURS).status == PASSED


def test_a_day_the_policy_does_not_open_shown_open_is_still_a_finding():
    def open_on_sunday(contact):
        sunday = dt.datetime(2026, 12, 6, 10, 0, tzinfo=BERLIN)
        return dataclasses.replace(contact, openings=[*contact.openings, Opening(sunday, sunday + dt.timedelta(hours=4))])

    assert run_check(actor_for("DE", contact=open_on_sunday), HOURS).status == FAILED


# ---------------------------------------------------------------------------- CS-7 the ticket's language

TICKET_LANGUAGE = ticket_in_its_language()


def test_a_ticket_in_its_language_passes_and_in_english_is_a_finding():
    assert run_check(actor_for("DE"), TICKET_LANGUAGE).status == PASSED
    actor = actor_for("DE", escalated=replace(language="en"))
    assert said(run_check(actor, TICKET_LANGUAGE)) == [
        "expected ticket page language de, the escalated ticket's page shows en (CS-7)"]
