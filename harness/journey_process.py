"""Running the browser journeys (`pytest scenarios`) as one step of a job, with live progress.

The journeys run in a pytest process of their own (its xdist workers each with a browser);
the plugin writes a JSON line per finished journey to a progress file that this side follows.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .results import Collected, JourneyResult, progress_line
from .settings import Settings

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


def test_files(journeys: list[str] | None) -> list[str]:
    """The test files of these journeys (of every journey for None), as the registry says."""
    from . import journeys as registry

    return list(dict.fromkeys(str(j.test_file()) for j in registry.parse(journeys) or registry.journeys()))


def pytest_command(settings: Settings, alluredir: Path, progress: Path, extra: list[str] = ()) -> list[str]:
    """The journeys' pytest process, handed the settings whole (written beside its progress file):
    the same target, markets, personas, seed, run id and e-mail pattern in every process of a job.
    pytest-playwright's files (the traces of walks again) go beside it too, a folder per phase: it
    empties its --output folder as it starts."""
    handed = settings.write(progress.with_name(progress.stem + "-settings.json"))
    cmd = [sys.executable, "-m", "pytest", *test_files(list(settings.journeys or ())), "-q", "-p", "no:cacheprovider",
           "--no-header", "--settings", str(handed), "--alluredir", str(alluredir), "--progress-file", str(progress),
           "--output", str(progress.with_name(progress.stem + "-playwright")), "-o", "console_output_style=classic"]
    workers = settings.workers or os.cpu_count() or 1
    if workers > 1:
        cmd += ["-n", str(workers)]
    return cmd + list(extra)


def run(cmd: list[str], progress: Path, on_result: Callable[[JourneyResult], None] | None = None,
        timeout: float = 3600, on_collected: Callable[[int], None] | None = None) -> JourneyRun:
    """Runs the journeys, calling `on_collected(count)` once pytest has collected them (before the
    first walk ends) and `on_result(result)` as each finishes."""
    return start(cmd, progress).wait(on_result, timeout, on_collected)


def start(cmd: list[str], progress: Path) -> "Running":
    """Starts the journeys without waiting, e.g. to walk them while a load run goes on."""
    from .shards import manifest_of

    progress.unlink(missing_ok=True)
    manifest_of(progress).unlink(missing_ok=True)  # an earlier run's: a shard killed now must not look finished
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

    def wait(self, on_result: Callable[[JourneyResult], None] | None = None, timeout: float = 3600,
             on_collected: Callable[[int], None] | None = None) -> JourneyRun:
        followed = _Followed(self.progress, on_collected)
        started = time.monotonic()
        interrupted = False
        try:
            while True:
                done = self.proc.poll() is not None
                followed.read(on_result)
                if done:
                    break
                if time.monotonic() - started > timeout:
                    self.stop()
                    break
                time.sleep(0.3)
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM: stop the journeys, keep what finished
            interrupted = True
            self.stop()
            followed.read(None)
        finally:
            if self.proc.poll() is None:
                self.stop()
            self.out.close()
        output = self.log.read_text(encoding="utf-8", errors="replace")
        return JourneyRun(followed.results, self.proc.returncode, followed.collected or len(followed.results),
                          output[-4000:], interrupted)

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


class _Followed:
    """The progress file as far as it is written: the count of journeys to walk (its first line,
    once the plugin has collected them) and each journey's result."""

    def __init__(self, progress: Path, on_collected: Callable[[int], None] | None = None):
        self.progress = progress
        self.on_collected = on_collected
        self.offset = 0
        self.collected = 0
        self.results: list[JourneyResult] = []

    def read(self, on_result) -> None:
        if not self.progress.exists():
            return
        with open(self.progress, encoding="utf-8") as fh:
            fh.seek(self.offset)
            for line in fh:
                if not line.endswith("\n"):
                    break  # a line still being written: read it next time
                self.offset += len(line.encode("utf-8"))
                found = progress_line(line)
                if isinstance(found, Collected):
                    self.collected = found.collected
                    if self.on_collected:
                        self.on_collected(found.collected)
                    continue
                self.results.append(found)
                if on_result:
                    on_result(found)
