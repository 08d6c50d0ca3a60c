"""Fault profiles of the aftersales part of the shop: overlays on the raw settings (see storefront/faults.py).

Each edits what a back-office system or a shop-wide setting applies, the way a careless
change would; the returns desk, refund run, warranty service, access check and pages read
the same settings either way.
"""
from __future__ import annotations

from ..fault_base import FaultProfile, RawSettings, market_settings
from ..settings import Access


def _operations(raw: RawSettings, code: str) -> dict:
    return market_settings(raw, code).setdefault("operations", {})


def _returns_desk_on_a_template(raw: RawSettings) -> None:
    # The PL returns desk was set up from a 7-day template; the CN desk from one that asks for a reason.
    _operations(raw, "PL")["return_days"] = 7
    _operations(raw, "CN")["return_reason_required"] = True


def _slow_refund_run(raw: RawSettings) -> None:
    _operations(raw, "SE")["refund_business_days"] = [10, 15]


def _warranty_service_on_twelve_months(raw: RawSettings) -> None:
    ops = _operations(raw, "ES")
    ops["warranty_months"] = 12
    ops["warranty_fee"] = "14.90"


def _returns_desk_counts_the_delivery_day(raw: RawSettings) -> None:
    # The IT returns desk counts the delivery day as the first of the 14: a return on the last
    # day the pages quote is refused.
    _operations(raw, "IT")["return_days"] = market_settings(raw, "IT")["returns"]["days"] - 1


def _warranty_service_a_month_short(raw: RawSettings) -> None:
    # The SE warranty service's period was entered as 23 months; the pages still quote 24.
    _operations(raw, "SE")["warranty_months"] = market_settings(raw, "SE")["warranty"]["months"] - 1


PD2_OPENED = ("/orders/", "/api/orders/", "/tickets/", "/api/tickets/")


def _orders_and_tickets_opened(raw: RawSettings) -> None:
    # A clean-up of the access list dropped orders and tickets; IE's privacy rule lost the phone.
    access = raw.markets.setdefault("access", {})
    listed = access.get("owner_only", Access().owner_only)  # the shop's default list when the file sets none
    access["owner_only"] = [p for p in listed if p not in PD2_OPENED]
    privacy = market_settings(raw, "IE")["privacy"]
    privacy["masked"] = [f for f in privacy["masked"] if f != "phone"]


def _consent_copied_from_mexico(raw: RawSettings) -> None:
    # BR's market settings were cloned from MX, which asks for no consent, and the flag was left as copied.
    market_settings(raw, "BR")["consent_required"] = market_settings(raw, "MX")["consent_required"]


PROFILES: list[FaultProfile] = [
    FaultProfile("return-window", "AS-1", "AS-1 return window not honoured: the PL returns desk applies 7 days where the "
                 "policy says 14, and the CN desk demands a reason for 7-day no-reason returns", _returns_desk_on_a_template),
    FaultProfile("slow-refunds", "AS-2", "AS-2 refund timeline broken: the SE refund run pays in 10-15 business days "
                 "where 3-5 are promised", _slow_refund_run),
    FaultProfile("warranty-refused", "AS-4", "AS-4 warranty refused or charged: the ES warranty service covers 12 months "
                 "where the policy says 24, and charges an undisclosed 14.90 EUR fee", _warranty_service_on_twelve_months),
    FaultProfile("return-window-early", "AS-1", "AS-1 return window ends a day early: the IT returns desk counts the "
                 "delivery day, so a return on the last of the 14 days the pages quote is refused",
                 _returns_desk_counts_the_delivery_day),
    FaultProfile("warranty-short", "AS-4", "AS-4 warranty a month short: the SE warranty service covers 23 months where "
                 "the policy and the pages say 24, so a claim in the last month is refused", _warranty_service_a_month_short),
    FaultProfile("pii-exposed", "PD-2", "PD-2 PII exposed: orders and tickets (pages and API) left off the owner-only "
                 "list, and the IE privacy rule no longer masks phone numbers", _orders_and_tickets_opened),
    FaultProfile("consent-missing", "PD-3", "PD-3 consent prompt missing where required: BR settings cloned from MX "
                 "carry MX's consent_required: false", _consent_copied_from_mexico),
]
