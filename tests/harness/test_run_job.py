"""`harness run` end to end against the embedded storefront: green on the clean shop, the faulty
market named in the grid and the report, history kept between runs, bad input refused (in this
process: a refusal starts nothing, see test_bad_input.harness_in_process)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ..allure_results import coverage_results, journey_results
from ..helpers import kept, process
from ..policy_files import relaxed_policy

ARGS = ["run", "--personas", "1", "--journeys", "service-area", "--workers", "1"]
RUN = [sys.executable, "-m", "harness.entry", *ARGS]


def _run(*args: str, timeout: float = 400) -> subprocess.CompletedProcess:
    return subprocess.run(RUN + list(args), capture_output=True, text=True, timeout=timeout,
                          env={"COLUMNS": "160", "PATH": "/usr/bin:/bin", "HOME": str(Path.home())})


def _results(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*-result.json")]


def _labels(result: dict, name: str) -> list[str]:
    return [label["value"] for label in result["labels"] if label["name"] == name]


@pytest.fixture(scope="module")
def two_runs(once):
    """A clean run (journeys, load and report) and a faulty one (journeys only) into one reports
    folder, each starting its own embedded storefront (the load places orders, and --faults is
    what the second run is about): made once per test run, whichever worker asks first."""
    def make(folder: Path) -> dict:
        reports = folder / "reports"
        # Load enough for DE and CH to be judged on their requests, against a latency target no busy
        # machine misses.
        policy = relaxed_policy(folder, ["DE", "CH"])
        clean = _run("--markets", "DE,CH", "--load-duration", "15s", "--load-users", "12", "--journeys-under-load", "1",
                     "--policy", str(policy), "--reports", str(reports))
        clean_results = _results(reports / "allure-results")
        faulty = _run("--markets", "DE,CH", "--faults", "wrong-currency", "--no-load", "--reports", str(reports))
        return {"reports": str(reports), "clean": kept(clean), "clean_results": clean_results, "faulty": kept(faulty)}

    made, _ = once("run-job-two-runs", make)
    return (Path(made["reports"]), process(made["clean"]), made["clean_results"],
            process(made["faulty"]))


@pytest.mark.slow
def test_a_clean_run_is_green_with_journeys_load_and_report(two_runs):
    reports, clean, results, _ = two_runs
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "green: every check that ran passed, in every journey and every region" in clean.stdout
    assert "Switzerland" in clean.stdout and "Service levels per region" in clean.stdout
    assert "Coverage: failure-catalogue entries checked per market" in clean.stdout
    coverage = [r for r in results if _labels(r, "feature") == ["coverage"]]
    assert {(r["name"], r["status"]) for r in coverage} >= {("coverage of Germany (DE)", "passed"),
                                                            ("coverage of Switzerland (CH)", "passed")}
    assert "seed 1" in clean.stdout
    journeys = [r for r in results if "service-area" in _labels(r, "feature")]
    assert {m for r in journeys for m in _labels(r, "epic")} == {"Germany (DE)", "Switzerland (CH)"}
    load = [r for r in results if "load" in " ".join(_labels(r, "feature")).lower()]
    # A gate with too little evidence is skipped (not judged), never passed; nothing failed.
    assert all(r["status"] == "passed" or (r in load and r["status"] == "skipped") for r in results), \
        [(r["name"], r["status"]) for r in results if r["status"] != "passed"]
    assert {r["name"] for r in load if r["status"] == "passed"} >= {"DE p95 latency under steady load",
                                                                    "DE error rate under steady load"}
    persona = {p["name"]: p["value"] for p in journeys[0]["parameters"]}
    assert {"persona", "locale", "currency", "seed"} <= set(persona)
    assert any(a["type"] == "image/jpg" for r in journeys for a in _attachments(r)), "no milestone screenshot"
    assert load and all(_labels(r, "epic") for r in load), "no per-region load results"
    under_load = [r for r in results if "under load" in json.dumps(r)]
    assert under_load, "no journey walked under load"


def _attachments(result: dict) -> list[dict]:
    found = list(result.get("attachments", []))
    for step in result.get("steps", []):
        found += _attachments(step)
    return found


@pytest.mark.slow
def test_a_fault_fails_the_run_naming_the_market(two_runs):
    reports, _, _, faulty = two_runs
    assert faulty.returncode == 1, faulty.stdout + faulty.stderr
    grid = {line.split()[1]: line for line in faulty.stdout.splitlines() if line.startswith("│ ") and line.split()[1] in ("DE", "CH")}
    assert "✗" in grid["CH"] and "✓" in grid["DE"], faulty.stdout
    assert "CH-0001 service-area: expected currency CHF" in faulty.stdout
    failed = [r for r in journey_results(reports / "allure-results") if r["status"] == "failed"]
    assert failed and all(_labels(r, "epic") == ["Switzerland (CH)"] for r in failed)
    assert all("SA-3" in _labels(r, "tag") for r in failed)
    coverage = {r["name"]: r for r in coverage_results(reports / "allure-results")}
    assert coverage["coverage of Switzerland (CH)"]["status"] == "failed"
    assert "SA-3" in coverage["coverage of Switzerland (CH)"]["statusDetails"]["message"]
    assert coverage["coverage of Germany (DE)"]["status"] == "passed"


@pytest.mark.slow
def test_the_report_keeps_history_across_runs(two_runs):
    reports, *_ = two_runs
    assert (reports / "allure-report" / "index.html").exists()
    runs = [line for line in (reports / "history.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(runs) == 2


@pytest.mark.parametrize("args, said", [
    (["--markets", "DX"], "DX"),
    (["--journeys", "checkuot"], "checkuot"),
    (["--seed", "-3"], "--seed"),
    (["--load-duration", "forever"], "forever"),
    (["--journeys-under-load", "40"], "--journeys-under-load"),
    (["--target", "http://shop.example.com"], "shop.example.com"),
    (["--target", "http://127.0.0.1:9", "--no-load"], "http://127.0.0.1:9 is unreachable"),
    (["--target", "ftp://127.0.0.1/", "--no-load"], "is not an http(s) URL"),
    (["--target", "http://qa:pw@127.0.0.1:9", "--no-load"], "give them in HARNESS_BASIC_AUTH"),
    (["--personas-per-market", "0"], "--personas-per-market: 0"),
    (["--load-shape", "flash"], "did you mean flash-sale"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, said, harness_in_process):
    bad = harness_in_process(*ARGS, *args, "--reports", str(tmp_path))
    assert bad.code == 2, bad.text
    assert len(bad.lines) == 1 and said in bad.lines[0], bad.lines
    assert "Traceback" not in bad.text


def test_a_reports_folder_that_cannot_be_written_is_refused(tmp_path, harness_in_process):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    bad = harness_in_process(*ARGS, "--markets", "DE", "--reports", str(blocker / "reports"))
    assert bad.code == 2, bad.text
    assert len(bad.lines) == 1 and "--reports" in bad.lines[0] and "cannot be written" in bad.lines[0], bad.lines


@pytest.mark.slow
def test_a_market_where_nothing_could_be_checked_is_never_green(tmp_path, running_shop):
    """An adapter that can ask the shop nothing: every journey is skipped with its reason, and the
    run is not green (exit 2), naming the market. It asks the shop nothing, so the shared clean
    storefront serves."""
    done = _run("--markets", "DE", "--no-load", "--adapter", "tests.scenarios.partial_shops:nothing",
                "--target", running_shop(), "--reports", str(tmp_path))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "not green: nothing could be checked for DE" in done.stdout
    assert "not checked: the adapter reads no catalogue (DE)" in done.stdout
    assert "green: every" not in done.stdout
