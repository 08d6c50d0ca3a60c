"""A load run's Allure results built into a real report by the Allure 3 command line: one result
per region and metric, every attachment there, the chart honest about regions it cannot judge."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from locust.stats import RequestStats

from harness import report
from harness.load.gates import FAILED, NOT_JUDGED, PASSED, Result
from harness.load.report import latency_chart, latency_over_time, p95_over_time, write_allure
from harness.policy import load_policy

ROOT = Path(__file__).resolve().parents[2]
RECORDED = [  # what a short run of DE and FR might have judged: market, metric, measured, target, status, samples, minimum
    Result("DE", "p95_ms", 120.0, 800.0, PASSED, 240, 20),
    Result("DE", "error_rate", 0.02, 0.01, FAILED, 240, 20),
    Result("DE", "checkout_success", 1.0, 0.98, PASSED, 12, 5),
    Result("DE", "support_first_response_s", None, 10.0, NOT_JUDGED, 0, 5),
    Result("FR", "p95_ms", 40.0, 800.0, NOT_JUDGED, 3, 20),
    Result("FR", "error_rate", 0.0, 0.01, NOT_JUDGED, 3, 20),
    Result("FR", "checkout_success", None, 0.98, NOT_JUDGED, 0, 5),
    Result("FR", "support_first_response_s", None, 10.0, NOT_JUDGED, 0, 5),
]


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def locust_files(folder: Path) -> Path:
    """What Locust leaves in a run's folder, small."""
    folder.mkdir(parents=True)
    (folder / "locust.html").write_text("<html><body><h1>Locust</h1></body></html>", encoding="utf-8")
    (folder / "locust_stats.csv").write_text("Type,Name,Request Count\nGET,[DE] GET /,240\nGET,[FR] GET /,3\n", encoding="utf-8")
    (folder / "locust_stats_history.csv").write_text("Timestamp,User Count\n1,5\n", encoding="utf-8")
    (folder / "locust_failures.csv").write_text("Method,Name,Error,Occurrences\n", encoding="utf-8")
    return folder


def write_run(results_dir: Path, out: Path, policy, results=RECORDED, target="http://127.0.0.1:40001",
              run_label: str | None = None) -> None:
    write_allure(results_dir, results, policy, out, latency_chart(None, ["DE", "FR"], policy, results=results),
                 "steady", 1, target, None, run_label=run_label)


