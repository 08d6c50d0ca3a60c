"""Retries: a journey whose step timed out is walked again and, when it then passes, is marked
flaky in Allure rather than passed silently; a failed expectation is never walked again."""
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
                           "--step-timeout", "2", "--alluredir", str(results))
    assert stall.stalled, "the stall never happened: the test would prove nothing"
    assert run.returncode == 0, run.output
    mine = [r for r in _results(results) if "DE-0001" in json.dumps(r.get("parameters", []))]
    final = [r for r in mine if r["status"] == "passed"]
    assert len(final) == 1 and final[0].get("statusDetails", {}).get("flaky") is True, [(r["status"], r.get("statusDetails"), r["labels"]) for r in mine]
    assert {"name": "tag", "value": "retried"} in final[0]["labels"]
    assert any(r["status"] == "broken" for r in mine), "the first, timed-out walk is not in the report"


def test_a_failed_expectation_is_not_walked_again(tmp_path, running_shop):
    results = tmp_path / "allure"
    run = run_journeys(tmp_path, "-m", "service_area", "-k", "lands", "--markets", "CH", "--target", running_shop("wrong-currency"),
                       "--alluredir", str(results))
    assert run.returncode == 1 and "expected currency CHF" in run.all_text(), run.output
    mine = _results(results)
    assert len(mine) == 1 and mine[0]["status"] == "failed", [r["status"] for r in mine]
    assert not mine[0]["statusDetails"].get("flaky")
