"""Expectations for the help part's fault profiles (see expectations.py).

Each observation works in its own market, so no profile moves another's: DE (CS-1), FR (CS-2),
IT (CS-3), AT (CS-4), JP (CS-7), BE (CS-8). Shop-wide switches (hand-off, answer templates) are
read through one question each.
"""
from __future__ import annotations

from .expectations import Expectation
from .help_steps import ask, refund_ranges, visitor
from .shopping import Server, email


def _stale_chatbot(s: Server) -> dict:
    v = visitor(s, "DE", "de")
    a = ask(v, "Wie lange habe ich Zeit, einen Artikel zurückzugeben?")
    return {"bot says": a["facts"].get("return_days"),
            "page says": int(v.page("/help/returns").testid("return-days").get("data-days")),
            "bot on warranty": ask(v, "Welche Garantie haben Ihre Produkte?")["facts"]}


def _no_human_handoff(s: Server) -> dict:
    v = visitor(s, "FR", "fr")
    a = ask(v, "Je voudrais parler à un conseiller.")
    r = v.api("POST", f"/api/chat/{a['conversation']}/handoff", json={"kind": "ticket", "email": email("cs2")})
    return {"offered": sorted(k for k, url in (a["handoff"] or {}).items() if url), "hand-off": r.status_code,
            "answer": a["answer"]}


def _channels_disagree(s: Server) -> dict:
    v = visitor(s, "IT", "it")
    page = v.page("/help/refunds").testid("refund-days")
    return {"page": [int(page.get("data-min")), int(page.get("data-max"))],
            "api": v.get("/api/policy").json()["refund_business_days"],
            "api on returns": v.get("/api/policy").json()["return_days"]}


def _ambiguous_refund(s: Server) -> dict:
    a = ask(visitor(s, "AT", "de"), "Wann bekomme ich mein Geld zurück?")
    return {"answer": a["answer"], "timelines": refund_ranges(a["facts"])}


def _help_in_english(s: Server) -> dict:
    v = visitor(s, "JP", "ja")
    return {"help page": v.page("/help/returns").find("html").get("lang"),
            "help index": v.page("/help").find("html").get("lang"),
            "bot": ask(v, "こんにちは")["language"]}


def _template_reply(s: Server) -> dict:
    a = ask(visitor(s, "BE", "nl"), "Mijn pakket is beschadigd aangekomen.")
    return {"intent": a["intent"], "answer": a["answer"], "remedy": a["facts"].get("damaged_parcel")}


EXPECT: dict[str, Expectation] = {
    "stale-chatbot": Expectation(
        _stale_chatbot,
        clean={"bot says": 14, "page says": 14, "bot on warranty": {"warranty_months": 24}},
        faulty={"bot says": 30, "page says": 14, "bot on warranty": {"warranty_months": 24}},
    ),
    "no-human-handoff": Expectation(
        _no_human_handoff,
        clean={"offered": ["callback", "ticket"], "hand-off": 201, "answer": "talk_to_person"},
        faulty={"offered": [], "hand-off": 409, "answer": "talk_to_person"},
    ),
    "channels-disagree": Expectation(
        _channels_disagree,
        clean={"page": [5, 10], "api": [5, 10], "api on returns": 14},
        faulty={"page": [5, 10], "api": [10, 14], "api on returns": 14},
    ),
    "ambiguous-refund": Expectation(
        _ambiguous_refund,
        clean={"answer": "refund_time", "timelines": 1},
        faulty={"answer": "refund_time_by_payment_method", "timelines": 4},
    ),
    "help-in-english": Expectation(
        _help_in_english,
        clean={"help page": "ja", "help index": "ja", "bot": "ja"},
        faulty={"help page": "en", "help index": "en", "bot": "ja"},
    ),
    "template-reply": Expectation(
        _template_reply,
        clean={"intent": "damaged_parcel", "answer": "damaged_parcel", "remedy": "replacement"},
        faulty={"intent": "damaged_parcel", "answer": "check_item", "remedy": None},
    ),
}
