"""`harness load`: checks everything before a request is sent, runs, prints the regional gates."""
from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from .. import journeys as registry
from ..adapter.load import adapter_factory
from ..errors import UserInputError, say, shown_path
from ..policy import load_policy
from ..results import LoadSummary, RegionResult, tally
from ..secrets import load_secrets, scrub_tree
from ..settings import DEFAULT_SEED, Settings, check_bound
from ..target import EmbeddedStorefront, TargetError, mark_probed, probe
from . import shapes
from ..folders import writable
from .table import service_levels
from .bounds import check_allow_entries, check_limits, check_target, parse_duration
from .gates import NOT_JUDGED, Result, not_judged_lines
from .sizing import judging_note, markets_to_judge, narrowed
from .progress import Progress
from .report import latency_chart, latency_over_time, write_allure
from .run import EXIT_CODES, GREEN, INTERRUPTED, MISSED, TARGET_ERROR, Plan, execute, user_classes


def prepare(*, target, shape, shape_file, duration, users, spawn_rate, max_rps, workers, markets, new_markets,
            seed, allow_host, locustfile, policy_dir, out, remote_workers=0, master_bind="127.0.0.1",
            master_port=0, alluredir=None, summary=None, adapter=None) -> tuple[Plan, bool]:
    """Every input checked, in the order a user would fix them; nothing started yet but one request
    to the target (is it there, is it a web shop). Returns the plan (target "" when the embedded
    storefront is to be started) and whether it is embedded.

    `--markets all` load-tests the busiest markets the run can judge (sizing.markets_to_judge) and
    leaves the others out, saying so; named markets are load-tested whether or not they can be."""
    load_secrets()  # a malformed credential is refused before anything starts
    allowed = check_allow_entries(list(allow_host))
    if target:
        target = check_target(target, allowed)
    check_bound("workers", workers)
    check_bound("seed", seed)
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
    if limits.spawn_rate is not None:
        plan_shape = replace(plan_shape, rate=limits.spawn_rate)
    user_classes(locustfile)  # a broken locustfile is refused now, not after the target started
    adapter_factory(adapter)  # likewise a misnamed adapter
    check_outputs(Path(out), alluredir, summary)
    note = None
    if markets == "all":
        judged = markets_to_judge(plan_shape)
        if len(judged) < len(chosen):
            note = judging_note(plan_shape, judged)
            chosen, plan_shape = judged, narrowed(plan_shape, judged)
    if target:
        target = probe(target)  # unreachable, silent, or not a web page: refused before a user starts
        if locustfile is None:
            probe_adapter_shop(target, adapter, policy_dir, chosen[0], seed)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    plan = Plan(target=target or "", policy=policy, markets=chosen, shape=plan_shape, limits=limits, seed=seed,
                out=Path(out) / f"load-{stamp}", workers=workers, locustfile=locustfile, policy_dir=policy_dir,
                remote_workers=remote_workers, master_bind=master_bind, master_port=master_port, note=note,
                adapter=adapter)
    return plan, not target


def probe_adapter_shop(target: str, adapter: str | None, policy_dir: Path | None, market: str, seed: int) -> None:
    """The harness's own users act through the adapter: a target that is not the shop it reads is
    refused before a user starts (a web server that is something else would answer them all with
    404s). In a process of its own: Playwright's sync API must not run in this gevent-patched one.
    A job that probed or started the target already said so."""
    from ..adapter.probe import probe_in_a_process
    from ..target import PROBED

    if os.environ.get(PROBED) != target:
        probe_in_a_process(target, adapter=adapter, policy_dir=policy_dir, market=market, seed=seed)


def find_pages(console: Console, plan: Plan) -> None:
    """An adapter without a traffic part: the pages its catalogue reaches, per market, which the
    users will request (harness.load.pages)."""
    from ..adapter.pages import find_pages_in_a_process
    from .traffic import traffic_of

    if plan.locustfile is not None or traffic_of(plan.adapter, plan.target) is not None:
        return
    plan.out.mkdir(parents=True, exist_ok=True)
    with console.status(f"finding the pages to load through the adapter's catalogue, in {len(plan.markets)} markets ..."):
        plan.pages = find_pages_in_a_process(plan.target, adapter=plan.adapter, policy_dir=plan.policy_dir,
                                             markets=plan.markets, seed=plan.seed, out=plan.out / "pages.json")
    found = sum(len(p["categories"]) + len(p["products"]) + 1 for p in plan.pages.values())
    console.print(f"the adapter has no traffic part: load over the {found} landing, category and product pages "
                  f"its catalogue reached in {len(plan.pages)} markets (docs/adapters.md)", highlight=False)


def check_outputs(out: Path, alluredir: Path | None, summary: Path | None) -> None:
    """Every place the run writes to, checked before it starts: a run of minutes should not end in
    "cannot be written"."""
    writable(out, "--out")
    if alluredir:
        writable(Path(alluredir), "--alluredir")
    if summary:
        summary = Path(summary)
        if summary.is_dir():
            raise UserInputError(f"--summary: {shown_path(summary)} is a folder; give a file name such as summary.json")
        writable(summary.parent, "--summary", summary)


