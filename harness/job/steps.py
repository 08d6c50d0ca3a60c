"""The steps a job is made of, each in a process of its own: the browser journeys (pytest with
the harness plugin, followed through its progress file), a load run (`harness load`), the report."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .. import report as allure_report
from ..errors import UserInputError
from . import journeys as journey_runner


def walk_journeys(console: Console, target: str, markets: str, *, seed: int, personas: str | int, results_dir: Path,
                  reports: Path, workers: int, journeys: list[str] | None, label: str | None = None,
                  policy_dir: Path | None = None, adapter: str | None = None,
                  egress_proxy: tuple[str, ...] = (), run_id: str | None = None,
                  email_pattern: str | None = None) -> journey_runner.JourneyRun:
    progress_file = reports / "journeys-progress.jsonl"
    cmd = journey_runner.pytest_command(target, markets, seed, personas, results_dir, progress_file, workers,
                                        journeys, label=label, run_id=run_id, email_pattern=email_pattern,
                                        extra=(["--policy", str(policy_dir)] if policy_dir else [])
                                        + (["--adapter", adapter] if adapter else [])
                                        + [arg for proxy in egress_proxy for arg in ("--egress-proxy", proxy)]
                                        + ["--junitxml", str(reports / "junit.xml"), "-o", "junit_family=xunit2"])
    with Progress(TextColumn(label or "journeys"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[failed]} failed, {task.fields[broken]} broken"),
                  TextColumn("{task.fields[last]}"), TimeElapsedColumn(), console=console, transient=False) as bar:
        # Broken (the harness or the target could not go on) is counted apart from failed (the shop).
        counts = {"failed": 0, "broken": 0}
        task = bar.add_task("journeys", total=None, last="", **counts)

        def on_result(result, collected):
            if result.outcome in counts:
                counts[result.outcome] += 1
            bar.update(task, advance=1, total=collected or None, last=f"{result.persona} {result.journey}", **counts)

        walked = journey_runner.run(cmd, progress_file, on_result)
        bar.update(task, total=max(walked.collected, len(walked.results)))
    if walked.returncode not in (0, 1) and not walked.interrupted:  # pytest could not run them at all
        tail = "\n".join(line for line in walked.output.splitlines()[-15:] if line.strip())
        raise JourneysDidNotRun(f"the journeys did not run (pytest exit {walked.returncode}): {tail}")
    return walked


class JourneysDidNotRun(Exception):
    pass


def run_load(console: Console, target: str, markets: list[str], *, shape: str, users: int, duration: str, seed: int,
             results_dir: Path, reports: Path, allow_host: tuple[str, ...] = (), policy_dir: Path | None = None,
             new_markets: list[str] | None = None, under_load: int = 0, label: str | None = None,
             run_id: str | None = None, email_pattern: str | None = None, adapter: str | None = None) -> dict:
    """A `harness load` run in its own (gevent-patched) process; returns its verdicts."""
    summary_file = reports / "load-summary.json"
    summary_file.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "harness.entry", "load", "--target", target, "--shape", shape,
           "--users", str(users), "--duration", duration, "--markets", ",".join(markets),
           "--seed", str(seed), "--alluredir", str(results_dir), "--summary", str(summary_file),
           "--out", str(reports), "--journeys-under-load", str(under_load), "--brief"]
    for host in allow_host:
        cmd += ["--allow-host", host]
    if new_markets:
        cmd += ["--new-markets", ",".join(new_markets)]
    if label:
        cmd += ["--run-label", label]
    if policy_dir:
        cmd += ["--policy", str(policy_dir)]
    if adapter:
        cmd += ["--adapter", adapter]
    cmd += journey_runner.email_args(run_id, email_pattern)  # for the journeys walked again under load
    console.rule(f"load: {label}" if label else "load")
    proc = subprocess.Popen(cmd)
    interrupted = False
    try:
        code = proc.wait()
    except KeyboardInterrupt:  # the load run stops itself on SIGINT and still writes its reports
        interrupted = True
        code = journey_runner.stop_gently(proc, 30)
    console.print()
    if not summary_file.exists():  # it is written once the run has run, whatever its verdict
        if interrupted or code == 130:
            raise KeyboardInterrupt
        raise UserInputError("the load run did not start (see above)")
    summary = json.loads(summary_file.read_text(encoding="utf-8"))
    if summary["verdict"] == "target error" and not interrupted:  # its figures are about the target, not the regions
        from ..target import TargetError

        raise TargetError(summary["target_error"])
    summary["interrupted"] = summary.get("interrupted") or interrupted
    return summary



def build_report(console: Console, results_dir: Path, reports: Path):
    try:
        with console.status("building the Allure report ..."):
            return allure_report.build(results_dir, reports / "allure-report", reports / "history.jsonl")
    except UserInputError as exc:
        console.print(f"[yellow]no report: {exc}[/yellow]", highlight=False)
        return None


def fresh_results(reports: Path) -> Path:
    """This run's results only; the history lives beside the report. A reports folder that cannot
    be written is refused before anything starts."""
    import shutil

    results_dir = reports / "allure-results"
    try:
        if results_dir.exists():
            shutil.rmtree(results_dir)
        results_dir.mkdir(parents=True)
    except OSError as exc:
        raise UserInputError(f"--reports: {reports} cannot be written ({exc.strerror or exc})") from None
    writable(results_dir, "--reports", reports)
    return results_dir


def writable(folder: Path, flag: str, shown: Path | None = None) -> None:
    """A folder the run can write to, with room for at least a result or two; else one line."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".writable"
        probe.write_bytes(b"\0" * 65536)
        probe.unlink()
    except OSError as exc:
        raise UserInputError(f"{flag}: {shown or folder} cannot be written ({exc.strerror or exc})") from None
