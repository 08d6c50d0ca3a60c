"""Retries: a journey that failed or broke is walked again (--retries, default 1) and, when it
then passes, is flaky (in Allure, in the progress file, in the tally) rather than passed
silently, with what its first walk found; --retries 0 walks it once."""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from ..allure_results import journey_results
from .broken_shop import BrokenShop
from .journeys import run_journeys

pytestmark = pytest.mark.slow


class StallsOnce:
    """The first look at the home page hangs for longer than a step may wait, as a cold cache or
    a slow edge would; every later request is served."""

    def __init__(self, seconds: float):
        self.seconds, self.stalled, self.lock = seconds, False, threading.Lock()

    def __call__(self, method: str, path: str, client: str):
        # Only the persona's browser (its address stamped by the geo-proxy), not the harness's
        # look at the target before the run.
        if method == "GET" and path.split("?")[0] == "/" and client != "127.0.0.1":
            with self.lock:
                first, self.stalled = not self.stalled, True
            if first:
                time.sleep(self.seconds)
        return None


def _results(folder: Path) -> list[dict]:
    return journey_results(folder)


def test_a_step_that_timed_out_is_walked_again_and_marked_flaky(tmp_path, running_shop):
    results = tmp_path / "allure"
    stall = StallsOnce(6)
    with BrokenShop(running_shop(), stall) as slow:
        # taken as probed (run_journeys), as by `harness run`: the stall is for the journey, not the probe
        run = run_journeys(tmp_path, "-m", "service_area", "-k", "lands", "--markets", "DE", "--target", slow.url,
                           "--step-timeout", "2", "--alluredir", str(results), "--retries", "1")
    assert stall.stalled, "the stall never happened: the test would prove nothing"
    assert run.returncode == 0, run.output
    mine = [r for r in _results(results) if "DE-0001" in json.dumps(r.get("parameters", []))]
    final = [r for r in mine if r["status"] == "passed"]
    assert len(final) == 1 and final[0].get("statusDetails", {}).get("flaky") is True, [(r["status"], r.get("statusDetails"), r["labels"]) for r in mine]
    assert {"name": "tag", "value": "retried"} in final[0]["labels"]
    assert any(r["status"] == "broken" for r in mine), "the first, timed-out walk is not in the report"


class ShowsEurosOnce:
    """The first page a persona gets shows euros where the shop prices in francs (a stale edge
    cache, say); every later page is the shop's own."""

    def __init__(self):
        self.flipped, self.lock = False, threading.Lock()

    def __call__(self, method: str, path: str, client: str):
        return None

    def rewrite(self, method: str, path: str, body: bytes) -> bytes:
        if path.split("?")[0] != "/" or b"CHF" not in body:
            return body
        with self.lock:
            first, self.flipped = not self.flipped, True
        return body.replace(b"CHF", b"EUR") if first else body


def test_a_finding_that_does_not_come_back_is_flaky_with_what_the_first_walk_found(tmp_path, running_shop):
    results = tmp_path / "allure"
    once = ShowsEurosOnce()
    with BrokenShop(running_shop(), once) as shop:
        run = run_journeys(tmp_path, "-m", "service_area", "-k", "lands", "--markets", "CH", "--target", shop.url,
                           "--alluredir", str(results), "--retries", "1")
    assert once.flipped, "the euros were never shown: the test would prove nothing"
    assert run.returncode == 0, run.output
    final = [r for r in _results(results) if r["status"] == "passed"]
    assert len(final) == 1 and final[0]["statusDetails"].get("flaky") is True
    assert any(a["type"] == "application/vnd.allure.playwright-trace" for a in final[0].get("attachments", [])), \
        "the passing walk again has no trace"
    lines = [json.loads(line) for line in (tmp_path / "journeys-0.jsonl").read_text().splitlines()[1:]]
    assert len(lines) == 1 and lines[0]["outcome"] == "passed" and "expected currency CHF" in lines[0]["flaky"], lines


def test_with_no_retries_a_failing_journey_is_walked_once_and_untraced(tmp_path, running_shop):
    results = tmp_path / "allure"
    run = run_journeys(tmp_path, "-m", "service_area", "-k", "lands", "--markets", "CH", "--target", running_shop("wrong-currency"),
                       "--alluredir", str(results), "--retries", "0")
    assert run.returncode == 1 and "expected currency CHF" in run.all_text(), run.output
    mine = _results(results)
    assert len(mine) == 1 and mine[0]["status"] == "failed", [r["status"] for r in mine]
    assert not mine[0]["statusDetails"].get("flaky")
    assert "playwright-trace" not in json.dumps(mine[0])