@contextmanager
def writing(flag: str, path: Path):
    """A write at the end of the run that fails after all (a full disk) is one line, not a traceback."""
    try:
        yield
    except OSError as exc:
        raise UserInputError(f"{flag}: {shown_path(path)} cannot be written ({exc.strerror or exc})") from None


def run_load(console: Console, *, faults: str, alluredir: Path | None, summary: Path | None = None,
             under_load: int = 0, brief: bool = False, run_label: str | None = None, run_id: str | None = None,
             email_pattern: str | None = None, settings_file: Path | None = None, **options) -> int:
    try:
        check_bound("under_load", under_load)
        if settings_file:  # a job's load phase: its journeys' settings, whole
            given = [flag for flag, value in (("--target", options["target"]), ("--seed", options["seed"] != DEFAULT_SEED or None),
                                              ("--policy", options["policy_dir"]), ("--adapter", options["adapter"]),
                                              ("--run-label", run_label), ("--run-id", run_id),
                                              ("--email-pattern", email_pattern)) if value]
            if given:
                raise UserInputError(f"{given[0]}: give it in --settings {settings_file} or as a flag, not both")
            settings = Settings.read(settings_file)
            options.update(target=settings.target, seed=settings.seed, policy_dir=settings.policy_dir,
                           adapter=settings.adapter)
        else:
            settings = Settings(target=options["target"], seed=options["seed"], policy_dir=options["policy_dir"],
                                adapter=options["adapter"], run_label=run_label, run_id=run_id,
                                email_pattern=email_pattern).resolved()  # for the journeys walked under load
        plan, embedded = prepare(alluredir=alluredir, summary=summary, **options)
    except UserInputError as exc:
        say(console, exc)
        return 2
    if plan.note:
        console.print(f"[dim]{escape(plan.note)}[/dim]", highlight=False, soft_wrap=True)
    shop = None
    walking = None
    try:
        if embedded:
            shop = EmbeddedStorefront(tuple(f for f in faults.split(",") if f.strip()), workers=os.cpu_count() or 1)
            with console.status("starting the embedded storefront ..."):
                plan.target = shop.start()
            mark_probed(plan.target)  # the reference storefront is the shop its adapter describes
            console.print(f"embedded storefront at {plan.target}")
        find_pages(console, plan)
        if under_load:
            # Chromium takes a few seconds to start, by which time the shape has its first users.
            walking = under_load_journeys(plan, under_load, Path(alluredir) if alluredir else plan.out / "allure-results",
                                          settings)
        with Progress(console, plan.shape.duration, plan.shape.name) as progress:
            outcome = execute(plan, progress)  # the users have stopped when it returns: the shop stops after them
        # An interrupted run does not wait for its journeys: they are stopped below with the rest.
        walked = walking.wait(timeout=max(120.0, plan.shape.duration)) if walking and not outcome.interrupted else None
    except (TargetError, UserInputError) as exc:
        say(console, exc)
        return 2
    finally:
        if walking and walking.proc.poll() is None:
            walking.stop()
        if shop:
            shop.stop()
    verdict = verdict_of(outcome, walked)
    try:
        write_outputs(outcome, plan, alluredir, summary, walked, verdict, settings.run_label)
    except UserInputError as exc:
        say(console, exc)
        return 2
    if not brief:
        _summary(console, outcome, plan, verdict)
        if walked:
            _walked(console, walked)
    return EXIT_CODES[verdict]


def verdict_of(outcome, walked) -> str:
    """The run's verdict with the journeys walked under load: a journey that failed is a miss."""
    if walked and walked.failed and outcome.verdict in (GREEN, NOT_JUDGED):
        return MISSED
    return outcome.verdict


def write_outputs(outcome, plan: Plan, alluredir: Path | None, summary: Path | None, walked, verdict: str,
                  run_label: str | None) -> None:
    with writing("--out", plan.out):
        chart = latency_chart(outcome.environment, plan.markets, plan.policy, results=outcome.results)
        (plan.out / "latency-per-region.svg").write_text(chart, encoding="utf-8")
        over_time = latency_over_time(plan.out / "locust_stats_history.csv", plan.markets, plan.policy)
        if over_time:
            (plan.out / "latency-over-time.svg").write_text(over_time, encoding="utf-8")
    if alluredir:
        with writing("--alluredir", Path(alluredir)):
            write_allure(Path(alluredir), outcome.results, plan.policy, plan.out, chart, plan.shape.name, plan.seed,
                         plan.target, outcome.stopped_early or outcome.target_error, run_label=run_label,
                         over_time_svg=over_time)
            scrub_tree(Path(alluredir))
    with writing("--out", plan.out):
        scrub_tree(plan.out)
    if summary:
        with writing("--summary", Path(summary)):
            write_summary(Path(summary), outcome, plan, walked, verdict)


