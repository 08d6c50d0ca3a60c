"""Faults during a run: the target dying mid-run and a test process killed. The run goes on to
its end, reports what could not run as broken (not as product failures), and every journey that
started has its Allure result."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from harness.target import EmbeddedStorefront

from ..allure_results import journey_results
from ..helpers import journey_lines

ENV = {**os.environ, "COLUMNS": "160"}
JOURNEYS = "service-area,checkout"
# One market: enough journeys after the fault (5 of 7) to show the run going on to its end.
MARKETS = "DE"
WALKED = 7  # the journeys of JOURNEYS in MARKETS


def _lines(path: Path) -> list[dict]:
    return journey_lines(path)


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"waited {timeout:.0f} s for {what}")


def _journeys_in(results: Path) -> set[str]:
    walked = set()
    for result in journey_results(results):
        walked.add(result.get("fullName", "") + json.dumps(result.get("parameters")))
    return walked


@pytest.mark.slow
def test_the_target_dying_mid_run_leaves_the_rest_broken_not_failed(tmp_path):
    progress = tmp_path / "journeys-progress.jsonl"
    with EmbeddedStorefront() as shop:
        run = subprocess.Popen([sys.executable, "-m", "harness.entry", "run", "--personas", "1", "--target", shop.url, "--markets", MARKETS,
                                "--journeys", JOURNEYS, "--workers", "1", "--no-load",
                                "--reports", str(tmp_path)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV)
        _wait_for(lambda: len(_lines(progress)) >= 2, 180, "two journeys to finish")
        before = len(_lines(progress))
        shop.stop()
        died_at = time.monotonic()
        output, _ = run.communicate(timeout=300)
    assert time.monotonic() - died_at < 180, "the run took too long to end once the target was gone"
    lines = _lines(progress)
    after = lines[before:]
    assert after, "no journey was reported after the target died"
    assert not [r for r in after if r["outcome"] == "failed"], [r["message"][:200] for r in after if r["outcome"] == "failed"]
    assert any(r["outcome"] == "broken" for r in after)
    assert run.returncode == 2, output[-2000:]  # nothing the shop did wrong: a harness/target problem
    assert len(lines) == WALKED, "the run did not go on to its end"
    assert len(_journeys_in(tmp_path / "allure-results")) >= len(lines), "a started journey has no Allure result"
    broken = [r for r in lines if r["outcome"] == "broken"]
    gone = re.compile(rf"[A-Z]{{2}}-\d{{4}} [a-z-]+: could not run: the target {re.escape(shop.url)} stopped answering")
    assert all(gone.fullmatch(r["message"]) for r in broken), [r["message"] for r in broken if not gone.fullmatch(r["message"])]
    # what their checks saw was an error page: not checked, never a failure of the shop in the coverage grid
    assert not [c["check"] for r in broken for c in r["checks"] if c["status"] == "failed"]
    # JUnit files them as errors (the harness could not go on), not as failures of the shop
    cases = list(ET.parse(tmp_path / "junit.xml").getroot().iter("testcase"))
    assert not [c for c in cases if c.find("failure") is not None]
    errors = [c.find("error").get("message") for c in cases if c.find("error") is not None]
    assert sorted(errors) == sorted(r["message"] for r in broken)
    # the findings `harness run` prints read the same, and its progress line counts them as broken
    assert all(r["message"] in output for r in broken[:20]), output[-3000:]
    assert not re.search(r"could not run: (?!the target )", output), output[-3000:]
    assert re.findall(r"(\d+) failed, (\d+) broken", output)[-1] == ("0", str(len(broken))), output[-3000:]


@pytest.mark.slow
def test_a_killed_test_process_is_broken_and_the_others_go_on(tmp_path):
    progress = tmp_path / "progress.jsonl"
    results = tmp_path / "allure"
    with EmbeddedStorefront() as shop:
        run = subprocess.Popen([sys.executable, "-m", "pytest", "scenarios", "--personas", "1", "-m", "service_area or checkout", "-n", "2",
                                "--target", shop.url, "--markets", MARKETS, "-p", "no:cacheprovider", "-q",
                                # with retries the crashed journey is walked again elsewhere; here it must show
                                "--retries", "0",
                                "--alluredir", str(results), "--progress-file", str(progress)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV,
                               cwd=Path(__file__).resolve().parents[2])
        _wait_for(lambda: len(_lines(progress)) >= 2, 180, "two journeys to finish")
        workers = subprocess.run(["pgrep", "-P", str(run.pid)], capture_output=True, text=True).stdout.split()
        assert workers, "no xdist worker to kill"
        os.kill(int(workers[0]), signal.SIGKILL)
        output, _ = run.communicate(timeout=400)
    lines = _lines(progress)
    crashed = [r for r in lines if "its test process (xdist worker" in r["message"]]
    assert len(crashed) == 1 and crashed[0]["outcome"] == "broken", output[-3000:]
    assert sum(r["outcome"] == "passed" for r in lines) >= len(lines) - 1, "the other journeys did not go on"
    # each journey once, the crashed one too (even when its process died in its teardown, after it passed)
    assert len(lines) == len({r["nodeid"] for r in lines}) == WALKED, (len(lines), output[-1500:])
    assert len(_journeys_in(results)) >= len(lines), "the crashed journey has no Allure result"


def test_a_full_disk_is_refused_in_one_line(tmp_path, harness_in_process):
    full = tmp_path / "full"
    full.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", str(full)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:  # refused before anything starts, so in this process
        done = harness_in_process("run", "--personas", "1", "--markets", "DE", "--no-load", "--reports", str(full / "reports"))
    finally:
        subprocess.run(["umount", str(full)], capture_output=True)
    assert done.code == 2 and len(done.lines) == 1, done.lines
    assert "--reports" in done.lines[0] and "No space left on device" in done.lines[0], done.lines


class ServerErrors:
    """A 5xx storm: after the landing page, every request answers 503."""

    def __call__(self, method: str, path: str, client: str):
        if path.split("?")[0] != "/" and client != "127.0.0.1":
            return 503, {"Content-Type": "text/html"}, b"<h1>Service Unavailable</h1>"
        return None


@pytest.mark.slow
def test_a_5xx_storm_ends_the_journeys_in_bounded_time(tmp_path):
    from tests.scenarios.broken_shop import BrokenShop

    progress = tmp_path / "progress.jsonl"
    with EmbeddedStorefront() as shop, BrokenShop(shop.url, ServerErrors()) as storm:
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "pytest", "scenarios", "--personas", "1", "-m", "checkout or support", "--target", storm.url,
                               "--markets", "DE", "--step-timeout", "3", "--retries", "0", "-p", "no:cacheprovider", "-q",
                               "--progress-file", str(progress)],
                              capture_output=True, text=True, timeout=600, env=ENV, cwd=Path(__file__).resolve().parents[2])
        took = time.monotonic() - started
    lines = _lines(progress)
    assert done.returncode == 1 and lines, done.stdout[-2000:]
    assert all(r["outcome"] in ("failed", "broken") for r in lines), [r["outcome"] for r in lines]
    assert took < 40 * len(lines), f"{took:.0f} s for {len(lines)} journeys"
