"""`harness run`: personas walk every market's journeys in Chromium, a load run follows, and the
Allure report is built; the end shows the markets x journeys grid, the regions' service levels,
where the report is and the seed that reproduces the run."""
from __future__ import annotations

import io
import os
import shlex
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from .. import coverage
from ..adapter import adapter_factory
from ..browser import chromium_executable
from ..persona_context import egress_proxy_flags
from ..errors import UserInputError, nearest, say
from ..load import shapes
from ..load.bounds import MAX_USERS, check_allow_entries, check_target, parse_duration
from ..load.sizing import load_phase_markets
from ..personas.covering import COVERING, parse_personas
from ..personas.email import DEFAULT_PATTERN, PATTERN_ENV, pattern_from, run_id_from
from ..policy import load_policy
from ..secrets import load_secrets, scrub_tree
from ..target import EmbeddedStorefront, TargetError, probe
from . import journeys as journey_runner
from .steps import JourneysDidNotRun, build_report, fresh_results, run_load, walk_journeys
from .journeys import JourneyResult
from .summary import findings, grid, service_levels

EXIT_GREEN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
MAX_WORKERS = 64  # journey processes (`harness run` and `rehearse` --workers), each with its own Chromium


def check_workers(workers: int) -> int:
    if not 0 <= workers <= MAX_WORKERS:
        raise UserInputError(f"--workers: {workers} is out of range; give 0 to {MAX_WORKERS} (0: one per core)")
    return workers


@dataclass
class Options:
    target: str | None = None
    faults: str = ""
    markets: str = "all"
    journeys: list[str] | None = None  # None: every journey
    personas: str | int = COVERING  # or a number of personas per market (harness/personas/covering.py)
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
    adapter: str | None = None  # module:function building the Shop for --target (docs/adapters.md)
    egress_proxy: tuple[str, ...] = ()  # CC=URL, overriding the policy's proxy for a market
    run_id: str | None = None  # in every persona's e-mail address; None: HARNESS_RUN_ID or a new one
    email_pattern: str | None = None  # None: HARNESS_EMAIL_PATTERN or the default (harness/personas/email.py)


def check(options: Options):
    """Everything checked before anything starts; returns (policy, market codes)."""
    load_secrets()  # a malformed credential is refused before anything starts
    policy = load_policy(options.policy_dir)
    markets = [m.market for m in policy.select(options.markets)]
    if options.seed < 0:
        raise UserInputError(f"--seed: {options.seed} is negative; give a whole number from 0")
    options.run_id = run_id_from(options.run_id)  # one for the whole job: every pytest process gets it
    options.email_pattern = pattern_from(options.email_pattern, options.run_id)
    options.personas = parse_personas(options.personas)
    unknown = [j for j in options.journeys or () if j not in journey_runner.JOURNEYS]
    if unknown:
        raise UserInputError(f"--journeys: unknown journey {unknown[0]!r}; known: {', '.join(journey_runner.JOURNEYS)}")
    check_workers(options.workers)
    allowed = check_allow_entries(list(options.allow_host))  # refused whether or not the target needs one
    if not 0 <= options.under_load <= 10:
        raise UserInputError(f"--journeys-under-load: {options.under_load} is out of range; give 0 to 10 markets")
    if options.load:
        parse_duration(options.load_duration, "--load-duration")
        if options.load_shape not in shapes.NAMES:
            raise UserInputError(f"--load-shape: unknown shape {options.load_shape!r}{nearest(options.load_shape, shapes.NAMES)}; "
                                 f"known: {', '.join(shapes.NAMES)}")
        if not 1 <= options.load_users <= MAX_USERS:
            raise UserInputError(f"--load-users: {options.load_users} is out of range; give 1 to {MAX_USERS}")
        if options.target:
            check_target(options.target, allowed)
    adapter_factory(options.adapter)  # a misnamed adapter is refused now, not after the browsers start
    chromium_executable()  # likewise the browser every journey process would start
    proxies = egress_proxy_flags(options.egress_proxy)
    if options.target:
        options.target = probe(options.target)
        from ..adapter.probe import probe_shop  # answering HTML is not enough: is it the shop the adapter reads?

        probe_shop(options.target, options.adapter, policy, markets[0], seed=options.seed,
                   proxy=proxies.get(markets[0]))
    return policy, markets


