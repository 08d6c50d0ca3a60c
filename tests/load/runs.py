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


def harness_load(tmp: Path, *args: str, timeout: float = 240, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(load_command(tmp, *args), cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env=ENV | {"HOME": str(tmp)} | (env or {}))


def refused_in_one_process(tmp: Path, cases: dict[str, list[str]], timeout: float = 180
                           ) -> dict[str, subprocess.CompletedProcess]:
    """`harness load ARGS` for each case (name -> ARGS), for inputs refused before anything starts:
    every case its own command line, as harness_load gives it (`--out tmp/<case>/reports`, HOME at
    tmp), but all of them in one process (tests/load/refusals.py), so that a case costs its refusal,
    not a Python start and the harness's imports. Returns each case's exit code and output as
    harness_load does; a case the process did not get to has the exit code None and the process's
    own output, so its test fails saying why."""
    import tempfile

    lines = {name: ["load", "--out", str(tmp / name / "reports"), *args] for name, args in cases.items()}
    for name in lines:
        (tmp / name).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        cases_file, results_file = Path(work) / "cases.json", Path(work) / "results.jsonl"
        cases_file.write_text(json.dumps(lines), encoding="utf-8")
        try:
            driver = subprocess.run([sys.executable, "-m", "tests.load.refusals", str(cases_file), str(results_file)],
                                    cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                                    env=ENV | {"HOME": str(tmp)})
            said = f"the process of the cases ended with exit {driver.returncode}:\n{driver.stdout}{driver.stderr}"
        except subprocess.TimeoutExpired as exc:
            said = f"the process of the cases was stopped after {timeout:.0f} s (a case went on past its refusal)"
            said += ":\n" + "".join(o.decode(errors="replace") if isinstance(o, bytes) else o
                                     for o in (exc.stdout, exc.stderr) if o)
        done = {}
        if results_file.exists():
            for line in results_file.read_text(encoding="utf-8").splitlines():
                one = json.loads(line)
                done[one["case"]] = subprocess.CompletedProcess(lines[one["case"]], one["code"], one["stdout"], one["stderr"])
    return {name: done.get(name) or subprocess.CompletedProcess(lines[name], None, "", said) for name in lines}


def summary_of(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def said_lines(run: subprocess.CompletedProcess) -> list[str]:
    return [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
