"""The steps a job is made of, each in a process of its own: the browser journeys (pytest with
the harness plugin, followed through its progress file), a load run (`harness load`), the report."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from .. import report as allure_report
from ..errors import UserInputError
from ..folders import writable
from ..results import LoadSummary
from ..settings import Settings
from .. import journey_process as journey_runner


def walk_journeys(console: Console, settings: Settings, *, results_dir: Path, reports: Path) -> journey_runner.JourneyRun:
    """The journeys walked as `settings` say (its target the shop already started), followed live."""
    progress_file = reports / "journeys-progress.jsonl"
    cmd = journey_runner.pytest_command(settings, results_dir, progress_file,
                                        extra=["--junitxml", str(reports / "junit.xml"), "-o", "junit_family=xunit2"])
    label = settings.run_label
    with Progress(TextColumn(label or "journeys"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[failed]} failed, {task.fields[broken]} broken"),
                  TextColumn("{task.fields[last]}"), TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(),
                  console=console, transient=False) as bar:
        # Broken (the harness or the target could not go on) is counted apart from failed (the shop).
        counts = {"failed": 0, "broken": 0}
        task = bar.add_task("journeys", total=None, last="", **counts)

        def on_result(result):
            if result.outcome in counts:
                counts[result.outcome] += 1
            bar.update(task, advance=1, last=f"{result.persona} {result.journey}", **counts)

        # the total as soon as pytest has collected the journeys, so the bar and its ETA know it
        walked = journey_runner.run(cmd, progress_file, on_result, on_collected=lambda n: bar.update(task, total=n or None))
        bar.update(task, total=max(walked.collected, len(walked.results)))
    if walked.returncode not in (0, 1) and not walked.interrupted:  # pytest could not run them at all
        tail = "\n".join(line for line in walked.output.splitlines()[-15:] if line.strip())
        raise JourneysDidNotRun(f"the journeys did not run (pytest exit {walked.returncode}): {tail}")
    return walked


class JourneysDidNotRun(Exception):
    pass


def run_load(console: Console, settings: Settings, markets: list[str], *, shape: str, users: int, duration: str,
             results_dir: Path, reports: Path, allow_host: tuple[str, ...] = (), new_markets: list[str] | None = None,
             under_load: int = 0) -> LoadSummary:
    """A `harness load` run in its own (gevent-patched) process, handed the job's settings whole
    (its target, seed, policy, adapter, run id and e-mail pattern, also for the journeys it walks
    again under load); returns its verdicts."""
    summary_file = reports / "load-summary.json"
    summary_file.unlink(missing_ok=True)
    handed = settings.write(reports / "load-settings.json")
    cmd = [sys.executable, "-m", "harness.entry", "load", "--settings", str(handed), "--shape", shape,
           "--users", str(users), "--duration", duration, "--markets", ",".join(markets),
           "--alluredir", str(results_dir), "--summary", str(summary_file),
           "--out", str(reports), "--journeys-under-load", str(under_load), "--brief"]
    for host in allow_host:
        cmd += ["--allow-host", host]
    if new_markets:
        cmd += ["--new-markets", ",".join(new_markets)]
    label = settings.run_label
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
    summary = LoadSummary.read(summary_file)
    if summary.verdict == "target error" and not interrupted:  # its figures are about the target, not the regions
        from ..target import TargetError

        raise TargetError(summary.target_error)
    return summary.model_copy(update={"interrupted": summary.interrupted or interrupted})



def build_report(console: Console, results_dir: Path, reports: Path):
    try:
        with console.status("building the Allure report ..."):
            return allure_report.build(results_dir, reports / "allure-report", reports / "history.jsonl")
    except UserInputError as exc:
        console.print(f"[yellow]no report: {exc}[/yellow]", highlight=False)
        return None


def fresh_results(reports: Path, flag: str = "--reports") -> Path:
    """This run's results only; the history lives beside the report. A reports folder that cannot
    be written is refused before anything starts, naming `flag`."""
    import shutil

    results_dir = reports / "allure-results"
    try:
        if results_dir.exists():
            shutil.rmtree(results_dir)
        results_dir.mkdir(parents=True)
    except OSError as exc:
        raise UserInputError(f"{flag}: {reports} cannot be written ({exc.strerror or exc})") from None
    writable(results_dir, flag, reports)
    return results_dir