def run_job(console: Console, options: Options) -> int:
    try:
        policy, markets = check(options)
    except UserInputError as exc:
        say(console, exc)
        return EXIT_ERROR
    try:
        results_dir = fresh_results(options.reports)
    except UserInputError as exc:
        say(console, exc)
        return EXIT_ERROR
    shop = None
    try:
        target = options.target
        if not target:
            shop = EmbeddedStorefront(tuple(f for f in options.faults.split(",") if f.strip()), workers=os.cpu_count() or 1)
            with console.status("starting the embedded storefront ..."):
                target = shop.start()
            console.print(f"embedded storefront at {target}" + (f" (faults: {options.faults})" if options.faults else ""))
        interrupted = False
        say_personas(console, policy, markets, options)
        walked = walk_journeys(console, target, options.markets, seed=options.seed, personas=options.personas,
                               results_dir=results_dir, reports=options.reports,
                               workers=options.workers or os.cpu_count() or 1, journeys=options.journeys,
                               policy_dir=options.policy_dir, adapter=options.adapter,
                               egress_proxy=options.egress_proxy, run_id=options.run_id,
                               email_pattern=options.email_pattern)
        load_summary = load_note = None
        interrupted = walked.interrupted
        if options.load and not interrupted:
            # Only the markets the load phase can judge take part (each counted on for twice the
            # requests a verdict needs); the line says which are left out.
            opening = [markets[-1]] if options.load_shape == "market-opening" else None
            load_markets, load_note = load_phase_markets(policy, markets, options.load_shape, options.load_users,
                                                         parse_duration(options.load_duration), opening)
            if load_note:
                console.print(f"[dim]{escape(load_note)}[/dim]", highlight=False, soft_wrap=True)
            load_summary = run_load(console, target, load_markets, shape=options.load_shape, users=options.load_users,
                                    duration=options.load_duration, seed=options.seed, results_dir=results_dir,
                                    reports=options.reports, allow_host=options.allow_host,
                                    policy_dir=options.policy_dir, under_load=options.under_load,
                                    new_markets=opening, run_id=options.run_id, email_pattern=options.email_pattern,
                                    adapter=options.adapter)
            interrupted = bool(load_summary.get("interrupted"))
    except (TargetError, UserInputError, JourneysDidNotRun) as exc:
        say(console, exc)
        return EXIT_ERROR
    finally:
        if shop:
            shop.stop()
    scrub_tree(options.reports)
    built = build_report(console, results_dir, options.reports)
    names = {m: policy[m].name for m in markets}
    out = Tee(console)
    out.print(grid(walked.results, markets, names, f"Journeys: {len(markets)} markets, seed {options.seed}"))
    checked = coverage.tally((r.market, coverage.scenario_of(r.nodeid), list(r.checks))
                             for r in walked.results if r.checks)
    untested = coverage.untested(checked, dict.fromkeys(r.market for r in walked.results if r.market))
    if checked:
        out.print("[italic]Coverage: failure-catalogue entries checked per market[/italic]")
        out.print(coverage.grid(checked, [m for m in markets if m in checked]))
        out.print(f"  [dim]{coverage.legend()}[/dim]", highlight=False)
        for line in coverage.reasons(checked):
            out.print(f"  [yellow]not checked: {escape(line)}[/yellow]", highlight=False)
    if load_summary:
        out.print(service_levels(load_summary, f"Service levels per region ({load_summary['shape']} load)"))
        if load_note:
            out.print(f"  [dim]{escape(load_note)}[/dim]", highlight=False, soft_wrap=True)
        for r in load_summary["results"]:
            if r["status"] == "failed":
                out.print(f"  [red]missed: {escape(r['said'])}[/red]", highlight=False)
        if load_summary.get("not_driven"):
            out.print(f"  [dim]not driven: {', '.join(load_summary['not_driven'])} (the adapter's traffic has no such "
                      "action)[/dim]", highlight=False)
        for line in load_summary["not_judged"]:
            out.print(f"  [dim]not judged {escape(line)}[/dim]", highlight=False)
        if load_summary["verdict"] == "not judged":
            out.print(f"  [yellow]load: {escape(load_summary['said'])}[/yellow]", highlight=False)
        if load_summary.get("stopped_early"):
            out.print(f"  [red]load stopped early: {load_summary['stopped_early']}[/red]", highlight=False)
        under = [JourneyResult(**r) for r in load_summary.get("under_load", [])]
        if under:
            out.print(f"journeys under load: {sum(r.outcome == 'passed' for r in under)} of {len(under)} passed")
            findings(out, under)
    findings(out, walked.results)
    load_missed = load_summary is not None and load_summary["verdict"] == "missed"
    failed = bool(walked.failed) or load_missed
    if built:
        out.print(f"report: {built.path / 'index.html'}  (harness report --open to serve it)")
    out.print(f"seed {options.seed}, run id {options.run_id}; re-run one persona, with a DOM snapshot of every "
              "step in its trace:")
    persona = walked.failed[0].persona if walked.failed else markets[0] + "-0001"
    journeys = ([r.journey for r in walked.failed if r.persona == persona] if walked.failed else options.journeys) or ()
    out.print("  " + shlex.join(rerun_command(options, persona, journeys, results_dir)), soft_wrap=True, markup=False,
              highlight=False)
    broken_only = not any(r.outcome == "failed" for r in walked.results) and any(r.outcome == "broken" for r in walked.results)
    if interrupted:
        out.print(f"[yellow]interrupted: {len(walked.results)} journeys finished and are in the report; "
                  "the rest did not run[/yellow]")
        out.save(options.reports)
        return EXIT_INTERRUPTED
    if not failed and untested:
        out.print(f"[yellow]not green: nothing could be checked for {', '.join(untested)} "
                  "(the reasons are above)[/yellow]", highlight=False)
        out.save(options.reports)
        return EXIT_ERROR
    if not failed and load_summary is not None and load_summary["verdict"] != "green":
        out.print("[yellow]not green: the load run could not judge every region it load-tested (above)[/yellow]",
                  highlight=False)
        out.save(options.reports)
        return EXIT_ERROR
    if not failed:
        out.print("[green]green: every check that ran passed, in every journey and every region[/green]")
        out.save(options.reports)
        return EXIT_GREEN
    out.save(options.reports)
    return EXIT_ERROR if broken_only and not load_missed else EXIT_FINDINGS