def built_results(report_dir: Path) -> list[dict]:
    """The results as the generated report holds them."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in (report_dir / "data" / "test-results").glob("*.json")]


def attachment_links(result: dict) -> list[dict]:
    """Every attachment a result of the report points at: in its steps and its set-up and tear-down."""
    def links(steps):
        for step in steps or ():
            if step.get("type") == "attachment":
                yield step["link"]
            yield from links(step.get("steps"))
    fixtures = (result.get("setup") or []) + (result.get("teardown") or [])
    return [*links(result.get("steps")), *(link for fixture in fixtures for link in links(fixture.get("steps")))]


def assert_every_attachment_is_there(report_dir: Path, results: list[dict]) -> None:
    files = {p.name for p in (report_dir / "data" / "attachments").iterdir()}
    for result in results:
        links = attachment_links(result)
        assert links, result["name"]
        for link in links:
            assert not link.get("missed") and f"{link['id']}{link['ext']}" in files, (result["name"], link)


@pytest.fixture(scope="module")
def one_run(once, policy):
    """RECORDED's Allure results and the report built of them: built once a session, whichever
    worker asks first (conftest's `once`)."""
    def make(root):
        write_run(root / "results", locust_files(root / "load-run"), policy)
        return str(report.build(root / "results", root / "allure-report").path)

    built, root = once("load-allure-one-run", make)
    return root / "results", SimpleNamespace(path=Path(built))


def test_one_result_per_region_and_metric_each_its_own_test_case(one_run):
    results_dir, built = one_run
    raw = [json.loads(p.read_text(encoding="utf-8")) for p in results_dir.glob("*-result.json")]
    assert len(raw) == len(RECORDED)
    assert len({r["testCaseId"] for r in raw}) == len({r["historyId"] for r in raw}) == len(RECORDED)
    shown = built_results(built.path)
    assert sorted(r["name"] for r in shown) == sorted(r["name"] for r in raw)
    assert len({r["historyId"] for r in shown}) == len({r["testCase"]["id"] for r in shown}) == len(RECORDED)
    summary = json.loads((built.path / "summary.json").read_text(encoding="utf-8"))
    assert summary["stats"]["total"] == len(RECORDED) and not summary["stats"].get("retries")


def test_every_attachment_of_every_result_is_in_the_report(one_run):
    _, built = one_run
    shown = built_results(built.path)
    assert_every_attachment_is_there(built.path, shown)
    names = {link["name"] for link in attachment_links(shown[0])}
    assert {"Locust report", "Locust statistics (CSV)", "p95 latency per region"} <= names


def test_not_judged_is_skipped_with_its_reason_and_a_miss_names_its_catalogue_entry(one_run):
    _, built = one_run
    shown = {r["name"]: r for r in built_results(built.path)}
    fr = shown["FR p95 latency under steady load"]
    assert fr["status"] == "skipped" and fr["error"]["message"] == RECORDED[4].said  # the gate's own words
    de = shown["DE error rate under steady load"]
    assert de["status"] == "failed" and de["error"]["message"].startswith("missed: ")
    assert de["error"]["message"].endswith("(CP-1)")
    from harness.plugin.allure_files import CATEGORIES

    found = [c["name"] for c in CATEGORIES if "messageRegex" in c and "failed" in c["matchedStatuses"]
             and re.fullmatch(c["messageRegex"], de["error"]["message"])]
    assert found == ["Capacity defects (CP)"], found  # in the report's category for its area
    assert shown["DE p95 latency under steady load"]["status"] == "passed"
    severities = {r["name"]: next(label["value"] for label in r["labels"] if label["name"] == "severity") for r in shown.values()}
    assert severities["DE checkout success under steady load"] == "critical"
    assert severities["DE p95 latency under steady load"] != "critical"


def test_a_region_keeps_its_history_across_runs_and_waves_stay_apart(tmp_path, policy):
    out = locust_files(tmp_path / "load-run")
    write_run(tmp_path / "night1", out, policy, target="http://127.0.0.1:40001")
    again = [Result(r.market, r.metric, (r.measured or 0) * 2, r.target, r.status, r.samples + 1, r.minimum) for r in RECORDED]
    write_run(tmp_path / "night2", out, policy, results=again, target="http://127.0.0.1:40002")
    history = tmp_path / "history.jsonl"
    report.build(tmp_path / "night1", tmp_path / "report1", history)
    second = built_results(report.build(tmp_path / "night2", tmp_path / "report2", history).path)
    assert all(len(r["history"]) == 1 for r in second), [r["name"] for r in second if len(r["history"]) != 1]

    for wave in ("wave 1", "wave 2"):  # the open markets run again in every wave of a rehearsal
        write_run(tmp_path / "rehearsal", out, policy, run_label=wave)
    built = report.build(tmp_path / "rehearsal", tmp_path / "report3", tmp_path / "history3.jsonl")
    waves = built_results(built.path)
    assert len(waves) == 2 * len(RECORDED) and len({r["historyId"] for r in waves}) == 2 * len(RECORDED)
    assert_every_attachment_is_there(built.path, waves)


def test_the_chart_draws_no_bar_for_a_region_it_cannot_judge(policy):
    svg = latency_chart(None, ["DE", "FR"], policy, results=RECORDED)
    assert 'id="p95-DE"' in svg and 'id="p95-FR"' not in svg  # FR had 3 requests of the 20 a p95 needs
    assert "not judged (3/20)" in svg and "120 ms (240 requests)" in svg


def test_the_chart_without_gate_results_draws_no_bar_for_a_region_without_requests(policy):
    stats = RequestStats()
    for ms in (40, 60, 90):
        stats.log_request("GET", "[DE] GET /", ms, 1000)
    svg = latency_chart(SimpleNamespace(stats=stats), ["DE", "FR"], policy)
    assert 'id="p95-DE"' in svg and 'id="p95-FR"' not in svg and "not judged (no requests)" in svg


HISTORY = """Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,90%,95%,99%,Total Request Count
1000,0,,Aggregated,0.0,0.0,N/A,N/A,N/A,N/A,0
1001,5,GET,[DE] GET /,0.0,0.0,0,0,0,0,1
1001,5,GET,[JP] GET /,2.0,0.0,300,900,950,990,2
1002,5,GET,[DE] GET /,4.0,0.0,50,90,100,120,5
1002,5,POST,[DE] POST /cart,1.0,0.0,100,180,200,220,1
1002,5,,Aggregated,5.0,0.0,60,100,110,200,6
1003,5,GET,[DE] GET /,4.0,0.0,50,70,80,90,9
1003,5,GET,[JP] GET /,2.0,0.0,300,900,N/A,990,4
"""


def test_a_regions_p95_over_time_is_its_requests_p95_weighted_by_their_rates(tmp_path):
    history = tmp_path / "locust_stats_history.csv"
    history.write_text(HISTORY, encoding="utf-8")
    series = p95_over_time(history)
    # DE: no traffic in the first second's window (rate 0) is no figure; then (100*4 + 200*1) / 5
    assert series["DE"] == [(2.0, 120.0), (3.0, 80.0)]
    assert series["JP"] == [(1.0, 950.0)]  # "N/A": no figure
    assert "FR" not in series and p95_over_time(tmp_path / "none.csv") is None


def test_the_chart_over_time_draws_a_line_per_region_and_says_when_a_region_had_no_requests(tmp_path, policy):
    history = tmp_path / "locust_stats_history.csv"
    history.write_text(HISTORY, encoding="utf-8")
    svg = latency_over_time(history, ["DE", "JP", "FR"], policy)
    assert 'id="p95-over-time-DE"' in svg and 'id="p95-over-time-JP"' in svg
    assert 'id="p95-over-time-FR"' not in svg and 'id="p95-over-time-FR-none"' in svg and "no requests" in svg
    assert not re.search(r"(href|src)=\"(https?:)?//|url\((?!#)|@import", svg)  # nothing it would fetch
    assert latency_over_time(tmp_path / "none.csv", ["DE"], policy) is None


def test_each_load_result_shows_every_gate_of_its_region_with_its_evidence(one_run):
    _, built = one_run
    shown = {r["name"]: r for r in built_results(built.path)}
    table = shown["DE p95 latency under steady load"]["descriptionHtml"]
    assert table.count("<tr>") == 1 + 4  # the header and DE's four gates
    assert "<b>240 requests of 20 needed</b>" in table and "12 checkouts of 5 needed" in table
    assert "3 requests of 20 needed" in shown["FR p95 latency under steady load"]["descriptionHtml"]


@pytest.mark.slow  # the embedded storefront, a load run, and the Allure command line
def test_a_real_load_run_built_by_harness_report(tmp_path):
    """End to end: `harness load` on the embedded storefront, then `harness report`. The report is
    about the results, whatever their verdict: a few seconds of load make them."""
    env = {**os.environ, "COLUMNS": "160"}
    load = subprocess.run([sys.executable, "-m", "harness.entry", "load", "--duration", "3s", "--users", "5",
                           "--markets", "DE,FR", "--alluredir", str(tmp_path / "results"), "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=180, env=env)
    # 2 as well: so short a run may leave a region not judged, which is never green
    assert load.returncode in (0, 1, 2) and any((tmp_path / "results").glob("*-result.json")), load.stdout + load.stderr
    built = subprocess.run([sys.executable, "-m", "harness.entry", "report", "--results", str(tmp_path / "results"),
                            "--out", str(tmp_path / "allure-report")], cwd=ROOT, capture_output=True, text=True,
                           timeout=300, env=env)
    assert built.returncode == 0, built.stdout + built.stderr
    shown = built_results(tmp_path / "allure-report")
    assert len(shown) == 2 * 4 and len({r["historyId"] for r in shown}) == 8
    assert_every_attachment_is_there(tmp_path / "allure-report", shown)
