"""Running the journeys (`pytest scenarios`) as a user would, in a separate process, and reading
back each test's outcome and failure message from its JUnit XML, and its checks' outcomes from
the progress file."""
from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from harness.results import JourneyResult, progress_line
from harness.target import PROBED

from ..helpers import made_once

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


def run_journeys(tmp: Path, *args: str, timeout: float = 600, env: dict | None = None, wrap: tuple[str, ...] = ()) -> Run:
    """`pytest scenarios` with `args`; one persona per market and journey unless `args` choose
    personas (the fault tests name the persona that meets each fault; the covering set has its
    own tests). A --target is taken as probed (harness/adapter/probe.py): the tests started it.
    A journey that fails is not walked again unless `args` give --retries: the fault tests prove
    a check's verdict, which a second walk of a deterministic fault repeats at the cost of a walk
    (test_traces.py and test_retries.py prove the walk again). `env` adds to the environment;
    `wrap` goes before the command (e.g. xvfb-run -a)."""
    if not any(a.startswith("--persona") for a in args):
        args = ("--personas", "1", *args)
    if "--retries" not in args:
        args = ("--retries", "0", *args)
    junit = tmp / f"journeys-{len(list(tmp.glob('journeys-*.xml')))}.xml"
    progress = junit.with_suffix(".jsonl")
    cmd = [*wrap, sys.executable, "-m", "pytest", "scenarios", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
           f"--junitxml={junit}", "-o", "junit_family=xunit2", "--progress-file", str(progress), *args]
    # as a user starts it: not as one of this session's xdist workers, whose variables it would inherit
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST_")}, **(env or {})}
    if "--target" in args:  # a shop the tests started (the reference storefront, or an edge in front of it):
        env[PROBED] = args[args.index("--target") + 1].rstrip("/")  # probed, as by the job that starts a run
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


def walks(*walked: str, personas: int | None = None) -> tuple[str, ...]:
    """The options that walk these journeys and no others, each named by its JUnit id
    ("test_lands_in_its_market[chromium-CH-0001]"): their markets, enough personas per market to
    reach each persona (`personas`, else its number, the most that can take), and -k naming each
    walk. Several faults, each walked in its own market, share one run this way."""
    parsed = [re.fullmatch(r"test_\w+\[chromium-(([A-Z]{2})-(\d{4}))\]", w) for w in walked]
    assert all(parsed), [w for w, m in zip(walked, parsed) if not m]
    markets = list(dict.fromkeys(m.group(2) for m in parsed))
    personas = personas or max(int(m.group(3)) for m in parsed)
    return "--markets", ",".join(markets), "--personas", str(personas), "-k", " or ".join(walked)


def persona_of(walk: str) -> str:
    """The persona of a walk's JUnit id: "DE-0001" of "test_x[chromium-DE-0001]"."""
    return walk.rpartition("[chromium-")[2].rstrip("]")


def once(tmp_path_factory, name: str, walk: Callable[[Path], Run]) -> Run:
    """`walk(folder)` once per test session, whichever pytest-xdist worker asks first (the other
    waits for it and reads its outcome): a module's tests may be spread over both workers, and
    each would otherwise walk the module's run again. `name` tells the runs apart."""
    made, _ = made_once(tmp_path_factory, name, lambda folder: dataclasses.asdict(walk(folder)))
    return Run(**made)


def shared_run(tmp_path_factory, name: str, *args: str, timeout: float = 600) -> Run:
    """run_journeys(…, *args) once per test session (see `once`)."""
    return once(tmp_path_factory, name, lambda folder: run_journeys(folder, *args, timeout=timeout))
