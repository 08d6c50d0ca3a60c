"""The Allure report as QA reads it: a tree by market, journey and persona; titles "DE-0001 ·
lands in its market" and parameters without Python quoting; severity by catalogue area; a failed
check's step saying its finding; the load results' charts and evidence; the coverage per market.
The pure parts are unit-tested; one slow test builds a small report from real results and opens
it in Chromium with every request that would leave the machine aborted."""
from __future__ import annotations

import json
import time
from pathlib import Path

import allure
import pytest
from playwright.sync_api import sync_playwright

from harness import report
from harness.browser import launch_options
from harness.load.report import latency_chart, latency_over_time, write_allure
from harness.plugin.allure_files import AREAS, CATEGORIES, SEVERITIES, severity_of
from harness.plugin.labels import Shown, title
from harness.policy import load_policy
from harness.screenplay import report as steps

from harness.load.gates import FAILED, NOT_JUDGED, PASSED, Result

from ..helpers import loopback_only
from ..scenarios.journeys import run_journeys

# A short run's gates and statistics history, as tests/load/test_load_allure.py has them (not
# imported from there: that module imports Locust, whose gevent patching this process must not get).
RECORDED = [Result("DE", "p95_ms", 120.0, 800.0, PASSED, 240, 20), Result("DE", "error_rate", 0.02, 0.01, FAILED, 240, 20),
            Result("FR", "p95_ms", 40.0, 800.0, NOT_JUDGED, 3, 20), Result("FR", "error_rate", 0.0, 0.01, NOT_JUDGED, 3, 20)]
HISTORY = """Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,90%,95%,99%,Total Request Count
1000,5,GET,[DE] GET /,4.0,0.0,50,90,100,120,5
1001,5,GET,[DE] GET /,4.0,0.0,50,90,140,160,9
1002,5,GET,[DE] GET /,4.0,0.0,50,70,80,90,13
"""

# --------------------------------------------------------------------------- the pure parts


def test_a_journeys_severity_is_its_gravest_catalogue_areas():
    assert severity_of(["CS-7", "CS-3"]) == "normal"  # wording and channels
    assert severity_of(["CS-7", "AS-5"]) == "critical"  # a wrong tax promise, above the wording
    assert severity_of(["SA-3", "AS-3", "PD-2"]) == "blocker"  # exposed customer data, above all
    assert severity_of([]) == severity_of(["XX-1"]) == "normal"
    assert set(AREAS) == {"SA", "CS", "AS", "PD", "CP"} and {s for _, s in AREAS.values()} <= set(SEVERITIES)


def test_the_categories_read_the_same_in_allure_2_and_3():
    """Allure 2 matches a whole message (Java), Allure 3 a part of it (JavaScript, no (?s))."""
    import re

    message = "DE-0001 checkout: expected tax 19 %,\nthe order shows 0 % (AS-5)"
    matched = [c["name"] for c in CATEGORIES if "messageRegex" in c and re.fullmatch(c["messageRegex"], message)]
    assert matched == [AREAS["AS"][0]]
    assert all("(?" not in c.get("messageRegex", "") for c in CATEGORIES)


def test_a_title_is_the_persona_and_the_scenario():
    assert title("DE-0001", "guest checkout") == "DE-0001 · guest checkout"
    assert title("DE-0001", "guest checkout", "under load") == "DE-0001 · guest checkout, under load"


def test_a_parameter_is_shown_as_its_text():
    from allure_commons.utils import represent  # how allure-python-commons writes a parameter

    assert represent("DE-0001") == "'DE-0001'" and represent(Shown("DE-0001")) == "DE-0001"


def test_a_failed_check_step_ends_with_its_finding_and_no_class_path():
    import traceback

    said = "".join(traceback.format_exception_only(steps.Finding, steps.Finding("DE-0001 checkout: x (AS-5)")))
    assert said == "Finding: DE-0001 checkout: x (AS-5)\n"


def test_the_report_is_configured_with_its_tree_and_the_results_categories(tmp_path):
    (tmp_path / "categories.json").write_text(json.dumps(CATEGORIES), encoding="utf-8")
    made = report.config(tmp_path, tmp_path / "history.jsonl", "Regional harness")
    options = made["plugins"]["awesome"]["options"]
    assert options["groupBy"] == ["epic", "feature", "persona"] and options["stepTreeExpansion"] == "collapsed"
    assert made["categories"] == CATEGORIES
    assert "categories" not in report.config(tmp_path / "none", tmp_path / "history.jsonl", "x")


# --------------------------------------------------------------------------- the report, in Chromium

LANDS = ("-m", "service_area", "-k", "lands_in_its_market", "--markets", "CH,DE", "--faults", "wrong-currency")