def say_personas(console: Console, policy, markets: list[str], options: Options) -> None:
    """Which personas walk: the covering set's size and, for a few markets (or one that misses a
    value), what it covers; the command that lists what each persona stands for."""
    if options.personas != COVERING:
        console.print(f"personas: the first {options.personas} of each market on every journey")
        return
    from ..personas import PersonaFactory
    from ..personas.covering import covering_set

    factory = PersonaFactory(policy, options.seed)
    sets = [covering_set(factory, m) for m in markets]
    console.print(f"personas: the covering set, {sum(len(s.stands) for s in sets)} over {len(markets)} markets; each "
                  "journey walks those that differ in what it depends on", highlight=False)
    for found in sets:
        if len(markets) <= 6 or found.uncovered:
            console.print(f"  [dim]{escape(found.summary())}[/dim]", highlight=False, soft_wrap=True)
    which = options.markets if len(markets) > 1 else markets[0]
    console.print(f"  [dim]what each stands for: harness personas --covering --market {which} --seed {options.seed}"
                  + (f" --policy {options.policy_dir}" if options.policy_dir else "") + "[/dim]", highlight=False,
                  soft_wrap=True)


def rerun_command(options: Options, persona: str, journeys, alluredir: Path) -> list[str]:
    """`pytest scenarios ...` walking `persona` again as this run walked it: the same shop (its
    target, or the embedded storefront with the same faults), policy, adapter, proxies, e-mail
    pattern and seed, with a DOM snapshot of every step, its result beside the run's. Only what
    differs from the plugin's defaults is spelt out."""
    cmd = ["pytest", "scenarios", "--seed", str(options.seed), "--persona", persona, "--trace-dom"]
    if journeys:
        cmd += ["-m", " or ".join(dict.fromkeys(j.replace("-", "_") for j in journeys))]
    if options.target:
        cmd += ["--target", options.target]
    elif options.faults:
        cmd += ["--faults", options.faults]
    if options.policy_dir:
        cmd += ["--policy", str(options.policy_dir)]
    if options.adapter:
        cmd += ["--adapter", options.adapter]
    cmd += [arg for proxy in options.egress_proxy for arg in ("--egress-proxy", proxy)]
    if options.email_pattern and options.email_pattern != (os.environ.get(PATTERN_ENV) or DEFAULT_PATTERN):
        cmd += ["--email-pattern", options.email_pattern]
    return cmd + ["--alluredir", str(alluredir)]


class Tee:
    """Prints to the terminal and records the same, so the end of the run is also kept as
    `summary.txt` and `summary.svg` (a picture of the grid for a CI page or a wiki)."""

    def __init__(self, console: Console):
        self.console = console
        self.recorder = Console(record=True, width=max(console.width, 100), file=io.StringIO(), force_terminal=True)

    def print(self, *args, **kwargs) -> None:
        self.console.print(*args, **kwargs)
        self.recorder.print(*args, **kwargs)

    def save(self, reports: Path) -> None:
        self.recorder.save_svg(str(reports / "summary.svg"), title="harness run", clear=False)
        self.recorder.save_text(str(reports / "summary.txt"))
