"""Ctrl-C or SIGTERM during a run: it stops within seconds and keeps what it did, the journeys
that finished in the report and the summary written; a load run still writes Locust's files."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..helpers import journey_lines

ENV = {**os.environ, "COLUMNS": "160"}


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"waited {timeout:.0f} s for {what}")


def _lines(path: Path) -> list[dict]:
    return journey_lines(path)


@pytest.mark.slow
def test_sigterm_during_the_journeys_keeps_what_finished(tmp_path):
    progress = tmp_path / "journeys-progress.jsonl"
    run = subprocess.Popen([sys.executable, "-m", "harness.entry", "run", "--personas", "1", "--markets", "DE,JP,FR,US,BR,IN",
                            "--journeys", "service-area,checkout", "--workers", "1", "--no-load",
                            "--reports", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, env=ENV)
    _wait_for(lambda: len(_lines(progress)) >= 2, 180, "two journeys to finish")
    run.send_signal(signal.SIGTERM)
    stopped_at = time.monotonic()
    output, _ = run.communicate(timeout=60)
    assert time.monotonic() - stopped_at < 30, "the run did not stop within seconds"
    assert run.returncode == 130, output
    finished = _lines(progress)
    collected = 6 * 7  # far more than walked: the run really was cut short
    assert 2 <= len(finished) < collected, len(finished)
    summary = (tmp_path / "summary.txt").read_text(encoding="utf-8")
    assert "interrupted" in summary and "Germany" in summary
    results = [json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "allure-results").glob("*-result.json")]
    walked = {r["name"] + json.dumps(r.get("parameters")) for r in results}
    assert len(walked) >= len(finished), "a finished journey is missing from the Allure results"
    assert (tmp_path / "allure-report" / "index.html").exists()
    assert "Traceback" not in output


@pytest.mark.slow
def test_sigint_during_a_load_run_still_writes_its_reports(tmp_path):
    summary = tmp_path / "summary.json"
    load = subprocess.Popen([sys.executable, "-m", "harness.entry", "load", "--markets", "DE,JP", "--users", "6",
                             "--duration", "2m", "--out", str(tmp_path), "--summary", str(summary),
                             "--alluredir", str(tmp_path / "allure")], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=ENV)
    _wait_for(lambda: any(tmp_path.glob("load-*/locust_stats_history.csv")), 90, "the load run to start")
    time.sleep(3)
    load.send_signal(signal.SIGINT)
    stopped_at = time.monotonic()
    output, _ = load.communicate(timeout=60)
    assert time.monotonic() - stopped_at < 20, "the load run did not stop within seconds"
    folder = next(tmp_path.glob("load-*"))
    for name in ("locust_stats.csv", "locust_stats_history.csv", "locust.html"):
        assert (folder / name).exists(), name
    verdicts = json.loads(summary.read_text(encoding="utf-8"))
    assert verdicts["interrupted"] is True and verdicts["passed"] is False
    assert list((tmp_path / "allure").glob("*-result.json")), "no Allure results"
    assert "Traceback" not in output
