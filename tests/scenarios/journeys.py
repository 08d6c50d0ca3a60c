"""Running the journeys (`pytest scenarios`) as a user would, in a separate process, and reading
back each test's outcome and failure message from its JUnit XML, and its checks' outcomes from
the progress file."""
from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from harness.results import JourneyResult, progress_line

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    returncode: int
    outcomes: dict[str, str] = field(default_factory=dict)  # test id (e.g. "test_x[chromium-DE-0001]") -> passed|failed|error|skipped
    messages: dict[str, str] = field(default_factory=dict)
    output: str = ""
    checks: dict[str, list[dict]] = field(default_factory=dict)  # test id -> its checks' outcomes

    def failed(self, persona: str | None = None) -> dict[str, str]:
        return {k: self.messages.get(k, "") for k, v in self.outcomes.items()
                if v in ("failed", "error") and (persona is None or k.endswith(f"-{persona}]"))}

    def all_text(self) -> str:
        return "\n".join(self.messages.values())

    def check(self, test: str, name: str) -> dict:
        """One check's outcome in one journey: status, why, gaps."""
        return next(c for c in self.checks[test] if c["check"] == name)


def run_journeys(tmp: Path, *args: str, timeout: float = 600) -> Run:
    """`pytest scenarios` with `args`; one persona per market and journey unless `args` choose
    personas (the fault tests name the persona that meets each fault; the covering set has its
    own tests)."""
    if not any(a.startswith("--persona") for a in args):
        args = ("--personas", "1", *args)
    junit = tmp / f"journeys-{len(list(tmp.glob('journeys-*.xml')))}.xml"
    progress = junit.with_suffix(".jsonl")
    cmd = [sys.executable, "-m", "pytest", "scenarios", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
           f"--junitxml={junit}", "-o", "junit_family=xunit2", "--progress-file", str(progress), *args]
    # A session of its own: not an xdist worker of the suite running this test (its PYTEST_XDIST_* variables)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST")}
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=env)
    run = Run(proc.returncode, output=proc.stdout[-6000:] + proc.stderr[-3000:])
    if progress.exists():
        for line in progress.read_text(encoding="utf-8").splitlines():
            found = progress_line(line)
            if isinstance(found, JourneyResult):  # not the first line, the journeys' count
                run.checks[found.nodeid.rpartition("::")[2]] = list(found.checks)
    if not junit.exists():
        return run
    for case in ET.parse(junit).getroot().iter("testcase"):
        name = case.get("name")
        outcome, message = "passed", ""
        for kind in ("failure", "error", "skipped"):
            node = case.find(kind)
            if node is not None:
                outcome = {"failure": "failed", "error": "error", "skipped": "skipped"}[kind]
                message = (node.get("message") or "") + "\n" + (node.text or "")
                break
        run.outcomes[name] = outcome
        run.messages[name] = message
    return run
