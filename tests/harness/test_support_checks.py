"""The support checks in both directions, without a browser: a clean shop's observations
(`clean_shop.py`) with one thing changed the way a broken shop shows it, and the finding that
names what the policy expects and what the shop showed (issue 17: channels and languages beyond
the policy, the first-response target both ways, every promised open day, the ticket's language)."""
from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from harness.expectations.support import (answer_due, answers, channels_agree_with_the_policy,
                                          chatbot_speaks_its_language, chatbot_states_the_policy,
                                          complaints_get_their_remedy,
                                          escalation_keeps_the_conversation, first_response_target_as_the_policy_states,
                                          help_centre_speaks_its_language, one_refund_time,
                                          person_within_reach, promise_in_its_time_zone_within_opening_hours,
                                          request_acknowledged, support_hours_in_its_time_zone,
                                          support_lists_what_the_policy_promises, support_within_reach_in_its_language,
                                          ticket_in_its_language)
from harness.policy.model import Calendar
from harness.screenplay import FAILED, NOT_CHECKED, NOT_PROMISED, PASSED, Actor
from harness.screenplay.checks import run_check
from harness.shop.capabilities import ALL, Capability
from harness.shop.support import ChatReply, Opening, StatedPolicy
from harness.tasks.support import (ACK_MAIL, CHAT, CHAT_LANGUAGE, CHAT_LOG, CONTACT, CONTACT_DETAILS, ESCALATED,
                                   HANDOFF, HELP_CENTRE, NO_PERSON, POLICY_API, REQUESTED_AT, TICKET)

from .check_actors import POLICY, clean_actor, filed, policy_of, replace, said, unobserved
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
    assert filed(actor, run_check(actor, LISTS)) == [
        "expected no support channel beyond Belgium's policy (help_centre, chat, email, callback), "
        "the contact page also lists phone (SA-4)",
        "expected no support channel beyond Belgium's policy (help_centre, chat, email, callback), "
        "the help centre also lists phone (CS-3)"]


def test_a_language_beyond_the_policy_is_a_finding_and_a_promised_one_left_out_too():
    actor = actor_for("BE", contact=replace(languages=["nl", "en"]), help_centre=replace(languages=["nl", "fr", "en"]))
    assert filed(actor, run_check(actor, LISTS)) == [
        "expected no support language beyond Belgium's policy (nl, fr), the contact page also lists en (SA-4)",
        "expected support languages nl, fr, the contact page leaves out fr (SA-4)",
        "expected no support language beyond Belgium's policy (nl, fr), the help centre also lists en (CS-3)"]


def test_a_help_centre_that_leaves_out_a_promised_channel_is_a_finding():
    actor = actor_for("DE", help_centre=replace(channels=["help_centre", "chat", "email"]))
    assert filed(actor, run_check(actor, LISTS)) == [
        "expected support channels help_centre, chat, email, callback, the help centre leaves out callback (CS-3)"]


