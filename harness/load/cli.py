"""`harness load`: checks everything before a request is sent, runs, prints the regional gates."""
from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ..errors import UserInputError, say
from ..policy import load_policy
from ..secrets import load_secrets, scrub_tree
from ..target import EmbeddedStorefront, TargetError
from . import shapes
from ..job.steps import writable
from .bounds import check_allow_entries, check_limits, check_target, parse_duration
from .gates import Result
from .progress import Progress
from .report import latency_chart, write_allure
from .run import Plan, execute, user_classes

MAX_WORKERS = 64


def prepare(*, target, shape, shape_file, duration, users, spawn_rate, max_rps, workers, markets, new_markets,
            seed, allow_host, locustfile, policy_dir, out, remote_workers=0, master_bind="127.0.0.1",
            master_port=0) -> tuple[Plan, bool]:
    """Every input checked, in the order a user would fix them; nothing started yet. Returns the
    plan (target None when the embedded storefront is to be started) and whether it is embedded."""
    load_secrets()  # a malformed credential is refused before anything starts
    allowed = check_allow_entries(list(allow_host))
    if target:
        target = check_target(target, allowed)
    if not 0 <= workers <= MAX_WORKERS:
        raise UserInputError(f"--workers: {workers} is out of range; give 0 to {MAX_WORKERS}")
    if seed < 0:
        raise UserInputError(f"--seed: {seed} is negative; give a whole number from 0")
    if not 0 <= remote_workers <= 1000:
        raise UserInputError(f"--expect-workers: {remote_workers} is out of range; give 0 to 1000")
    if not 0 <= master_port <= 65535:
        raise UserInputError(f"--master-port: {master_port} is not a port (0 picks a free one)")
    policy = load_policy(policy_dir)
    chosen = [m.market for m in policy.select(markets, flag="--markets")]
    weights = {m: policy[m].traffic_weight for m in chosen}
    zones = {m: policy[m].time_zone for m in chosen}
    opening = [m.strip().upper() for m in new_markets.split(",") if m.strip()]
    if shape_file:
        plan_shape = shapes.from_file(shape_file, weights, zones)
    else:
        plan_shape = shapes.make(shape, weights, users, parse_duration(duration), zones=zones, new_markets=opening or None)
    limits = check_limits(plan_shape.users, spawn_rate, max_rps, plan_shape.duration)
    user_classes(locustfile)  # a broken locustfile is refused now, not after the target started
    writable(Path(out), "--out")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    plan = Plan(target=target or "", policy=policy, markets=chosen, shape=plan_shape, limits=limits, seed=seed,
                out=Path(out) / f"load-{stamp}", workers=workers, locustfile=locustfile, policy_dir=policy_dir,
                remote_workers=remote_workers, master_bind=master_bind, master_port=master_port)
    return plan, not target


def run_load(console: Console, *, faults: str, alluredir: Path | None, summary: Path | None = None,
             under_load: int = 0, brief: bool = False, run_label: str | None = None, run_id: str | None = None,
             email_pattern: str | None = None, **options) -> int:
    from ..personas.email import pattern_from, run_id_from

    try:
        plan, embedded = prepare(**options)
        if not 0 <= under_load <= 10:
            raise UserInputError(f"--journeys-under-load: {under_load} is out of range; give 0 to 10 markets")
        run_id = run_id_from(run_id)  # the e-mail addresses of the journeys walked under load
        email_pattern = pattern_from(email_pattern, run_id)
    except UserInputError as exc:
        say(console, exc)
        return 2
    shop = None
    walking = None
    try:
        if embedded:
            shop = EmbeddedStorefront(tuple(f for f in faults.split(",") if f.strip()), workers=os.cpu_count() or 1)
            with console.status("starting the embedded storefront ..."):
                plan.target = shop.start()
            console.print(f"embedded storefront at {plan.target}")
        if under_load:
            # Chromium takes a few seconds to start, by which time the shape has its first users.
            walking = under_load_journeys(plan, under_load, Path(alluredir) if alluredir else plan.out / "allure-results",
                                          run_id, email_pattern)
        with Progress(console, plan.shape.duration, plan.shape.name) as progress:
            outcome = execute(plan, progress)
        walked = walking.wait(timeout=max(120.0, plan.shape.duration)) if walking else None
    except TargetError as exc:
        say(console, exc)
        return 2
    except UserInputError as exc:
        say(console, exc)
        return 2
    finally:
        if walking and walking.proc.poll() is None:
            walking.stop()
        if shop:
            shop.stop()
    chart = latency_chart(outcome.environment, plan.markets, plan.policy)
    (plan.out / "latency-per-region.svg").write_text(chart, encoding="utf-8")
    if alluredir:
        write_allure(Path(alluredir), outcome.results, plan.policy, plan.out, chart, plan.shape.name, plan.seed,
                     plan.target, outcome.stopped_early, run_label=run_label)
        scrub_tree(Path(alluredir))
    scrub_tree(plan.out)
    if not brief:
        _summary(console, outcome, plan)
        if walked:
            _walked(console, walked)
    if summary:
        write_summary(summary, outcome, plan, walked)
    return 0 if outcome.passed and not (walked and walked.failed) else 1


