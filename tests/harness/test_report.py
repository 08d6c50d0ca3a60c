"""The Allure HTML report: built with history, opened offline without a request leaving the machine."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import allure
import pytest
from playwright.sync_api import sync_playwright

from harness import report
from harness.browser import launch_options
from harness.errors import UserInputError

from ..helpers import loopback_only

ROOT = Path(__file__).resolve().parents[2]


def _results(folder: Path, status: str = "passed") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for market, name in (("DE", "Germany"), ("JP", "Japan")):
        result = {"uuid": str(uuid.uuid4()), "historyId": f"landing-{market}", "name": f"{market}-0001 service-area: lands",
                  "fullName": f"scenarios.test_service_area#{market}", "status": status, "stage": "finished",
                  "start": 1_700_000_000_000, "stop": 1_700_000_001_000,
                  "statusDetails": {"message": "" if status == "passed" else f"{market}-0001 service-area: expected currency (SA-3)"},
                  "labels": [{"name": "epic", "value": f"{name} ({market})"}, {"name": "feature", "value": "service-area"},
                             {"name": "story", "value": "Lands in its market"}, {"name": "tag", "value": "SA-3"}]}
        (folder / f"{result['uuid']}-result.json").write_text(json.dumps(result), encoding="utf-8")
    return folder


def _runs_in(history: Path) -> int:
    return sum(1 for line in history.read_text(encoding="utf-8").splitlines() if line.strip())


@dataclass
class Built:
    root: Path
    first: report.Built
    again: report.Built  # the first run's results built a second time
    runs_after_building_it_again: int
    second: report.Built


def _kept(built: report.Built) -> list:
    return [str(built.path), built.results, str(built.history)]


def _read(kept: list) -> report.Built:
    return report.Built(Path(kept[0]), kept[1], Path(kept[2]))


@pytest.fixture(scope="module")
def built(once):
    """A first run's report, built twice (the same results again), then a second run's, into one
    report folder with the history beside it (the default): three builds several tests read,
    made once per test run."""
    def make(root: Path) -> dict:
        run1 = _results(root / "run1")
        first = report.build(run1, root / "allure-report")
        again = report.build(run1, root / "allure-report")
        runs = _runs_in(again.history)
        second = report.build(_results(root / "run2", status="failed"), root / "allure-report")
        return {"root": str(root), "first": _kept(first), "again": _kept(again), "runs": runs, "second": _kept(second)}

    made, _ = once("report-built", make)
    return Built(Path(made["root"]), _read(made["first"]), _read(made["again"]), made["runs"], _read(made["second"]))


def test_history_is_kept_between_runs(built):
    assert built.second.history == built.first.history and built.second.history.exists()
    assert _runs_in(built.second.history) == 2


def test_building_the_same_run_again_counts_it_once_in_the_history(built):
    assert built.runs_after_building_it_again == 1 and (built.again.path / "index.html").exists()
    assert _runs_in(built.second.history) == 2
    assert [p.name for p in built.root.iterdir() if p.name.startswith(".")] == []  # no draft left behind


def test_no_analytics_in_any_page(built):
    second = built.second
    for page in second.path.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "googletagmanager" not in text and "gtag(" not in text, page


@pytest.mark.slow
def test_the_report_renders_offline_with_every_outside_request_blocked(built):
    second = built.second
    server, url = report.serve(second.path)
    attempted = []

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            page = browser.new_page()
            page.route("**/*", loopback_only(attempted))
            page.goto(url)
            page.get_by_text("JP-0001 service-area: lands").first.wait_for(timeout=20_000)
            allure.attach(page.screenshot(), name="the report, offline", attachment_type=allure.attachment_type.PNG)
            assert page.get_by_text("DE-0001 service-area: lands").count() >= 1
            browser.close()
    finally:
        server.shutdown()
    assert attempted == []


def test_no_results_is_a_clear_error(tmp_path):
    with pytest.raises(UserInputError, match="no Allure results to build a report from"):
        report.build(tmp_path / "nothing", tmp_path / "out")


def test_a_failed_build_leaves_the_history_as_it_was(tmp_path, monkeypatch):
    history = tmp_path / "history.jsonl"
    report.build(_results(tmp_path / "run1"), tmp_path / "allure-report", history)
    before = history.read_bytes()
    monkeypatch.setenv("HARNESS_ALLURE", "/bin/false")
    with pytest.raises(UserInputError, match="allure generate failed"):
        report.build(_results(tmp_path / "run2"), tmp_path / "allure-report", history)
    assert history.read_bytes() == before


def harness(*args: str, **popen) -> subprocess.Popen:
    env = {**os.environ, "COLUMNS": "200", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "harness.entry", *args], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


@pytest.fixture
def busy_port():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield str(taken.getsockname()[1])


@pytest.mark.parametrize("port", ["-1", "70000", "abc", "busy"])
def test_a_bad_or_busy_port_is_one_line_before_anything_is_built(tmp_path, port, request, harness_in_process):
    port = request.getfixturevalue("busy_port") if port == "busy" else port
    done = harness_in_process("report", "--results", str(_results(tmp_path / "results")), "--out", str(tmp_path / "report"),
                              "--open", "--port", port)
    assert done.code == 2 and len(done.lines) == 1 and not done.out, done.text
    assert "--port" in done.lines[0] and port in done.lines[0] and "Traceback" not in done.text
    assert not (tmp_path / "report").exists()


@pytest.mark.slow
def test_ctrl_c_while_serving_stops_quietly_with_130(tmp_path):
    """A real process and a real signal: Ctrl-C is what stops serving."""
    proc = harness("report", "--results", str(_results(tmp_path / "results")), "--out", str(tmp_path / "report"),
                   "--history", str(tmp_path / "history.jsonl"), "--open")
    watchdog = threading.Timer(240, proc.kill)  # a hang fails the test instead of stalling the suite
    watchdog.start()
    try:
        url = next(m.group(0) for line in proc.stdout if (m := re.search(r"http://127\.0\.0\.1:\d+/", line)))
        with urllib.request.urlopen(url + "index.html", timeout=30) as page:
            assert page.status == 200
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        watchdog.cancel()
    assert proc.returncode == 130, out + err
    assert "Traceback" not in err
