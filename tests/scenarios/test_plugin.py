"""The harness's pytest plugin: options, persona selection, parallel runs, remote browsers."""
from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from harness.browser import LAUNCH_ARGS, chromium_executable

from ..helpers import run_cli
from .journeys import ROOT, run_journeys

pytestmark = pytest.mark.slow

LANDING = ("-m", "service_area", "-k", "lands_in_its_market")


def _pytest(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "scenarios", "-q", "-p", "no:cacheprovider", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("args, says", [
    (["--markets", "DE,XX"], "--markets: no market 'XX'"),
    (["--markets", "DEU"], "did you mean DE?"),
    (["--personas-per-market", "0"], "--personas-per-market: 0 is neither"),
    (["--personas", "some"], "--personas: 'some' is neither 'covering' nor a number"),
    (["--seed", "-1"], "--seed: -1 is negative"),
    (["--persona", "DE7"], "--persona: 'DE7' is not a persona id"),
    (["--egress-proxy", "DE:http://x"], "--egress-proxy: 'DE:http://x' is not CC=URL"),
])
def test_bad_options_are_refused_in_one_line_before_any_browser_starts(args, says):
    r = _pytest(*LANDING, *args, "--collect-only")
    assert r.returncode == 4, r.stdout + r.stderr  # pytest's usage error
    assert says in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_personas_are_parametrized_per_market_and_named_by_id():
    r = _pytest(*LANDING, "--markets", "JP,DE", "--personas-per-market", "2", "--collect-only")
    ids = re.findall(r"test_lands_in_its_market\[chromium-([A-Z]{2}-\d{4})\]", r.stdout)
    assert r.returncode == 0, r.stdout + r.stderr
    assert [i[:2] for i in ids] == ["JP", "JP", "DE", "DE"], ids
    again = _pytest(*LANDING, "--markets", "JP,DE", "--personas-per-market", "2", "--collect-only")
    assert re.findall(r"\[chromium-([A-Z]{2}-\d{4})\]", again.stdout) == ids, "same seed, same personas"
    other = _pytest(*LANDING, "--markets", "JP,DE", "--personas-per-market", "2", "--seed", "9", "--collect-only")
    assert other.returncode == 0


def test_one_persona_can_be_rerun_alone(tmp_path, running_shop):
    run = run_journeys(tmp_path, *LANDING, "--persona", "CH-0001", "--target", running_shop("wrong-currency"))
    assert list(run.outcomes) == ["test_lands_in_its_market[chromium-CH-0001]"], run.output
    assert "CH-0001 service-area: expected currency CHF" in run.all_text()


def test_parallel_workers_each_with_their_own_browser(tmp_path, running_shop):
    run = run_journeys(tmp_path, *LANDING, "--markets", "DE,JP,SA,BR", "-n", "2", "--target", running_shop())
    assert run.returncode == 0, run.output
    assert len(run.outcomes) == 4 and set(run.outcomes.values()) == {"passed"}


@pytest.fixture
def remote_chromium():
    """A Chromium with remote debugging on loopback, as a browser grid would offer one."""
    proc = subprocess.Popen([str(chromium_executable()), "--headless", *LAUNCH_ARGS, "--remote-debugging-port=0",
                             "--remote-debugging-address=127.0.0.1", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    endpoint = None
    while endpoint is None and time.monotonic() < deadline:
        line = proc.stderr.readline()
        m = re.search(r"DevTools listening on (ws://\S+)", line)
        endpoint = m.group(1) if m else None
        if not line and proc.poll() is not None:
            break
    assert endpoint, "the remote Chromium did not start"
    yield endpoint
    proc.terminate()
    proc.wait(10)


def test_a_remote_browser_over_cdp(tmp_path, remote_chromium, running_shop):
    run = run_journeys(tmp_path, *LANDING, "--markets", "JP,CH", "--cdp", remote_chromium, "--target", running_shop())
    assert run.returncode == 0, run.output
    assert set(run.outcomes.values()) == {"passed"} and len(run.outcomes) == 2


def test_harness_run_hands_cdp_to_the_journeys(tmp_path, remote_chromium, running_shop):
    # no Chromium here: the run checks for none and the journeys launch none
    r = run_cli("run", "--no-load", "--markets", "DE", "--journeys", "service-area", "--personas", "1", "--workers", "1",
                "--retries", "0", "--target", running_shop(), "--reports", str(tmp_path / "reports"),
                "--cdp", remote_chromium, env={"HARNESS_CHROMIUM": "/nonexistent/chromium"})
    assert r.returncode == 0, r.stdout + r.stderr


def test_an_unreachable_target_is_said_in_one_line():
    # the probe's word ("unreachable"), not a journey's timeout: said before any journey waits on it
    r = _pytest(*LANDING, "--markets", "DE", "--target", "http://127.0.0.1:9")
    assert r.returncode == 2, r.stdout + r.stderr
    assert "--target http://127.0.0.1:9: unreachable" in r.stdout + r.stderr