def under_load_journeys(plan: Plan, markets: int, alluredir: Path, run_id: str | None = None,
                        email_pattern: str | None = None):
    """A few persona journeys in Chromium, in the busiest markets, walked while the shape runs and
    labelled "under load" in the report."""
    from ..job import journeys

    busiest = sorted(plan.markets, key=lambda m: -plan.policy[m].traffic_weight)[:markets]
    extra = ["--policy", str(plan.policy_dir)] if plan.policy_dir else []
    cmd = journeys.pytest_command(plan.target, ",".join(busiest), plan.seed, 1, alluredir,
                                  plan.out / "journeys-under-load.jsonl", workers=1, journeys=UNDER_LOAD_JOURNEYS,
                                  label="under load", extra=extra, run_id=run_id, email_pattern=email_pattern)
    plan.out.mkdir(parents=True, exist_ok=True)
    return journeys.start(cmd, plan.out / "journeys-under-load.jsonl")


UNDER_LOAD_JOURNEYS = ["service-area", "checkout"]


def _walked(console: Console, walked) -> None:
    passed = sum(r.outcome == "passed" for r in walked.results)
    console.print(f"journeys under load: {passed} of {len(walked.results)} passed")
    for r in walked.failed:
        first = next((line for line in r.message.splitlines() if line.startswith(r.persona)), r.message.strip()[:160])
        console.print(f"[red]  under load: {first}[/red]", highlight=False)


def write_summary(path: Path, outcome, plan: Plan, walked=None) -> None:
    """The run's verdicts as JSON, for `harness run` and `harness rehearse` to show."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "passed": outcome.passed and not (walked and walked.failed),
        "under_load": [vars(r) for r in walked.results] if walked else [], "stopped_early": outcome.stopped_early, "interrupted": outcome.interrupted,
        "requests": outcome.requests, "failures": outcome.failures, "seconds": round(outcome.seconds, 1),
        "shape": plan.shape.name, "reports": str(plan.out),
        "results": [{"market": r.market, "metric": r.metric, "measured": r.measured, "target": r.target,
                     "passed": r.passed, "samples": r.samples, "said": r.said} for r in outcome.results],
    }, indent=2), encoding="utf-8")


def _summary(console: Console, outcome, plan: Plan) -> None:
    failed = [r for r in outcome.results if not r.passed]
    table = Table(title=f"Service levels per region ({len(plan.markets)} markets)")
    for col in ("region", "p95 ms", "error rate", "checkout success", "first response s"):
        table.add_column(col, justify="right" if col != "region" else "left")
    by_market: dict[str, dict[str, Result]] = {}
    for r in outcome.results:
        by_market.setdefault(r.market, {})[r.metric] = r
    for market, metrics in by_market.items():
        cells = [_cell(metrics[m]) for m in ("p95_ms", "error_rate", "checkout_success", "support_first_response_s")]
        table.add_row(market, *cells)
    console.print(table)
    console.print(f"{outcome.requests} requests, {outcome.failures} failed, in {outcome.seconds:.0f} s; "
                  f"reports in {plan.out}")
    if outcome.stopped_early:
        console.print(f"[red]stopped early: {outcome.stopped_early}[/red]")
    if outcome.interrupted:
        console.print("[yellow]interrupted: the figures so far are written above and in the reports[/yellow]")
    for r in failed:
        console.print(f"[red]missed: {r.said}[/red]")
    if not failed and not outcome.stopped_early and not outcome.interrupted:
        console.print("[green]every region met its targets[/green]")


def _cell(r: Result) -> str:
    if r.measured is None:
        return "-"
    text = f"{r.measured:.1%}" if r.metric in ("error_rate", "checkout_success") else f"{r.measured:,.1f}"
    return text if r.passed else f"[red]{text}[/red]"
