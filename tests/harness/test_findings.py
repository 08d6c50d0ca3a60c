"""A journey that could not run says why in one sentence: the target gone, the browser gone, or
the adapter's own exception by its type and message; never a fragment of a traceback. Each
journey is counted once in the progress file, whatever its test process did in its teardown."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import Error

from harness.plugin.listener import JourneyListener
from harness.plugin.outcomes import could_not_run, target_gone, unjudged, why_broken
from harness.shop import Shop


class Catalogue:
    def land(self, page):
        return self.read(page)

    def read(self, page):
        return page["price"]  # a field the page did not have


def _raised(call) -> BaseException:
    try:
        call()
    except Exception as exc:
        return exc
    raise AssertionError("it did not raise")


def test_an_adapter_error_names_the_method_and_its_own_exception():
    shop = Shop("http://shop.test", offers=["catalogue"], catalogue=Catalogue())
    error = _raised(lambda: shop.catalogue.land({}))
    assert why_broken(error, shop) == "the adapter's catalogue.land raised KeyError: 'price'"


def test_an_adapter_error_raised_through_the_harness_is_still_the_adapters():
    shop = Shop("http://shop.test", offers=["catalogue"], catalogue=Catalogue())

    def task():
        try:
            shop.catalogue.land({})
        except KeyError as exc:
            raise RuntimeError("the landing could not be read") from exc

    assert why_broken(_raised(task), shop) == "the adapter's catalogue.land raised KeyError: 'price'"


def test_a_browser_that_went_away_is_said_so():
    closed = Error("Page.goto: Target page, context or browser has been closed\nCall log:\n  - navigating to /")
    assert why_broken(closed, None) == "the browser closed"
    assert why_broken(Error("Page.evaluate: Target crashed"), None) == "the browser crashed"
    # a network error is not the browser going away
    assert why_broken(Error("Page.goto: net::ERR_CONNECTION_CLOSED at http://x/"), None).startswith(
        "the harness raised Error: Page.goto: net::ERR_CONNECTION_CLOSED")


def test_a_target_that_stopped_answering_is_named_and_its_failed_checks_are_not_judged():
    assert target_gone("http://127.0.0.1:9") == "the target http://127.0.0.1:9 stopped answering"
    checks = [{"check": "lands in its market", "entries": ["SA-3"], "status": "failed", "why": "", "gaps": [],
               "seen": 1, "failed_entries": ["SA-3"]},
              {"check": "consent prompt where required", "entries": ["PD-3"], "status": "passed", "why": "",
               "gaps": [], "seen": 1, "failed_entries": []}]
    assert [(c["status"], c["why"]) for c in unjudged(checks, "the target http://127.0.0.1:9 stopped answering")] == [
        ("not checked", "the target http://127.0.0.1:9 stopped answering"), ("passed", "")]


def test_the_harness_own_error_is_one_line_with_where():
    def broken_task():
        {}["x"]

    said = why_broken(_raised(broken_task), None)
    assert said.startswith("the harness raised KeyError: 'x' (tests/harness/test_findings.py:"), said
    assert "\n" not in said and "Traceback" not in said
    assert why_broken(ValueError("no\nmore"), None, when="setup") == "setting up the journey raised ValueError: no"
    assert could_not_run("DE-0001 checkout", "the browser crashed") == "DE-0001 checkout: could not run: the browser crashed"


# --------------------------------------------------------------------------- one line per journey


NODE = "scenarios/test_checkout.py::test_guest_checkout[chromium-DE-0001]"


class Config:
    """What the plugin's progress lines need of pytest's config, on the controller."""

    def __init__(self, progress, hook):
        self.stash = pytest.Stash()
        self.options = {"--progress-file": str(progress), "--alluredir": None}
        self.hook = hook  # pytest_harness_journey_result: this process's, with no implementation

    def getoption(self, name, default=None):
        return self.options.get(name, default)


@pytest.fixture
def controller(tmp_path, pytestconfig):
    """The plugin's listener as the controller has it; `controller()` reads its progress lines."""
    progress = tmp_path / "progress.jsonl"

    def lines() -> list[dict]:
        return [json.loads(line) for line in progress.read_text().splitlines()] if progress.exists() else []

    lines.logreport = JourneyListener(Config(progress, pytestconfig.hook)).pytest_runtest_logreport
    return lines


def _report(when: str, outcome: str = "passed", longrepr=None, keywords=None, **attrs) -> pytest.TestReport:
    report = pytest.TestReport(NODE, ("scenarios/test_checkout.py", 1, "test_guest_checkout"),
                               keywords if keywords is not None else {"checkout": 1}, outcome, longrepr, when)
    report.__dict__.update(attrs)
    return report


def _crash() -> pytest.TestReport:
    """What xdist makes on the controller when a worker dies: no markers, a made-up phase."""
    return _report("???", "failed", f"worker 'gw1' crashed while running {NODE!r}", keywords={})


def test_a_journey_is_written_once_it_is_torn_down(controller):
    controller.logreport(_report("setup"))
    controller.logreport(_report("call", harness_checks=[]))
    assert controller() == []
    controller.logreport(_report("teardown"))
    assert [(line["outcome"], line["journey"], line["persona"]) for line in controller()] == [
        ("passed", "checkout", "DE-0001")]


def test_a_crash_in_teardown_after_a_passed_call_updates_the_journey_not_adds_one(controller):
    controller.logreport(_report("setup"))
    controller.logreport(_report("call", harness_checks=[]))
    controller.logreport(_crash())
    assert [(line["outcome"], line["message"]) for line in controller()] == [
        ("broken", "DE-0001 checkout: its checks passed, then its test process (xdist worker gw1) crashed before "
                   "the journey ended")]


def test_a_crash_during_the_journey_is_one_broken_line_with_its_journey(controller):
    controller.logreport(_crash())  # killed in its set-up: no report of it came before
    assert [(line["outcome"], line["journey"], line["message"]) for line in controller()] == [
        ("broken", "checkout", "DE-0001 checkout: could not run: its test process (xdist worker gw1) crashed while "
                               "running it")]


def test_a_broken_call_carries_the_workers_sentence(controller):
    said = "DE-0001 checkout: could not run: the browser crashed"
    controller.logreport(_report("setup"))
    controller.logreport(_report("call", "failed", "Traceback ... tion] = None", harness_broken=True,
                                            harness_message=said))
    controller.logreport(_report("teardown"))
    assert [(line["outcome"], line["message"]) for line in controller()] == [("broken", said)]
