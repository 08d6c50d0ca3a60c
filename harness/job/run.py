"""`harness run`: personas walk every market's journeys in Chromium, a load run follows, and the
Allure report is built; the end shows the markets x journeys grid, the regions' service levels,
where the report is and the seed that reproduces the run."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .. import report as allure_report
from ..errors import UserInputError, say
from ..load.bounds import check_allow_entries, check_target, parse_duration
from ..policy import load_policy
from ..target import EmbeddedStorefront, TargetError
from . import journeys as journey_runner
from .journeys import JourneyResult
from .summary import findings, grid, service_levels

EXIT_GREEN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
class Options:
    target: str | None = None
    faults: str = ""
    markets: str = "all"
    journeys: list[str] | None = None  # None: every journey
    per_market: int = 1
    seed: int = 1
    workers: int = 0  # journey processes; 0: one per core
    load_shape: str = "steady"
    load_users: int = 30
    load_duration: str = "30s"
    load: bool = True
    under_load: int = 2  # markets whose journeys are walked again while the load runs
    allow_host: tuple[str, ...] = ()
    reports: Path = Path("reports")
    policy_dir: Path | None = None


def check(options: Options):
    """Everything checked before anything starts; returns (policy, market codes)."""
    policy = load_policy(options.policy_dir)
    markets = [m.market for m in policy.select(options.markets)]
    if options.seed < 0:
        raise UserInputError(f"--seed: {options.seed} is negative; give a whole number from 0")
    if not 1 <= options.per_market <= 50:
        raise UserInputError(f"--personas-per-market: {options.per_market} is out of range; give 1 to 50")
    unknown = [j for j in options.journeys or () if j not in journey_runner.JOURNEYS]
    if unknown:
        raise UserInputError(f"--journeys: unknown journey {unknown[0]!r}; known: {', '.join(journey_runner.JOURNEYS)}")
    if not 0 <= options.under_load <= 10:
        raise UserInputError(f"--journeys-under-load: {options.under_load} is out of range; give 0 to 10 markets")
    if options.load:
        parse_duration(options.load_duration, "--load-duration")
        if options.target:
            check_target(options.target, check_allow_entries(list(options.allow_host)))
    return policy, markets


def run_job(console: Console, options: Options) -> int:
    try:
        policy, markets = check(options)
    except UserInputError as exc:
        say(console, exc)
        return EXIT_ERROR
    results_dir = options.reports / "allure-results"
    if results_dir.exists():
        shutil.rmtree(results_dir)  # this run's results only; the history lives beside the report
    results_dir.mkdir(parents=True)
    shop = None
    try:
        target = options.target
        if not target:
            shop = EmbeddedStorefront(tuple(f for f in options.faults.split(",") if f.strip()), workers=os.cpu_count() or 1)
            with console.status("starting the embedded storefront ..."):
                target = shop.start()
            console.print(f"embedded storefront at {target}" + (f" (faults: {options.faults})" if options.faults else ""))
        walked = _journeys(console, options, target, results_dir)
        if walked.returncode not in (0, 1):  # pytest could not run the journeys at all
            console.print(f"[red]harness: the journeys did not run (pytest exit {walked.returncode}):[/red]")
            console.print(walked.output[-1500:], markup=False, highlight=False)
            return EXIT_ERROR
        load_summary = _load(console, options, target, markets, results_dir) if options.load else None
    except (TargetError, UserInputError) as exc:
        say(console, exc)
        return EXIT_ERROR
    finally:
        if shop:
            shop.stop()
    built = _report(console, options, results_dir)
    names = {m: policy[m].name for m in markets}
    console.print(grid(walked.results, markets, names, f"Journeys: {len(markets)} markets, seed {options.seed}"))
    if load_summary:
        console.print(service_levels(load_summary, f"Service levels per region ({load_summary['shape']} load)"))
        for r in load_summary["results"]:
            if not r["passed"]:
                console.print(f"  [red]missed: {r['said']}[/red]", highlight=False)
        if load_summary.get("stopped_early"):
            console.print(f"  [red]load stopped early: {load_summary['stopped_early']}[/red]", highlight=False)
        under = [JourneyResult(**r) for r in load_summary.get("under_load", [])]
        if under:
            console.print(f"journeys under load: {sum(r.outcome == 'passed' for r in under)} of {len(under)} passed")
            findings(console, under)
    findings(console, walked.results)
    failed = bool(walked.failed) or (load_summary is not None and not load_summary["passed"])
    if built:
        console.print(f"report: {built.path / 'index.html'}  (harness report --open to serve it)")
    console.print(f"seed {options.seed}; re-run one persona: pytest scenarios --seed {options.seed} --persona "
                  f"{walked.failed[0].persona if walked.failed else markets[0] + '-0001'}")
    broken_only = not any(r.outcome == "failed" for r in walked.results) and any(r.outcome == "broken" for r in walked.results)
    if not failed:
        console.print("[green]green: every journey and every region passed[/green]")
        return EXIT_GREEN
    return EXIT_ERROR if broken_only and (load_summary is None or load_summary["passed"]) else EXIT_FINDINGS


def _journeys(console: Console, options: Options, target: str, results_dir: Path):
    progress_file = options.reports / "journeys-progress.jsonl"
    workers = options.workers or os.cpu_count() or 1
    cmd = journey_runner.pytest_command(target, options.markets, options.seed, options.per_market, results_dir,
                                        progress_file, workers, options.journeys,
                                        extra=["--policy", str(options.policy_dir)] if options.policy_dir else [])
    with Progress(TextColumn("journeys"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[failed]} failed"),
                  TextColumn("{task.fields[last]}"), TimeElapsedColumn(), console=console, transient=False) as bar:
        task = bar.add_task("journeys", total=None, failed=0, last="")
        counts = {"failed": 0}

        def on_result(result, collected):
            if result.outcome in ("failed", "broken"):
                counts["failed"] += 1
            bar.update(task, advance=1, total=collected or None, failed=counts["failed"],
                       last=f"{result.persona} {result.journey}")

        walked = journey_runner.run(cmd, progress_file, on_result)
        bar.update(task, total=max(walked.collected, len(walked.results)))
    return walked


def _load(console: Console, options: Options, target: str, markets: list[str], results_dir: Path) -> dict | None:
    summary_file = options.reports / "load-summary.json"
    summary_file.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "harness.entry", "load", "--target", target, "--shape", options.load_shape,
           "--users", str(options.load_users), "--duration", options.load_duration, "--markets", ",".join(markets),
           "--seed", str(options.seed), "--alluredir", str(results_dir), "--summary", str(summary_file),
           "--out", str(options.reports), "--journeys-under-load", str(options.under_load), "--brief"]
    for host in options.allow_host:
        cmd += ["--allow-host", host]
    if options.load_shape == "market-opening":
        cmd += ["--new-markets", markets[-1]]
    if options.policy_dir:
        cmd += ["--policy", str(options.policy_dir)]
    console.rule("load")
    code = subprocess.run(cmd).returncode
    console.print()
    if code == 2 or not summary_file.exists():
        raise UserInputError("the load run did not start (see above)")
    return json.loads(summary_file.read_text(encoding="utf-8"))


def _report(console: Console, options: Options, results_dir: Path):
    try:
        with console.status("building the Allure report ..."):
            return allure_report.build(results_dir, options.reports / "allure-report", options.reports / "history.jsonl")
    except UserInputError as exc:
        console.print(f"[yellow]no report: {exc}[/yellow]", highlight=False)
        return None