def under_load_journeys(plan: Plan, markets: int, alluredir: Path, settings: Settings):
    """A few persona journeys in Chromium, in the busiest markets, walked while the shape runs and
    labelled "under load" in the report: the run's settings, one persona a market, one process."""
    from .. import journey_process as journeys

    busiest = sorted(plan.markets, key=lambda m: -plan.policy[m].traffic_weight)[:markets]
    walked = settings.model_copy(update={
        "target": plan.target, "markets": ",".join(busiest), "personas": 1, "persona": None, "workers": 1,
        "journeys": tuple(j.name for j in registry.journeys() if j.under_load),
        "run_label": "under load"})
    cmd = journeys.pytest_command(walked, alluredir, plan.out / "journeys-under-load.jsonl")
    plan.out.mkdir(parents=True, exist_ok=True)
    return journeys.start(cmd, plan.out / "journeys-under-load.jsonl")

def _walked(console: Console, walked) -> None:
    console.print(f"journeys under load: {tally(walked.results)}")
    for r in walked.failed:
        first = next((line for line in r.message.splitlines() if line.startswith(r.persona)), r.message.strip()[:160])
        console.print(f"[red]  under load: {first}[/red]", highlight=False)


def write_summary(path: Path, outcome, plan: Plan, walked=None, verdict: str | None = None) -> None:
    """The run's verdicts as JSON, for `harness run` and `harness rehearse` to show. `passed` is
    kept for them: it is `verdict == "green"`."""
    verdict = verdict or verdict_of(outcome, walked)
    LoadSummary(
        verdict=verdict, passed=verdict == GREEN, said=said_of(verdict, outcome), target_error=outcome.target_error,
        unjudged={m: f"{r.samples} of the {r.minimum} requests a verdict needs" for m, r in outcome.unjudged.items()},
        not_judged=not_judged_lines(outcome.results), under_load=walked.results if walked else [],
        stopped_early=outcome.stopped_early, interrupted=outcome.interrupted, not_driven=outcome.not_driven,
        requests=outcome.requests, failures=outcome.failures, seconds=round(outcome.seconds, 1),
        shape=plan.shape.name, reports=str(plan.out), markets=plan.markets, note=plan.note,
        results=region_results(outcome.results),
    ).write(path)


def region_results(results: list[Result]) -> list[RegionResult]:
    """The gates' results as the summary holds them (and the service-level table reads them)."""
    return [RegionResult(market=r.market, metric=r.metric, measured=r.measured, target=r.target, status=r.status,
                         passed=r.passed, samples=r.samples, minimum=r.minimum, undriven=r.undriven, said=r.said)
            for r in results]


def said_of(verdict: str, outcome) -> str:
    """The verdict in one line: what `harness load` ends with, and what `harness run` shows."""
    if verdict == INTERRUPTED:
        return "interrupted: the figures up to the interrupt are above and in the reports"
    if verdict == TARGET_ERROR:
        return outcome.target_error
    if verdict == MISSED:
        missed = sum(r.failed for r in outcome.results)
        said = [f"{missed} service-level target{'s' if missed != 1 else ''}"] if missed else []
        said += [f"stopped early: {outcome.stopped_early}"] if outcome.stopped_early else []
        return "missed: " + ("; ".join(said) or "a journey walked under load failed")
    if verdict == NOT_JUDGED:
        regions = ", ".join(f"{m} ({r.samples} of {r.minimum} requests)" for m, r in outcome.unjudged.items())
        return (f"not green: too little traffic to judge {regions}; not a defect of the shop: give the run more "
                "users or time, or fewer markets")
    if all(r.passed for r in outcome.results):
        return "every region met its targets"
    return ("green: no target missed, and every region was judged on at least one "
            "(the figures not judged, and why, are listed above)")


def _summary(console: Console, outcome, plan: Plan, verdict: str) -> None:
    if verdict == TARGET_ERROR:  # the figures are about the target, not the regions: no table of them
        console.print(f"{outcome.requests} requests, {outcome.failures} failed, in {outcome.seconds:.0f} s; "
                      f"reports in {plan.out}", highlight=False)
        say(console, outcome.target_error)
        return
    console.print(service_levels(region_results(outcome.results),
                                 f"Service levels per region ({len(plan.markets)} markets)"))
    console.print(f"{outcome.requests} requests, {outcome.failures} failed, in {outcome.seconds:.0f} s; "
                  f"reports in {plan.out}", highlight=False)
    if outcome.stopped_early:
        console.print(f"[red]stopped early: {escape(outcome.stopped_early)}[/red]", highlight=False, soft_wrap=True)
    for r in outcome.results:
        if r.failed:
            console.print(f"[red]missed: {escape(r.said)}[/red]", highlight=False, soft_wrap=True)
    if outcome.not_driven:
        console.print(f"[dim]not driven: {', '.join(outcome.not_driven)} (the adapter's traffic has no such action)[/dim]",
                      highlight=False, soft_wrap=True)
    for line in not_judged_lines(outcome.results):
        console.print(f"[dim]not judged {escape(line)}[/dim]", highlight=False, soft_wrap=True)
    style = {GREEN: "green", INTERRUPTED: "yellow", NOT_JUDGED: "yellow"}.get(verdict, "red")
    console.print(f"[{style}]{escape(said_of(verdict, outcome))}[/{style}]", highlight=False, soft_wrap=True)
