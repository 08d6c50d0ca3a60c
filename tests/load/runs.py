"""Starting `harness load` from a test, and the policy a clean run is held to there.

No verdict of these tests may hang on the speed of the machine that runs them: a clean run is held
to a latency target no busy machine misses (a minute), and a fault is judged on what it breaks
(errors, a support queue of many seconds), never on how fast a quiet machine happens to be.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ..policy_files import relaxed_policy  # noqa: F401  (the load tests take it from here)

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent


ENV = {"COLUMNS": "160", "PATH": "/usr/bin:/bin"}


def load_command(tmp: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "harness.entry", "load", "--out", str(tmp / "reports"), *args]


def harness_load(tmp: Path, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run(load_command(tmp, *args), cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env=ENV | {"HOME": str(tmp)})


def summary_of(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def said_lines(run: subprocess.CompletedProcess) -> list[str]:
    return [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