def test_languages_compare_by_language_and_script_not_region():
    actor = actor_for("DE", contact=replace(languages=["de-DE", "en-GB"]))
    assert run_check(actor, LISTS).status == PASSED
    actor = actor_for("TW", contact=replace(languages=["zh-Hans"]))
    assert filed(actor, run_check(actor, LISTS))[0].startswith(
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
    assert filed(actor, run_check(actor, TARGET)) == [
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


def test_a_first_response_is_due_after_the_target_counted_in_opening_hours():
    policy = POLICY["DE"]  # Mon-Fri 08-20, Sat 09-14, 12 business hours
    opened = NOW  # Wednesday 2 December 2026, 11:00 in Berlin: 9 hours on Wednesday, 3 on Thursday
    assert answer_due(policy, opened) == dt.datetime(2026, 12, 3, 11, 0, tzinfo=BERLIN)


def test_a_first_response_skips_the_market_s_public_holidays():
    # Thursday 2 October 2025, 19:00 in Berlin: 1 hour, Friday 3 October (German Unity Day)
    # closed, 5 hours on Saturday, 6 on Monday
    opened = dt.datetime(2025, 10, 2, 19, 0, tzinfo=BERLIN)
    assert answer_due(POLICY["DE"], opened) == dt.datetime(2025, 10, 6, 14, 0, tzinfo=BERLIN)
    # a calendar that ignored the holiday would have it due on Friday at 19:00
    working = policy_of("DE", calendar=Calendar(open=[dt.date(2025, 10, 3)]))
    assert answer_due(working, opened) == dt.datetime(2025, 10, 3, 19, 0, tzinfo=BERLIN)


def test_a_reply_by_time_two_weeks_out_is_a_finding():
    def two_weeks_later(ack):
        return dataclasses.replace(ack, promised_by=ack.promised_by + dt.timedelta(days=14))

    actor = actor_for("DE", handoff=two_weeks_later)
    assert filed(actor, run_check(actor, REPLY_BY)) == [
        "expected a reply-by time within 12 business hours of the request (Thu 2026-12-03 11:00 Europe/Berlin at the "
        "latest, public holidays closed), the acknowledgement shows Thu 2026-12-17 11:00 (CS-6)"]


def test_a_reply_by_time_a_day_later_than_the_target_is_a_finding():
    def a_day_later(ack):
        return dataclasses.replace(ack, promised_by=ack.promised_by + dt.timedelta(days=1))

    actor = actor_for("DE", handoff=a_day_later)
    assert filed(actor, run_check(actor, REPLY_BY)) == [
        "expected a reply-by time within 12 business hours of the request (Thu 2026-12-03 11:00 Europe/Berlin at the "
        "latest, public holidays closed), the acknowledgement shows Fri 2026-12-04 11:00 (CS-6)"]


def test_a_reply_by_time_pushed_back_by_a_public_holiday_passes_and_one_on_it_is_a_finding():
    requested = dt.datetime(2025, 10, 2, 19, 0, tzinfo=BERLIN)  # Thursday; Friday is German Unity Day

    def promising(when: dt.datetime):
        return lambda ack: dataclasses.replace(ack, promised_by=when)

    monday, friday = dt.datetime(2025, 10, 6, 14, 0, tzinfo=BERLIN), dt.datetime(2025, 10, 3, 19, 0, tzinfo=BERLIN)
    assert run_check(actor_for("DE", requested_at=requested, handoff=promising(monday)), REPLY_BY).status == PASSED
    actor = actor_for("DE", requested_at=requested, handoff=promising(friday))
    assert filed(actor, run_check(actor, REPLY_BY)) == [
        "expected a reply-by time within opening hours Mon–Fri 08:00–20:00, Sat 09:00–14:00 (Europe/Berlin), "
        "the acknowledgement shows Fri 19:00 (CS-6)",
        "expected a reply-by time counting 12 business hours (Mon 2025-10-06 13:58 or later), the acknowledgement "
        "shows Fri 2025-10-03 19:00 (CS-6)"]
    # the policy's own calendar wins where it says so: a business open on 3 October
    working = policy_of("DE", calendar=Calendar(open=[dt.date(2025, 10, 3)]))
    outcome = run_check(clean_actor("support", "DE", policy=working, requested_at=requested,
                                    handoff=promising(friday)), REPLY_BY)
    assert outcome.status == PASSED, said(outcome)


# ---------------------------------------------------------------------------- CS-6 every promised open day

HOURS = support_hours_in_its_time_zone()


def _without_saturday(contact):
    return dataclasses.replace(contact, openings=[o for o in contact.openings if o.opens.weekday() != 5])


def test_a_promised_open_day_left_off_the_contact_page_is_a_finding():
    actor = actor_for("DE", contact=_without_saturday)
    assert filed(actor, run_check(actor, HOURS)) == [
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
    assert filed(actor, run_check(actor, TICKET_LANGUAGE)) == [
        "expected ticket page language de, the escalated ticket's page shows en (CS-7)"]


# ============================================================================ the rest of support, one check at a time
#
# `filed` (check_actors.py) also asserts each finding names the persona of the market and the
# journey, and files under a catalogue id the check declares.

NO_SUPPORT = "the policy promises no customer support"


def status(outcome) -> tuple[str, str]:
    return outcome.status, outcome.why


def _answered(intent: str, reply: ChatReply | None = None, **stated):
    """The chat with the reply to `intent` replaced: by `reply`, or by one stating only `stated`."""
    def change(replies):
        said = reply or dataclasses.replace(replies[intent], stated=StatedPolicy(**stated))
        return {**replies, intent: said}
    return change


def _not_asked(intent: str):
    """The chat without the question `intent`."""
    return lambda replies: {asked: reply for asked, reply in replies.items() if asked != intent}


# ---------------------------------------------------------------------------- CS-7 the help centre's language

HELP_LANGUAGE = help_centre_speaks_its_language()


def test_a_help_centre_in_its_language_passes():
    outcome = run_check(actor_for("DE"), HELP_LANGUAGE)
    assert outcome.status == PASSED and outcome.seen == ["help centre language: expected de, the help centre shows de"]


def test_a_help_centre_or_one_of_its_pages_in_another_language_is_a_finding():
    actor = actor_for("DE", help_centre=replace(language="en"))
    assert filed(actor, run_check(actor, HELP_LANGUAGE)) == ["expected help centre language de, the help centre shows en (CS-7)"]
    actor = actor_for("DE", help_centre=replace(page_languages={"returns": "de", "refunds": "en"}))
    assert filed(actor, run_check(actor, HELP_LANGUAGE)) == [
        "expected help page language de, the help centre shows en (refunds) (CS-7)"]


# ---------------------------------------------------------------------------- SA-4 support within reach

WITHIN_REACH = support_within_reach_in_its_language()


def test_support_within_reach_in_its_language_passes():
    outcome = run_check(actor_for("DE"), WITHIN_REACH)
    assert outcome.status == PASSED and len(outcome.seen) == 5, said(outcome)


def test_a_contact_page_refusing_the_region_is_a_finding():
    actor = actor_for("DE", contact=replace(refusal="No customer service for your region"))
    assert filed(actor, run_check(actor, WITHIN_REACH)) == [
        "expected customer service for Germany, the contact page says “No customer service for your region” (SA-4)"]


def test_a_channel_left_out_no_way_to_a_person_or_another_language_is_a_finding_each():
    actor = actor_for("DE", contact=replace(channels=["help_centre", "chat", "email"], ways_to_a_person=[],
                                            languages=["en"], language="en"))
    assert filed(actor, run_check(actor, WITHIN_REACH)) == [
        "expected support channels help_centre, chat, email, callback, the contact page shows help_centre, chat, "
        "email (SA-4)",
        "expected a way to write to a person or be called back, the contact page offers none (SA-4)",
        "expected support in de, the contact page shows en (SA-4)",
        "expected contact page language de, the contact page shows en (SA-4)"]


# ---------------------------------------------------------------------------- CS-1 the chatbot states the policy

CHATBOT_POLICY = chatbot_states_the_policy()


def test_a_chatbot_stating_the_policy_passes():
    outcome = run_check(actor_for("DE"), CHATBOT_POLICY)
    assert outcome.status == PASSED, said(outcome)
    assert "return window: expected 14 days, the chatbot's answer shows 14 days" in outcome.seen


def test_a_chatbot_stating_another_return_window_or_delivery_time_is_a_finding():
    actor = actor_for("DE", chat=_answered("return_window", return_days=30, return_reason_required=False))
    assert filed(actor, run_check(actor, CHATBOT_POLICY)) == [
        "expected return window 14 days, the chatbot's answer shows 30 days (CS-1)"]
    actor = actor_for("DE", chat=_answered("shipping_time", shipping_days={"standard": (5, 9)}))
    assert filed(actor, run_check(actor, CHATBOT_POLICY)) == [
        "expected delivery time by standard 2–4 business days, the chatbot's answer shows 5–9 business days (CS-1)"]
    actor = actor_for("DE", chat=_answered("shipping_time"))
    assert filed(actor, run_check(actor, CHATBOT_POLICY)) == [
        "expected delivery time by standard 2–4 business days, the chatbot's answer shows nothing (CS-1)"]


def test_a_chat_error_instead_of_an_answer_is_a_finding():
    error = ChatReply("Question about warranty", "Something went wrong", StatedPolicy(), error=True)
    actor = actor_for("DE", chat=_answered("warranty", error))
    assert filed(actor, run_check(actor, CHATBOT_POLICY)) == [
        "expected an answer to “Question about warranty”, the chat shows the error “Something went wrong” (CS-1)"]


def test_a_refund_answer_with_several_times_is_left_to_cs_4():
    actor = actor_for("DE", chat=_answered("refund_time", refund_days=((3, 5), (10, 15))))
    assert run_check(actor, CHATBOT_POLICY).status == PASSED


def test_a_question_not_asked_is_not_checked_and_one_the_policy_does_not_answer_not_asked():
    outcome = run_check(actor_for("DE", chat=_not_asked("return_window")), CHATBOT_POLICY)
    assert status(outcome) == (NOT_CHECKED, "the chatbot was not asked about return window")
    actor = clean_actor("support", "DE", policy=policy_of("DE", warranty=None), chat=_not_asked("warranty"))
    assert run_check(actor, CHATBOT_POLICY).status == PASSED


def test_a_policy_stating_no_terms_promises_no_chatbot_answers():
    quiet = policy_of("DE", returns=None, refunds=None, warranty=None, loyalty=None, shipping=[], remedies=None)
    outcome = run_check(clean_actor("support", "DE", policy=quiet), CHATBOT_POLICY)
    assert status(outcome) == (NOT_PROMISED, "the policy states no return, refund, warranty, loyalty or delivery terms")


# ---------------------------------------------------------------------------- CS-7 the chatbot's language

CHATBOT_LANGUAGE = chatbot_speaks_its_language()


def test_a_chatbot_in_its_language_passes_and_in_another_is_a_finding():
    assert run_check(actor_for("DE", chat_language="de-DE"), CHATBOT_LANGUAGE).status == PASSED
    actor = actor_for("DE", chat_language="en")
    assert filed(actor, run_check(actor, CHATBOT_LANGUAGE)) == ["expected chatbot language de, the chat shows en (CS-7)"]


def test_a_chatbot_that_does_not_say_its_language_is_not_checked():
    outcome = run_check(actor_for("DE", chat_language=None), CHATBOT_LANGUAGE)
    assert status(outcome) == (NOT_CHECKED, "the shop does not say which language its chatbot speaks")


# ---------------------------------------------------------------------------- CS-4 one refund time

REFUND_TIME = one_refund_time()


def test_one_refund_time_passes():
    assert run_check(actor_for("DE"), REFUND_TIME).seen == ["the refund answer gives one time range"]


def test_several_refund_times_or_none_is_a_finding():
    actor = actor_for("DE", chat=_answered("refund_time", refund_days=((3, 5), (10, 15))))
    assert filed(actor, run_check(actor, REFUND_TIME)) == [
        "expected one refund time, the chatbot's answer gives 2: 3–5 business days; 10–15 business days (CS-4)"]
    actor = actor_for("DE", chat=_answered("refund_time"))
    assert filed(actor, run_check(actor, REFUND_TIME)) == ["expected one refund time, the chatbot's answer gives none (CS-4)"]


def test_refund_time_not_asked_is_not_checked_and_without_refunds_not_promised():
    assert status(run_check(actor_for("DE", chat=_not_asked("refund_time")), REFUND_TIME)) == (
        NOT_CHECKED, "the chatbot was not asked about refund time")
    outcome = run_check(clean_actor("support", "DE", policy=policy_of("DE", refunds=None)), REFUND_TIME)
    assert status(outcome) == (NOT_PROMISED, "the policy promises no refund time")


# ---------------------------------------------------------------------------- CS-8 remedies

REMEDIES = complaints_get_their_remedy()


def test_each_complaint_offered_its_remedy_passes():
    outcome = run_check(actor_for("DE"), REMEDIES)
    assert outcome.status == PASSED and len(outcome.seen) == 3


def test_another_remedy_or_none_is_a_finding():
    actor = actor_for("DE", chat=_answered("damaged_parcel", remedies={"damaged_parcel": "refund"}))
    assert filed(actor, run_check(actor, REMEDIES)) == [
        "expected remedy for a damaged parcel replacement, the chatbot's answer shows refund (CS-8)"]
    actor = actor_for("DE", chat=_answered("missing_parcel"))
    assert filed(actor, run_check(actor, REMEDIES)) == [
        "expected remedy for a missing parcel refund, the chatbot's answer shows nothing (CS-8)"]


def test_a_complaint_not_made_is_not_checked_and_without_remedies_not_promised():
    assert status(run_check(actor_for("DE", chat=_not_asked("wrong_item")), REMEDIES)) == (
        NOT_CHECKED, "the chatbot was not asked about wrong item")
    outcome = run_check(clean_actor("support", "DE", policy=policy_of("DE", remedies=None)), REMEDIES)
    assert status(outcome) == (NOT_PROMISED, "the policy promises no remedies for complaints")


# ---------------------------------------------------------------------------- CS-3 help pages and API

CHANNELS_AGREE = channels_agree_with_the_policy()


def test_help_pages_and_the_api_stating_the_policy_pass():
    outcome = run_check(actor_for("DE"), CHANNELS_AGREE)
    assert outcome.status == PASSED, said(outcome)
    assert len(outcome.seen) == 2 * len(answers(POLICY["DE"]))  # every answer, on the help centre and the API


def test_a_help_page_or_the_api_stating_otherwise_is_a_finding_naming_the_channel():
    actor = actor_for("DE", help_centre=lambda centre: dataclasses.replace(
        centre, stated=dataclasses.replace(centre.stated, return_days=30)),
                      policy_api=replace(warranty_months=12))
    assert filed(actor, run_check(actor, CHANNELS_AGREE)) == [
        "expected return window 14 days, the help centre shows 30 days (CS-3)",
        "expected warranty 24 months, the policy API shows 12 months (CS-3)"]


def test_an_api_the_adapter_cannot_ask_is_a_gap():
    outcome = run_check(actor_for("DE", offers=ALL - {Capability.POLICY_API}), CHANNELS_AGREE)
    assert outcome.status == PASSED and outcome.gaps == ["the policy API: the adapter has no policy API"]


# ---------------------------------------------------------------------------- CS-2 a person within reach

PERSON = person_within_reach()


def test_a_person_within_three_steps_passes():
    assert run_check(actor_for("DE"), PERSON).seen == ["a person within 3 steps of the chat (2)"]


def test_no_person_or_one_too_many_steps_away_is_a_finding():
    actor = actor_for("DE", handoff=None)
    assert filed(actor, run_check(actor, PERSON)) == [
        "expected a way to a person within 3 steps of the chat, the chat offers none when asked for a person (CS-2)"]
    actor = actor_for("DE", handoff=replace(steps=5))
    assert filed(actor, run_check(actor, PERSON)) == ["expected a person within 3 steps of the chat, it took 5 (CS-2)"]


# ---------------------------------------------------------------------------- CS-10, CS-7 the acknowledgement

ACKNOWLEDGED = request_acknowledged()


def test_a_request_acknowledged_on_the_page_and_by_mail_passes():
    outcome = run_check(actor_for("DE"), ACKNOWLEDGED)
    assert outcome.status == PASSED and len(outcome.seen) == 5, said(outcome)


def test_an_acknowledgement_without_a_reference_or_a_time_is_a_finding():
    actor = actor_for("DE", handoff=replace(reference=None))
    assert filed(actor, run_check(actor, ACKNOWLEDGED)) == [
        "expected a reference and a promised response time, the acknowledgement shows no reference (CS-10)"]
    actor = actor_for("DE", acknowledgement_by_mail=replace(reference=None, promised_by=None))
    assert filed(actor, run_check(actor, ACKNOWLEDGED)) == [
        "expected a reference and a promised response time, the acknowledgement e-mail shows neither (CS-10)"]


def test_no_mail_another_reference_or_another_language_is_a_finding():
    actor = actor_for("DE", acknowledgement_mail=None)
    assert filed(actor, run_check(actor, ACKNOWLEDGED)) == [
        f"expected an acknowledgement e-mail to {actor.persona.email}, none arrived (CS-10)"]
    actor = actor_for("DE", acknowledgement_by_mail=replace(reference="TCK-2"), acknowledgement_mail=replace(language="en"))
    assert filed(actor, run_check(actor, ACKNOWLEDGED)) == [
        "expected reference TCK-1, the acknowledgement e-mail shows TCK-2 (CS-10)",
        "expected e-mail language de, the acknowledgement e-mail shows en (CS-7)"]


def test_no_mailbox_is_a_gap_and_no_person_not_checked():
    outcome = run_check(actor_for("DE", offers=ALL - {Capability.MAILBOX}), ACKNOWLEDGED)
    assert outcome.status == PASSED and outcome.gaps == ["the acknowledgement e-mail: the adapter reads no mailbox"]
    outcome = run_check(actor_for("DE", handoff=None), ACKNOWLEDGED)
    assert status(outcome) == (NOT_CHECKED, f"{NO_PERSON} (the check of a person within reach says so)")


# ---------------------------------------------------------------------------- CS-6 the reply-by time, more ways

def _no_target():
    return policy_of("DE", support=POLICY["DE"].support.model_copy(update={"first_response_hours": None}))


def _held_to(policy) -> Actor:
    """A clean shop walked under the shipped policy (`clean_shop` cannot build one promising no
    first-response time), its checks held to `policy`."""
    actor = actor_for("DE")
    actor.policy = policy
    return actor


def _promised(when: dt.datetime, zone: str | None = "Europe/Berlin"):
    return replace(promised_by=when, time_zone=zone)


def test_a_reply_by_time_shown_in_another_zone_is_a_finding():
    promised = dt.datetime(2026, 12, 3, 11, 0, tzinfo=BERLIN).astimezone(dt.timezone.utc)
    actor = actor_for("DE", handoff=_promised(promised, "UTC"))
    assert filed(actor, run_check(actor, REPLY_BY)) == [
        "expected reply-by time in Europe/Berlin (UTC+01:00), the acknowledgement shows UTC (UTC+00:00) (CS-6)"]


def test_a_reply_by_time_outside_opening_hours_or_sooner_than_the_target_is_a_finding():
    actor = actor_for("DE", handoff=_promised(dt.datetime(2026, 12, 3, 22, 0, tzinfo=BERLIN)))
    assert filed(actor, run_check(actor, REPLY_BY)) == [
        "expected a reply-by time within opening hours Mon–Fri 08:00–20:00, Sat 09:00–14:00 (Europe/Berlin), "
        "the acknowledgement shows Thu 22:00 (CS-6)",
        "expected a reply-by time within 12 business hours of the request (Thu 2026-12-03 11:00 Europe/Berlin at the "
        "latest, public holidays closed), the acknowledgement shows Thu 2026-12-03 22:00 (CS-6)"]
    actor = actor_for("DE", handoff=_promised(dt.datetime(2026, 12, 2, 15, 0, tzinfo=BERLIN)))
    assert filed(actor, run_check(actor, REPLY_BY)) == [
        "expected a reply-by time counting 12 business hours (Thu 2026-12-03 10:58 or later), the acknowledgement "
        "shows Wed 2026-12-02 15:00 (CS-6)"]


def test_no_reply_by_time_is_not_checked_and_no_target_or_hours_not_promised():
    outcome = run_check(actor_for("DE", handoff=replace(promised_by=None)), REPLY_BY)
    assert status(outcome) == (NOT_CHECKED, "the acknowledgement promises no response time (the acknowledgement "
                                            "check says so)")
    assert status(run_check(_held_to(_no_target()), REPLY_BY)) == (
        NOT_PROMISED, "the policy promises no first-response time")
    support = POLICY["DE"].support
    no_hours = policy_of("DE", support=support.model_copy(update={"hours": []}))
    assert status(run_check(clean_actor("support", "DE", policy=no_hours), REPLY_BY)) == (
        NOT_PROMISED, "the policy promises no opening hours")


def test_the_first_response_target_is_not_promised_without_one():
    assert status(run_check(_held_to(_no_target()), TARGET)) == (
        NOT_PROMISED, "the policy promises no first-response time")


# ---------------------------------------------------------------------------- CS-6 opening hours, more ways

WEEK = "Mon–Fri 08:00–20:00, Sat 09:00–14:00"


def test_the_policy_s_hours_in_its_zone_on_both_pages_pass():
    outcome = run_check(actor_for("DE"), HOURS)
    assert outcome.status == PASSED and len(outcome.seen) == 2, said(outcome)


def test_hours_shown_in_another_zone_or_not_at_all_are_a_finding():
    actor = actor_for("DE", help_centre=replace(time_zone="UTC"))
    assert filed(actor, run_check(actor, HOURS)) == [
        f"expected opening hours {WEEK} (Europe/Berlin), the help centre shows {WEEK} (UTC) (CS-6)"]
    actor = actor_for("DE", contact=replace(openings=[]))
    assert filed(actor, run_check(actor, HOURS)) == [
        f"expected opening hours {WEEK} (Europe/Berlin), the contact page shows none (CS-6)"]


def test_hours_a_page_does_not_show_or_the_adapter_cannot_read_are_gaps():
    outcome = run_check(actor_for("DE", help_centre=replace(hours=[], time_zone=None)), HOURS)
    assert outcome.status == PASSED and outcome.gaps == ["the help centre's hours: the help centre shows none"]
    outcome = run_check(actor_for("DE", offers=ALL - {Capability.CONTACT_PAGE}), HOURS)
    assert outcome.status == PASSED and outcome.gaps == [f"the contact page's hours: {Capability.CONTACT_PAGE.lacking}"]
    no_hours = policy_of("DE", support=POLICY["DE"].support.model_copy(update={"hours": []}))
    assert status(run_check(clean_actor("support", "DE", policy=no_hours), HOURS)) == (
        NOT_PROMISED, "the policy promises no opening hours")


# ---------------------------------------------------------------------------- CS-7 the first ticket's language

def test_the_first_ticket_in_another_language_is_a_finding():
    actor = actor_for("DE", ticket=replace(language="en"))
    assert filed(actor, run_check(actor, TICKET_LANGUAGE)) == [
        "expected ticket page language de, the ticket page shows en (CS-7)"]


# ---------------------------------------------------------------------------- CS-9 escalation keeps the conversation

ESCALATION = escalation_keeps_the_conversation()


def test_tickets_carrying_the_whole_chat_and_the_order_pass():
    outcome = run_check(actor_for("DE"), ESCALATION)
    assert outcome.status == PASSED and len(outcome.seen) == 4, said(outcome)


def test_an_escalated_ticket_losing_the_chat_or_the_order_is_a_finding():
    order = actor_for("DE").recall(CONTACT_DETAILS).order_ref
    actor = actor_for("DE", escalated=lambda t: dataclasses.replace(t, messages=t.messages[-2:], order_ref=None))
    assert filed(actor, run_check(actor, ESCALATION)) == [
        "expected the whole chat (18 messages) on the escalated ticket, it shows 2 of them (CS-9)",
        f"expected order number {order}, the escalated ticket shows nothing (CS-9)"]
    actor = actor_for("DE", ticket=replace(messages=[]))
    assert filed(actor, run_check(actor, ESCALATION)) == [
        "expected the whole chat (18 messages) on the ticket, it shows none of them (CS-9)"]


# ---------------------------------------------------------------------------- no support promised, nothing observed

SUPPORT_CHECKS = [HELP_LANGUAGE, WITHIN_REACH, LISTS, TARGET, HOURS, CHATBOT_POLICY, CHATBOT_LANGUAGE, CHANNELS_AGREE,
                  PERSON, ACKNOWLEDGED, REPLY_BY, TICKET_LANGUAGE, ESCALATION]


@pytest.mark.parametrize("made", SUPPORT_CHECKS, ids=lambda made: made.name)
def test_a_market_promising_no_support_is_not_promised_it(made):
    outcome = run_check(clean_actor("support", "DE", policy=policy_of("DE", support=None)), made)
    assert status(outcome) == (NOT_PROMISED, NO_SUPPORT)


LACKS_CHATBOT = Capability.CHATBOT.lacking


@pytest.mark.parametrize("made, key, why", [
    (HELP_LANGUAGE, HELP_CENTRE, Capability.HELP_CENTRE.lacking),
    (WITHIN_REACH, CONTACT, Capability.CONTACT_PAGE.lacking),
    (LISTS, CONTACT, "the journey stopped: the contact page did not answer"),
    (TARGET, HELP_CENTRE, "the journey stopped: the help centre did not answer"),
    (HOURS, CONTACT, "the journey stopped: the contact page did not answer"),
    (CHATBOT_POLICY, CHAT, LACKS_CHATBOT),
    (CHATBOT_LANGUAGE, CHAT_LANGUAGE, LACKS_CHATBOT),
    (REFUND_TIME, CHAT, LACKS_CHATBOT),
    (REMEDIES, CHAT, LACKS_CHATBOT),
    (CHANNELS_AGREE, POLICY_API, "the journey stopped: the policy API did not answer"),
    (PERSON, HANDOFF, LACKS_CHATBOT),
    (ACKNOWLEDGED, ACK_MAIL, "the journey stopped: the mailbox did not answer"),
    (REPLY_BY, REQUESTED_AT, LACKS_CHATBOT),
    (TICKET_LANGUAGE, ESCALATED, Capability.TICKETS.lacking),
    (ESCALATION, CHAT_LOG, LACKS_CHATBOT),
    (ESCALATION, TICKET, Capability.TICKETS.lacking),
], ids=lambda v: getattr(v, "name", "") if not isinstance(v, str) else "")
def test_a_check_whose_observation_was_not_made_is_not_checked_with_the_journey_s_reason(made, key, why):
    outcome = run_check(unobserved(actor_for("DE"), key, why), made)
    assert status(outcome) == (NOT_CHECKED, why)