@pytest.fixture(scope="module")
def built(once):
    """Two journeys walked on the embedded storefront, CH's failing (wrong currency), and a load
    run's results beside them (RECORDED's gates and a small statistics history: the Locust run
    itself is proven in tests/load), built into one report: made once a session."""
    def make(root: Path) -> str:
        results = root / "allure-results"
        run = run_journeys(root, *LANDS, "--alluredir", str(results))
        assert run.failed("CH-0001") and not run.failed("DE-0001"), run.output
        out = root / "load-run"
        out.mkdir()
        (out / "locust_stats_history.csv").write_text(HISTORY, encoding="utf-8")
        policy = load_policy()
        write_allure(results, RECORDED, policy, out, latency_chart(None, ["DE", "FR"], policy, results=RECORDED),
                     "steady", 1, "http://127.0.0.1:40001", None,
                     over_time_svg=latency_over_time(out / "locust_stats_history.csv", ["DE", "FR"], policy))
        return str(report.build(results, root / "allure-report", root / "history.jsonl").path)

    made, _ = once("report-view", make)
    return Path(made)


def _shown(built: Path) -> dict[str, dict]:
    return {r["name"]: r for r in (json.loads(p.read_text(encoding="utf-8"))
                                   for p in (built / "data" / "test-results").glob("*.json"))}


def test_the_results_are_titled_parametered_and_graded_for_qa(built):
    shown = _shown(built)
    ch = shown["CH-0001 · lands in its market"]
    parameters = {p["name"]: p["value"] for p in ch["parameters"]}  # browser_name hidden
    assert set(parameters) == {"persona", "locale", "currency", "seed"}
    assert parameters["persona"] == "CH-0001" and parameters["currency"] == "CHF" and parameters["locale"].endswith("-CH")
    assert not any("'" in p["value"] for r in shown.values() for p in r.get("parameters", []))
    assert not any("[chromium-" in name for name in shown)
    severity = next(label["value"] for label in ch["labels"] if label["name"] == "severity")
    assert severity == "blocker"  # the landing checks the consent prompt (PD-3)
    assert [c["name"] for c in ch["categories"]] == [AREAS["SA"][0]]


@pytest.mark.slow  # a browser on the report; the journeys and the build are the module's, made once
def test_the_report_reads_by_market_with_findings_charts_and_coverage_offline(built):
    server, url = report.serve(built)
    attempted = []

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.route("**/*", loopback_only(attempted))
            page.goto(url)
            leaf = page.get_by_test_id("tree-leaf-title")
            leaf.filter(has_text="CH-0001 · lands in its market").first.wait_for(timeout=20_000)
            # the tree's first level: the markets (their epics); under them the journeys, the personas
            levels = page.evaluate("""() => [...document.querySelectorAll('[data-testid=tree-section-title]')].map(t => {
                let depth = 0;
                for (let e = t; e; e = e.parentElement) if (e.dataset && e.dataset.testid === 'tree-content') depth++;
                return [depth, t.innerText]; })""")
            assert {name for depth, name in levels if depth == 1} == {"Switzerland (CH)", "Germany (DE)", "France (FR)"}
            assert [1, "Switzerland (CH)"] in levels and [2, "service-area"] in levels and [3, "CH-0001"] in levels
            body = page.inner_text("body")
            assert "[chromium-" not in body
            allure.attach(page.screenshot(), name="the report's tree", attachment_type=allure.attachment_type.PNG)

            leaf.filter(has_text="CH-0001 · lands in its market").first.click()
            page.get_by_test_id("test-result-error-message").first.wait_for()
            shown = page.inner_text("body")
            params = shown[shown.index("Parameters"):shown.index("Labels")]
            assert "CH-0001" in params and "CHF" in params and "'" not in params and "chromium" not in params
            page.get_by_text("Test body").first.click()
            page.get_by_text("check: lands in its market, language and currency").first.click()
            page.get_by_text("✗ currency: expected CHF").first.click()
            finding = page.get_by_text("Finding: CH-0001 service-area: expected currency CHF, the landing page shows EUR (SA-3)")
            finding.first.wait_for()
            assert "_CheckFailed" not in page.inner_text("body") and "harness.screenplay" not in page.inner_text("body")
            allure.attach(page.screenshot(), name="a failed check's finding", attachment_type=allure.attachment_type.PNG)

            page.goto(url)  # the p95 result of DE: its region's gates and the region's p95 over the run
            leaf.filter(has_text="DE p95 latency under steady load").first.click()
            page.get_by_text("Test body").first.click()
            page.get_by_text("p95 latency of DE over the run").first.click()
            chart = page.locator("img[src^='blob:']").first
            chart.wait_for()
            time.sleep(0.5)
            assert page.evaluate("i => i.naturalWidth", chart.element_handle()) > 0 and chart.bounding_box()["height"] > 50
            gates = page.frame_locator("[data-testid=test-result-description-frame]").locator("table")
            assert "240 requests of 20 needed" in gates.inner_text()
            allure.attach(page.screenshot(), name="a load result: gates and p95 over the run",
                          attachment_type=allure.attachment_type.PNG)

            page.goto(url)  # the coverage of a market: entries checked, failed, not checked
            leaf.filter(has_text="coverage of Switzerland (CH)").first.click()
            grid = page.frame_locator("[data-testid=test-result-description-frame]").locator("table")
            grid.wait_for()
            assert "SA-3" in grid.inner_text() and "failed" in grid.inner_text() and grid.bounding_box()["height"] > 20
            allure.attach(page.screenshot(), name="the coverage of a market", attachment_type=allure.attachment_type.PNG)
            browser.close()
    finally:
        server.shutdown()
    assert attempted == []
