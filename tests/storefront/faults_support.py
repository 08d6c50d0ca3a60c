"""Expectations for the support part's fault profiles (see expectations.py).

Each observation works in its own market, so no profile changes another's: NZ (SA-4), ZA (CS-5),
JP (CS-6), FR (CS-9), GB (CS-10); BE (SA-4, channels beyond the policy) and FR (CS-6, the
first-response target: a fixed instant, read from the desk's calendar, not from the tickets CS-9 reads).
"""
from __future__ import annotations

from .expectations import Expectation
from .shopping import IP, Server, email
from .support_steps import answered, api_ticket, form_ticket, mailbox


def _support_excluded(s: Server) -> dict:
    v = s.visitor()
    page = v.page("/en-nz/contact")
    channels = page.testid("support-channels")
    form = v.submit("/en-nz/tickets", {"name": "Aroha Ngata", "email": "aroha@example.com", "message": "Where is my order?"})
    api = v.api("POST", "/en-nz/api/tickets", json={"name": "Aroha Ngata", "email": "aroha@example.com", "message": "Hello"})
    return {
        "channels": channels.get("data-channels") if channels else None,
        "no-support notice": page.testid("no-support") is not None,
        "ticket form": page.testid("ticket-form") is not None,
        "callback form": page.testid("callback-form") is not None,
        "form ticket": form.status_code,
        "API ticket": (api.status_code, api.json().get("error")),
        "AU keeps its support": v.page("/en-au/contact").testid("support-channels").get("data-channels"),
    }


SLOW_BURST = 6
BURST_WITHIN = 3.5  # seconds: 6 tickets take the clean desk (4 agents, 0.2 s each) about half a second


def _slow_support_desk(s: Server) -> dict:
    v = s.visitor()
    single = answered(v, [api_ticket(v, "/en-za")], within=3.0)[0]
    burst = [api_ticket(v, "/en-za", message=f"Question {n} of a busy evening") for n in range(SLOW_BURST)]
    state = answered(v, burst, within=BURST_WITHIN)
    return {
        "single ticket answered within 2.5 s": (single["first_response_seconds"] or 99) <= 2.5,
        f"burst of {SLOW_BURST} answered within {BURST_WITHIN} s": all(t["first_response_at"] for t in state),
    }


def _head_office_hours(s: Server) -> dict:
    v = s.visitor()
    page = v.page("/ja-jp/contact")
    ack = api_ticket(v, "/ja-jp")["acknowledgement"]
    # 10:00 on Thursday 31 December in Tokyo; 1 January is a holiday, then a weekend.
    new_year = v.get("/_staging/support/promise", params={"market": "JP", "at": "2026-12-31T01:00:00+00:00"}).json()
    return {
        "hours shown in": page.testid("support-hours").get("data-time-zone"),
        "ticket promise shown in": ack["time_zone"],
        "promise for a ticket of 31 Dec 10:00": new_year["promised_by"],
    }


def _escalation_drops_context(s: Server) -> dict:
    v = s.visitor(ip=IP["FR"])
    first = api_ticket(v, order_ref="FR-0A1B2C3D", message="Le colis est arrivé abîmé, le vase est cassé.")
    r = v.api("POST", f"/api/tickets/{first['ref']}/escalate", token=first["token"])
    up = r.json()
    return {
        "escalated": (r.status_code, up.get("level"), up.get("escalated_from") == first["ref"]),
        "order_ref": up.get("order_ref"),
        "customer messages": [m["text"] for m in up.get("messages", []) if m["author"] == "customer"],
    }


def _ticket_without_reference(s: Server) -> dict:
    v = s.visitor(ip=IP["GB"])
    _, page = form_ticket(v)
    ack = page.testid("acknowledgement")
    address = email("ack")
    opened = api_ticket(v, email=address)
    mail = mailbox(v, address)[0]
    return {
        "page names the reference": ack.testid("ticket-ref") is not None,
        "page promises a time": ack.testid("promised-by") is not None,
        "API names the reference": opened["acknowledgement"]["reference"] == opened["ref"],
        "API promises a time": opened["acknowledgement"]["promised_by"] is not None,
        "mail names the reference": opened["ref"] in mail["subject"] and opened["ref"] in mail["text"],
        "mail promises a time": 'data-testid="promised-by"' in mail["html"],
    }


