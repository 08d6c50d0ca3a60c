"""Helpers the suites share: read what a run wrote, start the storefront as the harness does,
run the CLI, wait for a line. Fixtures built on them are in tests/conftest.py."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def journey_lines(progress: Path) -> list[dict]:
    """Each journey's line of a progress file, as a dict (the first line, the count, left out)."""
    if not progress.exists():
        return []
    lines = [json.loads(line) for line in progress.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if "nodeid" in line]


def run_cli(*args: str, timeout: float = 600, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`harness ARGS...` in a process of its own, as a user types it."""
    return subprocess.run([sys.executable, "-m", "harness.entry", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, env={**os.environ, **(env or {})})


def wait_for_line(stream, pattern: str, timeout: float = 60) -> re.Match:
    """Reads `stream` (a process's text stdout) until a line matches `pattern`; the match."""
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        seen.append(line)
        found = re.search(pattern, line)
        if found:
            return found
    raise AssertionError(f"no line matching {pattern!r} within {timeout:.0f} s; saw:\n{''.join(seen[-20:])}")
