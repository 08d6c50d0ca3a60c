"""A shop without some parts (no support desk, no after-sales, no mail catcher, no order API):
what its adapter cannot ask is reported not checked, with the reason, never passed, failed or
broken; a journey with nothing left to check is skipped; the rest still passes. (The fault
tests of each journey walk with such adapters too: every fault is still caught where its check
runs.)"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..policy_files import policy_copy
from .journeys import run_journeys
from .partial_shops import ADAPTER as ADAPTERS
from .test_checkout_journey import walker

pytestmark = pytest.mark.slow


def _id(test: str, market: str = "DE") -> str:
    return f"test_{test}[chromium-{walker(market).id}]"


def test_without_support_its_journeys_are_skipped_with_the_reason(tmp_path, running_shop):
    run = run_journeys(tmp_path, "--markets", "DE", "-m", "support or after_sales", "--target", running_shop(),
                       "-k", "not after_the_window and not warranty_claims", "--adapter", ADAPTERS + "without_support")
    assert run.returncode == 0, run.output
    for test, reason in (("finds_help_in_its_language", "the adapter reads no help centre (help centre in its language)"),
                         ("chatbot_answers_as_the_policy_states", "the adapter has no chatbot (chatbot states the policy"),
                         ("a_person_takes_over_with_the_conversation", "the adapter has no chatbot (a person within")):
        assert run.outcomes[_id(test)] == "skipped", run.outcomes
        assert "DE support: nothing checked: " in run.messages[_id(test)]
        assert reason in run.messages[_id(test)], run.messages[_id(test)]
    # after-sales still walks: the chatbot's refund answer and the ticket page are said not checked
    inside, private = _id("return_inside_the_window"), _id("order_return_and_ticket_stay_private")
    assert run.outcomes[inside] == run.outcomes[private] == "passed", run.outcomes
    refund_time = run.check(inside, "refund time the same on every channel")
    assert refund_time["status"] == "passed"
    assert refund_time["gaps"] == ["the chatbot's answer: the adapter has no chatbot"]
    masked = run.check(private, "personal data masked as the policy says")
    assert masked["gaps"] == ["the ticket page: the adapter has no ticket desk"]


def test_without_aftersales_its_journeys_are_skipped_with_the_reason(tmp_path, running_shop):
    run = run_journeys(tmp_path, "--markets", "DE", "-m", "after_sales", "--target", running_shop(),
                       "--adapter", ADAPTERS + "without_aftersales")
    assert run.returncode == 0, run.output
    assert len(run.outcomes) == 4 and set(run.outcomes.values()) == {"skipped"}, run.outcomes
    assert all("DE after-sales: nothing checked: the adapter has no after-sales order page" in message
               for message in run.messages.values()), run.messages


def test_without_a_mailbox_the_mails_are_not_checked_and_the_rest_passes(tmp_path, running_shop):
    alluredir = tmp_path / "allure"
    run = run_journeys(tmp_path, "--markets", "DE", "--target", running_shop(),
                       "-k", "guest_checkout or person_takes_over or inside_the_window",
                       "--adapter", ADAPTERS + "without_mailbox", "--alluredir", str(alluredir))
    assert run.returncode == 0, run.output
    guest, person = _id("guest_checkout"), _id("a_person_takes_over_with_the_conversation")
    inside = _id("return_inside_the_window")
    assert {run.outcomes[t] for t in (guest, person, inside)} == {"passed"}, run.outcomes
    mail = run.check(guest, "confirmation e-mail")
    assert (mail["status"], mail["why"]) == ("not checked", "the adapter reads no mailbox")
    assert run.check(guest, "confirmation shows what it typed")["status"] == "passed"
    assert run.check(person, "request acknowledged")["gaps"] == ["the acknowledgement e-mail: the adapter reads no mailbox"]
    assert run.check(inside, "refund time the same on every channel")["gaps"] == [
        "the refund e-mail: the adapter reads no mailbox"]
    # the report says so on the journey, in the words a QA engineer files it
    said = "\n".join(p.read_text(encoding="utf-8") for p in alluredir.glob("*-attachment.txt"))
    assert "DE checkout: confirmation e-mail not checked: the adapter reads no mailbox" in said


def test_without_an_order_api_its_check_is_not_made(tmp_path, running_shop):
    run = run_journeys(tmp_path, "--markets", "DE", "-k", "guest_checkout", "--target", running_shop(),
                       "--adapter", ADAPTERS + "without_order_api")
    assert run.returncode == 0, run.output
    stored = run.check(_id("guest_checkout"), "order API keeps what it typed")
    assert (stored["status"], stored["why"]) == ("not checked", "the adapter has no order API")
    assert "refuses the owner" not in run.all_text()


def test_an_adapter_that_can_ask_nothing_checks_nothing_and_is_never_green(tmp_path, running_shop):
    alluredir = tmp_path / "allure"
    run = run_journeys(tmp_path, "--markets", "DE", "-m", "service_area or checkout", "--target", running_shop(),
                       "--adapter", ADAPTERS + "nothing",
                       "--alluredir", str(alluredir))
    assert run.returncode == 0, run.output  # pytest's view: skipped is not failed
    assert set(run.outcomes.values()) == {"skipped"}, run.outcomes
    coverage = [json.loads(p.read_text(encoding="utf-8")) for p in Path(alluredir).glob("*-coverage-*-result.json")]
    assert [(c["name"], c["status"]) for c in coverage] == [("coverage of Germany (DE)", "skipped")]
    assert coverage[0]["statusDetails"]["message"] == "nothing could be checked for Germany"


def test_a_policy_of_three_markets_collects_and_runs(tmp_path, running_shop):
    """A policy directory of a few markets (the traveller's VPN exit NL, a market of the full
    policy, is not one of them): the journeys of those markets are collected, and the landing and
    the traveller's walked in each, and pass."""
    policy = policy_copy(tmp_path, ("DE", "JP", "US"))
    run = run_journeys(tmp_path, "--policy", str(policy), "-m", "service_area or traveller", "--target", running_shop(),
                       "-k", "lands_in_its_market or keeps_its_account_abroad")
    assert run.returncode == 0, run.output
    walked = {test.rsplit("-", 2)[-2] for test in run.outcomes}
    assert walked == {"DE", "JP", "US"}, run.outcomes
    assert set(run.outcomes.values()) == {"passed"}, run.failed()
    assert sorted(test.split("[")[0] for test in run.outcomes) == ["test_keeps_its_account_abroad"] * 3 + [
        "test_lands_in_its_market"] * 3, run.outcomes
