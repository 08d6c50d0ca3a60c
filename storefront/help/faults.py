"""Fault profiles of the help part of the shop: overlays on the raw settings (see storefront/faults.py).

Each one is the careless change a help desk makes: a knowledge base not updated with the
policy, a switch turned off, a template re-used for the wrong question, content published in
one language. Markets are chosen so that no profile moves another's observation.
"""
from __future__ import annotations

from ..fault_base import FaultProfile, RawSettings, market_settings, support_settings


def _knowledge(raw: RawSettings, market: str, channel: str) -> dict:
    return market_settings(raw, market).setdefault("knowledge", {}).setdefault(channel, {})


def _stale_bot_returns(raw: RawSettings) -> None:
    # The bot's knowledge base still has the 30 days of an old returns campaign.
    _knowledge(raw, "DE", "chatbot")["return_days"] = 30


def _bot_without_handoff(raw: RawSettings) -> None:
    support_settings(raw)["chatbot_handoff"] = False


def _channels_disagree(raw: RawSettings) -> None:
    # The API and the e-mail templates kept last year's refund times for Italy.
    for channel in ("api", "email"):
        _knowledge(raw, "IT", channel)["refund_business_days"] = [10, 14]


def _refund_by_payment_method(raw: RawSettings) -> None:
    support_settings(raw).setdefault("chatbot_answers", {})["refund_time"] = "refund_time_by_payment_method"


def _help_centre_in_english(raw: RawSettings) -> None:
    support_settings(raw).setdefault("help_centre_languages", {})["JP"] = ["en"]


def _template_for_damage(raw: RawSettings) -> None:
    support_settings(raw).setdefault("chatbot_answers", {})["damaged_parcel"] = "check_item"


PROFILES: list[FaultProfile] = [
    FaultProfile("stale-chatbot", "CS-1", "CS-1 chatbot states wrong policy: the DE bot's knowledge says 30-day returns where the policy and the help page say 14", _stale_bot_returns),
    FaultProfile("no-human-handoff", "CS-2", "CS-2 no way to a human: the chatbot's hand-off is switched off, so no reply offers a ticket or callback", _bot_without_handoff),
    FaultProfile("channels-disagree", "CS-3", "CS-3 channels disagree: for IT the API and e-mails state refunds in 10-14 business days, the help page 5-10", _channels_disagree),
    FaultProfile("ambiguous-refund", "CS-4", "CS-4 ambiguous answer: the bot answers the refund question with a different timeline per payment method", _refund_by_payment_method),
    FaultProfile("help-in-english", "CS-7", "CS-7 wrong language: the JP help centre content is published in English only, so Japanese visitors get English pages", _help_centre_in_english),
    FaultProfile("template-reply", "CS-8", "CS-8 template reply that ignores the problem: a damaged parcel gets the generic \"please check your item\" answer, no remedy", _template_for_damage),
]
