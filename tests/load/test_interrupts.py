"""Ctrl-C or SIGTERM during `harness load`: exit 130, the figures up to then written, and nothing
reported failed or missed that stopping caused (the users stop before the embedded shop does, and
what the interrupt itself breaks is not counted)."""
from __future__ import annotations

import csv
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from .runs import ENV, ROOT, load_command, relaxed_policy, summary_of

pytestmark = pytest.mark.slow  # each test starts the embedded storefront and a load run


def _requests_so_far(reports: Path) -> int:
    """The run's requests so far, from Locust's history file (written every second or two)."""
    for history in reports.glob("load-*/locust_stats_history.csv"):
        with history.open(encoding="utf-8", newline="") as f:
            rows = [r for r in csv.DictReader(f) if r.get("Name") == "Aggregated"]
        if rows:
            return int(rows[-1]["Total Request Count"] or 0)
    return 0


def _wait_for_requests(run: subprocess.Popen, reports: Path, wanted: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while _requests_so_far(reports) < wanted:
        assert run.poll() is None, run.communicate()[0]
        assert time.monotonic() < deadline, f"fewer than {wanted} requests in {timeout:.0f} s"
        time.sleep(0.5)


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_an_interrupt_exits_130_and_reports_nothing_the_stopping_caused(tmp_path, how):
    summary = tmp_path / "summary.json"
    # A minute, interrupted long before its end; 30 users, started in its first 6 s (the steady
    # shape ramps up over a tenth of the run), give the 30 requests to wait for in a few seconds.
    cmd = load_command(tmp_path, "--markets", "DE,JP", "--users", "30", "--duration", "60s", "--summary", str(summary),
                       "--policy", str(relaxed_policy(tmp_path, ["DE", "JP"])))
    # Its own process group, as a terminal's foreground job: Ctrl-C reaches the embedded shop too.
    run = subprocess.Popen(cmd, cwd=ROOT, env=ENV | {"HOME": str(tmp_path)}, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        _wait_for_requests(run, tmp_path / "reports", 30)
        if how == "ctrl-c":
            os.killpg(run.pid, signal.SIGINT)
        else:
            run.send_signal(signal.SIGTERM)
        output, _ = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert run.returncode == 130, output
    verdicts = summary_of(summary)
    assert verdicts["verdict"] == "interrupted" and verdicts["interrupted"] is True and verdicts["passed"] is False
    assert verdicts["requests"] >= 30 and verdicts["failures"] == 0, verdicts
    assert not [r for r in verdicts["results"] if r["status"] == "failed"], verdicts["results"]
    assert "missed:" not in output and "Traceback" not in output
    folder = next((tmp_path / "reports").glob("load-*"))
    for name in ("locust_stats.csv", "locust_stats_history.csv", "locust.html", "latency-per-region.svg"):
        assert (folder / name).exists(), name
