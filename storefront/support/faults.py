"""Fault profiles of the support part of the shop: overlays on the raw settings (see storefront/faults.py).

Each takes one market no other profile's check looks at, or a shop-wide support setting that
only support times, escalations and acknowledgements read.
"""
from __future__ import annotations

from ..fault_base import FaultProfile, RawSettings, market_settings, support_settings

SA4_MARKET = "NZ"
CS5_MARKET = "ZA"
UNSTAFFED_MARKET = "BE"
SLOW_REPLY_MARKET = "FR"
SLOW_REPLY_HOURS = 130  # business hours: two weeks of the FR desk's 65-hour week, where the policy says 24


def _support_left_out(raw: RawSettings) -> None:
    # A market opened without its support set up: every channel missing.
    market_settings(raw, SA4_MARKET)["support"]["channels"] = []


def _desk_understaffed(raw: RawSettings) -> None:
    # One agent, slower than the team it replaced: a single ticket is still answered in about a
    # second, a burst queues behind it.
    desk = support_settings(raw).setdefault("desk", {})
    desk.setdefault("markets", {})[CS5_MARKET] = {"agents": 1, "handle_seconds": 1.0}


def _head_office_clock(raw: RawSettings) -> None:
    # The support platform set up from head office: its clock for every market, no local calendars.
    ops = support_settings(raw)
    ops["show_times_in"] = "head_office"
    ops["honour_holidays"] = False


def _escalation_without_context(raw: RawSettings) -> None:
    # The hand-over to the second line copies the ticket's header only.
    support_settings(raw)["escalation_carries_conversation"] = False


def _acknowledgement_without_reference(raw: RawSettings) -> None:
    # A "simpler" acknowledgement template: no reference, no promise.
    support_settings(raw)["acknowledge_with_reference"] = False


def _channels_from_the_template(raw: RawSettings) -> None:
    # The BE help pages were copied from the shop-wide template: they list a phone hotline and
    # English answers, which no one in the BE team staffs (the desk itself is unchanged).
    market = market_settings(raw, UNSTAFFED_MARKET)
    page = market.setdefault("knowledge", {}).setdefault("page", {})
    page["support_channels"] = [*market["support"]["channels"], "phone"]
    page["support_languages"] = [*market["support"]["languages"], "en"]


def _slow_reply_target(raw: RawSettings) -> None:
    # The FR desk was set up with the back-office's two-week target, not the 24 hours promised:
    # its pages state it and every ticket is promised an answer by it.
    market_settings(raw, SLOW_REPLY_MARKET)["support"]["first_response_hours"] = SLOW_REPLY_HOURS


PROFILES: list[FaultProfile] = [
    FaultProfile("support-excluded", "SA-4", f"SA-4 support excluded: the {SA4_MARKET} market has no support channel, "
                 "so its contact page says there is no service for the region and refuses tickets", _support_left_out),
    FaultProfile("slow-support-desk", "CS-5", f"CS-5 slow response at peak: the {CS5_MARKET} support desk has one slow "
                 "agent; a single ticket is answered in about a second, a burst queues for many", _desk_understaffed),
    FaultProfile("head-office-hours", "CS-6", "CS-6 wrong time zone or hours: support hours and reply-by times are shown "
                 "in the head office's time zone (Europe/Berlin) and holidays are ignored", _head_office_clock),
    FaultProfile("context-lost", "CS-9", "CS-9 context lost on escalation: the level-2 ticket gets neither the "
                 "conversation nor the order reference", _escalation_without_context),
    FaultProfile("no-ticket-reference", "CS-10", "CS-10 no acknowledgement: tickets are acknowledged with no reference "
                 "number and no promised response time", _acknowledgement_without_reference),
    FaultProfile("unstaffed-channel", "SA-4", f"SA-4 support offered beyond the policy: the {UNSTAFFED_MARKET} contact page "
                 "and help centre list a phone hotline and English answers, which its support does not offer",
                 _channels_from_the_template),
    FaultProfile("slow-reply-promise", "CS-6", f"CS-6 first response later than promised: the {SLOW_REPLY_MARKET} desk "
                 f"states and promises a first response within {SLOW_REPLY_HOURS} business hours (two weeks) "
                 "where the policy says 24", _slow_reply_target),
]
