"""Running the browser journeys (`pytest scenarios`) as one step of a job, with live progress.

The journeys run in a pytest process of their own (its xdist workers each with a browser);
the plugin writes a JSON line per finished journey to a progress file that this side follows.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

JOURNEYS = ("service-area", "checkout", "support", "after-sales", "traveller")


@dataclass(frozen=True)
class JourneyResult:
    nodeid: str
    journey: str
    persona: str
    market: str
    outcome: str  # passed | failed | broken | skipped
    message: str
    checks: tuple = ()  # each check's outcome (harness.screenplay.CheckOutcome.as_dict)


@dataclass
class JourneyRun:
    results: list[JourneyResult]
    returncode: int
    collected: int
    output: str  # the tail of pytest's output, for when it could not run at all
    interrupted: bool = False  # stopped by Ctrl-C or SIGTERM: the results are those finished so far

    @property
    def failed(self) -> list[JourneyResult]:
        return [r for r in self.results if r.outcome in ("failed", "broken")]


def scenarios_dir() -> Path:
    import scenarios

    return Path(scenarios.__file__).parent


def pytest_command(target: str, markets: str, seed: int, personas: str | int, alluredir: Path, progress: Path,
                   workers: int, journeys: list[str] | None = None, label: str | None = None,
                   extra: list[str] = (), run_id: str | None = None, email_pattern: str | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "pytest", str(scenarios_dir()), "-q", "-p", "no:cacheprovider", "--no-header",
           "--target", target, "--markets", markets, "--seed", str(seed), "--personas", str(personas),
           "--alluredir", str(alluredir), "--progress-file", str(progress), "-o", "console_output_style=classic"]
    if workers > 1:
        cmd += ["-n", str(workers)]
    if journeys:
        cmd += ["-m", " or ".join(j.replace("-", "_") for j in journeys)]
    if label:
        cmd += ["--run-label", label]
    return cmd + email_args(run_id, email_pattern) + list(extra)


def email_args(run_id: str | None, email_pattern: str | None) -> list[str]:
    """The flags that hand a job's run id and e-mail pattern to a process it starts: one run id for
    every process of a job, so its e-mail addresses all carry it."""
    return [*(["--run-id", run_id] if run_id else []), *(["--email-pattern", email_pattern] if email_pattern else [])]


def run(cmd: list[str], progress: Path, on_result: Callable[[JourneyResult, int], None] | None = None,
        timeout: float = 3600) -> JourneyRun:
    """Runs the journeys, calling `on_result(result, collected)` as each finishes."""
    return start(cmd, progress).wait(on_result, timeout)


def start(cmd: list[str], progress: Path) -> "Running":
    """Starts the journeys without waiting, e.g. to walk them while a load run goes on."""
    progress.unlink(missing_ok=True)
    progress.parent.mkdir(parents=True, exist_ok=True)
    log = progress.with_suffix(".log")
    out = open(log, "w", encoding="utf-8")
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    return Running(proc, out, progress, log)


@dataclass
class Running:
    proc: subprocess.Popen
    out: object
    progress: Path
    log: Path

    def wait(self, on_result: Callable[[JourneyResult, int], None] | None = None, timeout: float = 3600) -> JourneyRun:
        results: list[JourneyResult] = []
        read = 0
        started = time.monotonic()
        interrupted = False
        try:
            while True:
                done = self.proc.poll() is not None
                read = _follow(self.progress, read, results, on_result, lambda: _collected(self.log))
                if done:
                    break
                if time.monotonic() - started > timeout:
                    self.stop()
                    break
                time.sleep(0.3)
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM: stop the journeys, keep what finished
            interrupted = True
            self.stop()
            _follow(self.progress, read, results, None, lambda: 0)
        finally:
            if self.proc.poll() is None:
                self.stop()
            self.out.close()
        output = self.log.read_text(encoding="utf-8", errors="replace")
        return JourneyRun(results, self.proc.returncode, _collected(self.log) or len(results), output[-4000:],
                          interrupted)

    def stop(self) -> None:
        stop_gently(self.proc, 15)


def stop_gently(proc: subprocess.Popen, grace: float) -> int:
    """SIGINT first (pytest and a load run stop cleanly on it, their results so far written),
    then SIGTERM, then SIGKILL for one that does not; returns the exit code."""
    for send, wait in ((signal.SIGINT, grace), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        if proc.poll() is not None:
            break
        try:
            proc.send_signal(send)
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            continue
    return proc.returncode


def _follow(progress: Path, read: int, results: list, on_result, collected) -> int:
    if not progress.exists():
        return read
    with open(progress, encoding="utf-8") as fh:
        fh.seek(read)
        for line in fh:
            if not line.endswith("\n"):
                break  # a line still being written: read it next time
            read += len(line.encode("utf-8"))
            data = json.loads(line)
            data["checks"] = tuple(data.get("checks") or ())
            result = JourneyResult(**data)
            results.append(result)
            if on_result:
                on_result(result, collected())
    return read


def _collected(log: Path) -> int:
    """How many journeys pytest collected (from its output), once it has said so."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0
    import re

    found = re.findall(r"\[(\d+) items?\]|collected (\d+) items?|(\d+) workers \[(\d+) items?\]", text)
    for groups in reversed(found):
        numbers = [int(g) for g in groups if g]
        if numbers:
            return numbers[-1]
    return 0