def _unstaffed_channel(s: Server) -> dict:
    v = s.visitor()
    contact, centre = v.page("/nl-be/contact"), v.page("/nl-be/help")
    return {
        "contact page channels": contact.testid("support-channels").get("data-channels"),
        "contact page languages": contact.testid("support-languages").get("data-languages"),
        "help centre channels": [c.get("data-channel") for c in centre.find_all(data_testid="support-channel")],
        "help centre languages": [lang.get("data-language") for lang in
                                  centre.testid("support-languages").find_all(data_language=True)],
        "NL keeps its channels": v.page("/nl-nl/contact").testid("support-channels").get("data-channels"),
    }


def _slow_reply_promise(s: Server) -> dict:
    v = s.visitor()
    # 10:00 on Wednesday 3 February 2027 in Paris: no holiday in the two weeks after it
    promised = v.get("/_staging/support/promise", params={"market": "FR", "at": "2027-02-03T09:00:00+00:00"}).json()
    return {
        "contact page target": v.page("/fr-fr/contact").testid("first-response-target").get("data-hours"),
        "help centre target": v.page("/fr-fr/help").testid("first-response").get("data-hours"),
        "promise for a ticket of 3 Feb 10:00": promised["promised_by"],
        "BE keeps its target": v.page("/nl-be/contact").testid("first-response-target").get("data-hours"),
    }


EXPECT: dict[str, Expectation] = {
    "support-excluded": Expectation(
        _support_excluded,
        clean={"channels": "help_centre chat email callback", "no-support notice": False, "ticket form": True,
               "callback form": True, "form ticket": 303, "API ticket": (201, None),
               "AU keeps its support": "help_centre chat email callback"},
        faulty={"channels": None, "no-support notice": True, "ticket form": False, "callback form": False,
                "form ticket": 403, "API ticket": (403, "no_support"),
                "AU keeps its support": "help_centre chat email callback"},
    ),
    "slow-support-desk": Expectation(
        _slow_support_desk,
        clean={"single ticket answered within 2.5 s": True, f"burst of {SLOW_BURST} answered within {BURST_WITHIN} s": True},
        faulty={"single ticket answered within 2.5 s": True, f"burst of {SLOW_BURST} answered within {BURST_WITHIN} s": False},
        waits=True,
    ),
    "head-office-hours": Expectation(
        _head_office_hours,
        clean={"hours shown in": "Asia/Tokyo", "ticket promise shown in": "Asia/Tokyo",
               "promise for a ticket of 31 Dec 10:00": "2027-01-04T13:00:00+09:00"},
        # Berlin's clock, and 1 January counted as a working day: 8 hours on the 31st, 4 on the 1st
        faulty={"hours shown in": "Europe/Berlin", "ticket promise shown in": "Europe/Berlin",
                "promise for a ticket of 31 Dec 10:00": "2027-01-01T05:00:00+01:00"},
    ),
    "context-lost": Expectation(
        _escalation_drops_context,
        clean={"escalated": (201, 2, True), "order_ref": "FR-0A1B2C3D",
               "customer messages": ["Le colis est arrivé abîmé, le vase est cassé."]},
        faulty={"escalated": (201, 2, True), "order_ref": None, "customer messages": []},
    ),
    "no-ticket-reference": Expectation(
        _ticket_without_reference,
        clean={"page names the reference": True, "page promises a time": True, "API names the reference": True,
               "API promises a time": True, "mail names the reference": True, "mail promises a time": True},
        faulty={"page names the reference": False, "page promises a time": False, "API names the reference": False,
                "API promises a time": False, "mail names the reference": False, "mail promises a time": False},
    ),
    "unstaffed-channel": Expectation(
        _unstaffed_channel,
        clean={"contact page channels": "help_centre chat email callback", "contact page languages": "nl fr",
               "help centre channels": ["help_centre", "chat", "email", "callback"], "help centre languages": ["nl", "fr"],
               "NL keeps its channels": "help_centre chat email callback"},
        faulty={"contact page channels": "help_centre chat email callback phone", "contact page languages": "nl fr en",
                "help centre channels": ["help_centre", "chat", "email", "callback", "phone"],
                "help centre languages": ["nl", "fr", "en"], "NL keeps its channels": "help_centre chat email callback"},
    ),
    "slow-reply-promise": Expectation(
        _slow_reply_promise,
        # 24 business hours of Mon-Fri 08-20, Sat 09-14: Wednesday 10 h, Thursday 12 h, Friday 2 h; 130 are two weeks
        clean={"contact page target": "24", "help centre target": "24",
               "promise for a ticket of 3 Feb 10:00": "2027-02-05T10:00:00+01:00", "BE keeps its target": "24"},
        faulty={"contact page target": "130", "help centre target": "130",
                "promise for a ticket of 3 Feb 10:00": "2027-02-17T10:00:00+01:00", "BE keeps its target": "24"},
    ),
}
