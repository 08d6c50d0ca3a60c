"""Expectations for the aftersales part's fault profiles (see expectations.py).

Each observation reads decisions and dates, never the policy text the shop quotes: other
profiles may make a channel quote another policy (CS-3), which must not show up here.
"""
from __future__ import annotations

import datetime as dt

from .aftersales_shopping import business_days_between, buy, phone_for
from .dom import parse
from .expectations import Expectation
from .shopping import Server, email


def _return_window(s: Server) -> dict:
    pl = buy(s, "PL")
    pl.delivered(10)  # inside the 14-day withdrawal period
    cn = buy(s, "CN")
    cn.delivered(3)  # inside the 7 days, no reason given
    out = {}
    for name, bought in (("PL on day 10", pl), ("CN without a reason", cn)):
        r = bought.ask_return()
        out[name] = (r.status_code, r.json().get("status") or r.json().get("error"))
    return out


def _refund_timeline(s: Server) -> dict:
    se = buy(s, "SE")
    se.delivered(1)
    ret = se.ask_return().json()
    start = dt.date.fromisoformat(ret["requested_on"])
    refund = ret["refund"]
    return {"status": ret["status"], "refund business days": (
        business_days_between("SE", start, dt.date.fromisoformat(refund["expected_from"])),
        business_days_between("SE", start, dt.date.fromisoformat(refund["expected_to"])))}


def _warranty(s: Server) -> dict:
    out = {}
    for name, days_ago in (("after 1 month", 30), ("after 13 months", 400)):
        es = buy(s, "ES")
        es.delivered(days_ago)
        claim = es.claim().json()
        out[name] = (claim["status"], claim["fee"])
    return out


def _return_window_early(s: Server) -> dict:
    it = buy(s, "IT")
    it.delivered(14)  # the last of the 14 days
    r = it.ask_return()
    day_before = buy(s, "IT")
    day_before.delivered(13)
    r13 = day_before.ask_return()
    return {"IT on its last day": (r.status_code, r.json().get("status") or r.json().get("error")),
            "IT the day before": (r13.status_code, r13.json().get("status") or r13.json().get("error"))}


def _warranty_short(s: Server) -> dict:
    se = buy(s, "SE")
    se.delivered(715)  # between 23 and 24 months ago, whatever the day
    claim = se.claim().json()
    return {"SE in its 24th month": (claim["status"], claim["fee"])}


def _pii(s: Server) -> dict:
    ie = buy(s, "IE")
    gb = buy(s, "GB")
    v = s.visitor()
    r = v.api("POST", "/en-ie/api/tickets", json={"name": "Siobhán Ó Briain", "email": email("pd2"), "phone": phone_for("IE"),
                                                  "topic": "other", "message": "Where is my parcel?"})
    assert r.status_code == 201, r.text
    ticket = r.json()
    ticket_page = parse(v.get(f"/tickets/{ticket['ref']}", headers={"Authorization": f"Bearer {ticket['token']}"}).text)
    stranger = s.visitor()
    return {
        "order, stranger, API": stranger.api("GET", f"/api/orders/{ie.ref}", token="api-someone-else").status_code,
        "order, no credentials, API": stranger.api("GET", f"/api/orders/{ie.ref}").status_code,
        "order, stranger, page": stranger.get(f"/orders/{ie.ref}").status_code,
        "ticket, no credentials, API": stranger.api("GET", f"/api/tickets/{ticket['ref']}").status_code,
        "ticket, stranger, page": stranger.get(f"/tickets/{ticket['ref']}").status_code,
        "IE order phone masked": ie.page(f"/orders/{ie.ref}").testid("order-phone").get("data-masked"),
        "IE ticket phone masked": "•" in ticket_page.testid("ticket-phone").text,
        "GB order phone masked": gb.page(f"/orders/{gb.ref}").testid("order-phone").get("data-masked"),
    }


def _consent(s: Server) -> dict:
    v = s.visitor()
    return {market: parse(v.get(f"{path}/").text).testid("consent-prompt") is not None
            for market, path in (("BR", "/pt-br"), ("DE", "/de-de"), ("MX", "/es-mx"))}


EXPECT: dict[str, Expectation] = {
    "return-window": Expectation(
        _return_window,
        clean={"PL on day 10": (201, "accepted"), "CN without a reason": (201, "accepted")},
        faulty={"PL on day 10": (201, "refused"), "CN without a reason": (422, "reason_required")},
    ),
    "slow-refunds": Expectation(
        _refund_timeline,
        clean={"status": "accepted", "refund business days": (3, 5)},
        faulty={"status": "accepted", "refund business days": (10, 15)},
    ),
    "warranty-refused": Expectation(
        _warranty,
        clean={"after 1 month": ("accepted", "0.00"), "after 13 months": ("accepted", "0.00")},
        faulty={"after 1 month": ("accepted", "14.90"), "after 13 months": ("refused", "0.00")},
    ),
    "return-window-early": Expectation(
        _return_window_early,
        clean={"IT on its last day": (201, "accepted"), "IT the day before": (201, "accepted")},
        faulty={"IT on its last day": (201, "refused"), "IT the day before": (201, "accepted")},
    ),
    "warranty-short": Expectation(
        _warranty_short,
        clean={"SE in its 24th month": ("accepted", "0.00")},
        faulty={"SE in its 24th month": ("refused", "0.00")},
    ),
    "pii-exposed": Expectation(
        _pii,
        clean={"order, stranger, API": 404, "order, no credentials, API": 404, "order, stranger, page": 404,
               "ticket, no credentials, API": 404, "ticket, stranger, page": 404,
               "IE order phone masked": "true", "IE ticket phone masked": True, "GB order phone masked": "true"},
        faulty={"order, stranger, API": 200, "order, no credentials, API": 200, "order, stranger, page": 200,
                "ticket, no credentials, API": 200, "ticket, stranger, page": 200,
                "IE order phone masked": "false", "IE ticket phone masked": False, "GB order phone masked": "true"},
    ),
    "consent-missing": Expectation(
        _consent,
        clean={"BR": True, "DE": True, "MX": False},
        faulty={"BR": False, "DE": True, "MX": False},
    ),
}
