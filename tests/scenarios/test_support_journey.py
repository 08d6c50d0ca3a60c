"""The support journey passes on the clean storefront and catches each fault it is for: every
check fails, with its message, for the persona of the market the fault breaks (and only there)."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import yaml

from harness.policy import load_policy
from harness.target import EmbeddedStorefront
from harness.tasks.support import INTENTS, QUESTIONS

from .broken_shop import BrokenShop
from .journeys import run_journeys
from .partial_shops import ADAPTER

SCENARIOS = ("finds_help_in_its_language", "chatbot_answers_as_the_policy_states",
             "a_person_takes_over_with_the_conversation")
CLEAN_MARKETS = ("DE", "JP", "NZ", "IT", "AT", "BE", "FR", "GB")


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return run_journeys(tmp_path_factory.mktemp("clean"), "-m", "support", "--markets", ",".join(CLEAN_MARKETS))


def test_clean_storefront_passes(clean):
    assert clean.returncode == 0, clean.output
    assert set(clean.outcomes.values()) == {"passed"}, clean.outcomes
    for scenario in SCENARIOS:
        walked = [k for k in clean.outcomes if k.startswith(f"test_{scenario}[")]
        assert len(walked) == len(CLEAN_MARKETS), (scenario, walked)


# fault, the personas walked, scenario(s) (-k), the persona it must fail for, what it must say
FAULTS = [
    ("support-excluded", ("--markets", "NZ,AU"), "finds_help", "NZ-0001", [
        "NZ-0001 support: expected customer service for New Zealand, the contact page says "
        "“Sorry: there is no customer service for your region.” (SA-4)",
        "NZ-0001 support: expected support channels help_centre, chat, email, callback, "
        "the contact page shows nothing (SA-4)",
        "NZ-0001 support: expected a way to write to a person or be called back, the contact page offers none (SA-4)",
        "NZ-0001 support: expected support in en, the contact page shows nothing (SA-4)",
    ]),
    ("stale-chatbot", ("--markets", "DE,AT"), "chatbot_answers", "DE-0001", [
        "DE-0001 support: expected return window 14 days, the chatbot's answer shows 30 days (CS-1)",
    ]),
    ("no-human-handoff", ("--markets", "FR"), "person_takes_over", "FR-0001", [
        "FR-0001 support: expected a way to a person within 3 steps of the chat, "
        "the chat offers none when asked for a person (CS-2)",
    ]),
    ("channels-disagree", ("--markets", "IT,ES"), "chatbot_answers", "IT-0001", [
        "IT-0001 support: expected refund time 5–10 business days, the policy API shows 10–14 business days (CS-3)",
    ]),
    ("ambiguous-refund", ("--markets", "AT"), "chatbot_answers", "AT-0001", [
        "AT-0001 support: expected one refund time, the chatbot's answer gives 5: 3–5 business days; ",
    ]),
    ("head-office-hours", ("--markets", "JP,DE"), "finds_help or person_takes_over", "JP-0001", [
        "JP-0001 support: expected opening hours Mon–Fri 09:00–18:00 (Asia/Tokyo), "
        "the help centre shows Mon–Fri 01:00–10:00 (Europe/Berlin) (CS-6)",
        "JP-0001 support: expected opening hours Mon–Fri 09:00–18:00 (Asia/Tokyo), "
        "the contact page shows Mon–Fri 01:00–10:00 (Europe/Berlin) (CS-6)",
        "JP-0001 support: expected reply-by time in Asia/Tokyo (UTC+09:00), "
        "the acknowledgement shows Europe/Berlin (UTC+01:00) (CS-6)",
    ]),
    # JP-0002 reads Japanese (JP-0001, English, gets its help centre in English either way)
    ("help-in-english", ("--persona", "JP-0002"), "finds_help", "JP-0002", [
        "JP-0002 support: expected help centre language ja, the help centre shows en (CS-7)",
    ]),
    ("template-reply", ("--markets", "BE"), "chatbot_answers", "BE-0001", [
        "BE-0001 support: expected remedy for a damaged parcel replacement, the chatbot's answer shows nothing (CS-8)",
    ]),
    ("context-lost", ("--markets", "FR"), "person_takes_over", "FR-0001", [
        "FR-0001 support: expected the whole chat (2 messages) on the escalated ticket, it shows none of them (CS-9)",
        "FR-0001 support: expected order number FR-44519E07, the escalated ticket shows nothing (CS-9)",
    ]),
    ("no-ticket-reference", ("--markets", "GB"), "person_takes_over", "GB-0001", [
        "GB-0001 support: expected a reference and a promised response time, the acknowledgement shows neither (CS-10)",
        "GB-0001 support: expected a reference and a promised response time, "
        "the acknowledgement e-mail shows neither (CS-10)",
    ]),
    ("unstaffed-channel", ("--markets", "BE,DE"), "finds_help", "BE-0001", [
        "BE-0001 support: expected no support channel beyond Belgium's policy (help_centre, chat, email, callback), "
        "the contact page also lists phone (SA-4)",
        "BE-0001 support: expected no support language beyond Belgium's policy (nl, fr), "
        "the contact page also lists en (SA-4)",
        "BE-0001 support: expected no support channel beyond Belgium's policy (help_centre, chat, email, callback), "
        "the help centre also lists phone (CS-3)",
        "BE-0001 support: expected no support language beyond Belgium's policy (nl, fr), "
        "the help centre also lists en (CS-3)",
    ]),
    ("slow-reply-promise", ("--markets", "FR,DE"), "finds_help or person_takes_over", "FR-0001", [
        "FR-0001 support: expected a first response within 24 business hours, "
        "the contact page shows 130 business hours (CS-6)",
        "FR-0001 support: expected a first response within 24 business hours, "
        "the help centre shows 130 business hours (CS-6)",
        "FR-0001 support: expected a reply-by time within 24 business hours of the request (",
        " Europe/Paris at the latest, allowing 5 days of public holidays), the acknowledgement shows ",
    ]),
]


@pytest.mark.parametrize("fault, walked, scenario, who, says", FAULTS, ids=[f[0] for f in FAULTS])
def test_fault_is_caught_with_its_message(tmp_path, fault, walked, scenario, who, says):
    run = run_journeys(tmp_path, "-m", "support", *walked, "-k", scenario, "--faults", fault,
                       "--adapter", ADAPTER + "without_aftersales")  # caught by a shop with no after-sales
    assert run.returncode == 1, run.output
    failed = run.failed()
    assert failed and all(k.endswith(f"-{who}]") for k in failed), failed
    if walked[0] == "--markets" and "," in walked[1]:  # the other market walks on unharmed
        assert "passed" in run.outcomes.values(), run.outcomes
    text = run.all_text()
    for message in says:
        assert message in text, text


def test_every_market_language_has_every_question():
    """The harness's own questions (personas/data/questions.yaml) cover every language of every
    market, one per intent."""
    table = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    policy = load_policy()
    languages = {lang for code in policy for lang in (*policy[code].languages, *policy[code].support.languages)}
    missing = sorted(f"{lang}: {intent}" for lang in languages for intent in INTENTS
                     if not str((table.get(lang) or {}).get(intent) or "").strip())
    assert missing == []


def test_the_reference_chatbot_understands_every_question():
    """Each question is one the reference storefront's bot takes for its intent (the journeys'
    clean runs need it; the storefront is imported here, in a test, never by the harness)."""
    intents = pytest.importorskip("storefront.help.intents")
    table = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    misread = [f"{lang} {intent}: {text!r} read as {got}" for lang, questions in table.items()
               for intent, text in questions.items()
               if (got := intents.understand(text, lang).intent) != intent]
    assert misread == []


class EnglishOnly:
    """No fault profile makes the bot, the e-mails or the ticket pages speak the wrong language: an
    edge rule in front of the clean storefront has the chat's transcripts and the staging mailbox
    say English, and serves ticket pages as English."""

    LANG = re.compile(rb'<html lang="[^"]*"')

    def __call__(self, method: str, path: str, client: str):
        return None

    def rewrite(self, method: str, path: str, body: bytes) -> bytes:
        path = path.split("?")[0]
        if method == "GET" and "/tickets/" in path:
            return self.LANG.sub(b'<html lang="en"', body, count=1)
        if method == "GET" and (path.startswith("/api/chat/") or path == "/_staging/mailbox"):
            data = json.loads(body)
            for item in data if isinstance(data, list) else [data]:
                if isinstance(item, dict) and "language" in item:
                    item["language"] = "en"
            return json.dumps(data).encode()
        return body


def test_a_bot_and_mail_in_english_are_caught(tmp_path):
    """The chatbot's language, the acknowledgement e-mail's and the ticket page's (CS-7) have no
    fault profile."""
    with EmbeddedStorefront() as storefront, BrokenShop(storefront.url, EnglishOnly()) as shop:
        run = run_journeys(tmp_path, "-m", "support", "--target", shop.url, "--persona", "DE-0002",
                           "-k", "chatbot_answers or person_takes_over")
    assert run.returncode == 1, run.output
    assert set(run.failed()) == {"test_chatbot_answers_as_the_policy_states[chromium-DE-0002]",
                                 "test_a_person_takes_over_with_the_conversation[chromium-DE-0002]"}, run.outcomes
    for pattern in (r"DE-0002 support: expected chatbot language de, the chat shows en \(CS-7\)",
                    r"DE-0002 support: expected e-mail language de, the acknowledgement e-mail shows en \(CS-7\)",
                    r"DE-0002 support: expected ticket page language de, the ticket page shows en \(CS-7\)",
                    r"DE-0002 support: expected ticket page language de, the escalated ticket's page shows en \(CS-7\)"):
        assert re.search(pattern, run.all_text()), (pattern, run.all_text())


class LeavesOutSaturday:
    """A contact page whose template shows Saturday as closed, though the desk opens and no
    holiday falls on it: no fault profile drops a promised open day."""

    DAY = re.compile(rb'(<tr data-testid="support-day" data-date="(\d{4}-\d\d-\d\d)" data-holiday="false">.*?</tr>)', re.S)
    OPENING = re.compile(rb'<td>.*</td>', re.S)

    def __call__(self, method: str, path: str, client: str):
        return None

    def rewrite(self, method: str, path: str, body: bytes) -> bytes:
        if method != "GET" or not path.split("?")[0].endswith("/contact"):
            return body

        def closed(day: re.Match) -> bytes:
            if dt.date.fromisoformat(day.group(2).decode()).weekday() != 5:
                return day.group(1)
            return self.OPENING.sub(b"<td>Closed</td>", day.group(1))

        return self.DAY.sub(closed, body)


def test_a_promised_open_day_left_off_the_contact_page_is_caught(tmp_path):
    """Every open day of the policy on the contact page (CS-6): Saturday left off is a finding."""
    with EmbeddedStorefront() as storefront, BrokenShop(storefront.url, LeavesOutSaturday()) as shop:
        run = run_journeys(tmp_path, "-m", "support", "--target", shop.url, "--persona", "DE-0001", "-k", "finds_help")
    assert run.returncode == 1, run.output
    assert set(run.failed()) == {"test_finds_help_in_its_language[chromium-DE-0001]"}, run.outcomes
    # the weekdays before Saturday may be fewer in a week with a public holiday
    found = re.search(r"DE-0001 support: expected opening hours Mon–[^(]*, Sat 09:00–14:00 \(Europe/Berlin\), "
                      r"the contact page shows ([^(]*) \(Europe/Berlin\) \(CS-6\)", run.all_text())
    assert found and "Sat" not in found.group(1), run.all_text()
    assert "the help centre shows" not in run.all_text()
