"""`harness run`: personas walk every market's journeys in Chromium, a load run follows, and the
Allure report is built; the end shows the markets x journeys grid, the regions' service levels,
where the report is and the seed that reproduces the run."""
from __future__ import annotations

import io
import os
import shlex
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from .. import coverage
from .. import journeys as registry
from ..adapter import adapter_factory
from ..browser import chromium_executable
from ..errors import UserInputError, nearest, say
from ..load import shapes
from ..load.bounds import check_allow_entries, check_target, parse_duration
from ..load.sizing import load_phase_markets
from ..settings import COVERING, DEFAULT_ADAPTER, RunSettings, Settings
from ..personas.email import DEFAULT_PATTERN, PATTERN_ENV
from ..policy import Policy, load_policy
from ..results import tally
from ..secrets import load_secrets, scrub_tree
from ..target import EmbeddedStorefront, TargetError, mark_probed, probe
from .steps import JourneysDidNotRun, build_report, fresh_results, run_load, walk_journeys
from ..load.table import service_levels
from .summary import findings, grid

EXIT_GREEN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


def check(settings: RunSettings) -> tuple[RunSettings, Policy, list[str]]:
    """Everything checked before anything starts (the bounds as the settings were built); returns
    the settings resolved for the whole job (run id, e-mail pattern, the target as probed), the
    policy and the market codes."""
    load_secrets()  # a malformed credential is refused before anything starts
    policy = load_policy(settings.policy_dir)
    markets = [m.market for m in policy.select(settings.markets)]
    settings = settings.resolved()  # one run id for the whole job: every process gets it
    allowed = check_allow_entries(list(settings.allow_host))  # refused whether or not the target needs one
    if settings.load:
        parse_duration(settings.load_duration, "--load-duration")
        if settings.load_shape not in shapes.NAMES:
            raise UserInputError(f"--load-shape: unknown shape {settings.load_shape!r}{nearest(settings.load_shape, shapes.NAMES)}; "
                                 f"known: {', '.join(shapes.NAMES)}")
        if settings.target:
            check_target(settings.target, allowed)
    adapter_factory(settings.adapter)  # a misnamed adapter is refused now, not after the browsers start
    if not settings.remote_browser:  # a --browser-ws pool's or --cdp browser is its own: this machine may have none
        chromium_executable()  # likewise the browser every journey process would start
    proxies = settings.proxies()
    if settings.target:
        settings = settings.model_copy(update={"target": probe(settings.target)})
        from ..adapter.probe import probe_shop  # answering HTML is not enough: is it the shop the adapter reads?

        if not settings.remote_browser:  # the probe lands a persona in a local Chromium, as the plugin's does
            probe_shop(settings.target, settings.adapter, policy, markets[0], seed=settings.seed,
                       proxy=proxies.get(markets[0]))
    return settings, policy, markets


def run_job(console: Console, options: RunSettings) -> int:
    try:
        options, policy, markets = check(options)
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
            # a web worker per core for a load phase; one answers the journeys alone, and starts sooner
            shop = EmbeddedStorefront(options.faults, workers=(os.cpu_count() or 1) if options.load else 1)
            with console.status("starting the embedded storefront ..."):
                target = shop.start()
            mark_probed(target)  # the reference storefront is the shop its adapter describes
            console.print(f"embedded storefront at {target}" + (f" (faults: {','.join(options.faults)})" if options.faults else ""))
        interrupted = False
        say_personas(console, policy, markets, options)
        walked = walk_journeys(console, options.journeys_only().model_copy(update={"target": target,
                                                                                 "embedded": shop is not None}),
                               results_dir=results_dir, reports=options.reports)
        load_summary = load_note = None
        interrupted = walked.interrupted
        if options.load and options.shard:
            console.print(f"[dim]load: not in shard {options.shard}; it runs once, as its own job, and merges like a "
                          "shard (docs/scale-out.md)[/dim]", highlight=False)
        elif options.load and not interrupted:
            # Only the markets the load phase can judge take part (each counted on for twice the
            # requests a verdict needs); the line says which are left out.
            opening = [markets[-1]] if options.load_shape == "market-opening" else None
            load_markets, load_note = load_phase_markets(policy, markets, options.load_shape, options.load_users,
                                                         parse_duration(options.load_duration), opening)
            if load_note:
                console.print(f"[dim]{escape(load_note)}[/dim]", highlight=False, soft_wrap=True)
            load_summary = run_load(console, options.journeys_only().model_copy(update={"target": target,
                                                                                        "embedded": shop is not None}),
                                    load_markets, shape=options.load_shape, users=options.load_users,
                                    duration=options.load_duration, results_dir=results_dir,
                                    reports=options.reports, allow_host=options.allow_host,
                                    under_load=options.under_load, new_markets=opening)
            interrupted = load_summary.interrupted
    except (TargetError, UserInputError, JourneysDidNotRun) as exc:
        say(console, exc)
        return EXIT_ERROR
    finally:
        if shop:
            shop.stop()
    scrub_tree(options.reports)
    built = build_report(console, results_dir, options.reports)
    failed = [r for r in walked.results if r.outcome in ("failed", "broken")]
    persona = failed[0].persona if failed else markets[0] + "-0001"
    journeys = ([r.journey for r in failed if r.persona == persona] if failed else options.journeys) or ()
    rerun = shlex.join(rerun_command(options, persona, journeys, results_dir))
    return conclude(console, walked.results, markets, {m: policy[m].name for m in markets}, options.reports,
                    f"Journeys: {len(markets)} markets, seed {options.seed}", load_summary=load_summary,
                    load_note=load_note, interrupted=interrupted, built=built,
                    reproduce=[f"seed {options.seed}, run id {options.run_id}; re-run one persona, fully traced:",
                               f"  {rerun}"])


def conclude(console: Console, results: list, markets: list[str], names: dict[str, str], reports: Path, title: str, *,
             load_summary=None, load_note: str | None = None, interrupted: bool = False, built=None,
             reproduce: list[str] = ()) -> int:
    """The end of a run, shown and kept as summary.txt and .svg, and its exit code: the markets x
    journeys grid, the coverage, the service levels, the findings, where the report is. `harness
    run` ends with it, and `harness merge` for the shards of one."""
    out = Tee(console)
    out.print(grid(results, markets, names, title))
    if any(r.flaky for r in results):
        out.print("  [dim][magenta]~[/magenta] flaky: failed, then passed when walked again (what the first walk "
                  "found is below)[/dim]", highlight=False)
    checked = coverage.tally((r.market, coverage.scenario_of(r.nodeid), list(r.checks)) for r in results if r.checks)
    untested = coverage.untested(checked, dict.fromkeys(r.market for r in results if r.market))
    if checked:
        out.print("[italic]Coverage: failure-catalogue entries checked per market[/italic]")
        out.print(coverage.grid(checked, [m for m in markets if m in checked]))
        out.print(f"  [dim]{coverage.legend()}[/dim]", highlight=False)
        for line in coverage.reasons(checked):
            out.print(f"  [yellow]not checked: {escape(line)}[/yellow]", highlight=False)
    if load_summary:
        out.print(service_levels(load_summary.results, f"Service levels per region ({load_summary.shape} load)"))
        if load_note:
            out.print(f"  [dim]{escape(load_note)}[/dim]", highlight=False, soft_wrap=True)
        for r in load_summary.results:
            if r.status == "failed":
                out.print(f"  [red]missed: {escape(r.said)}[/red]", highlight=False)
        if load_summary.not_driven:
            out.print(f"  [dim]not driven: {', '.join(load_summary.not_driven)} (the adapter's traffic has no such "
                      "action)[/dim]", highlight=False)
        for line in load_summary.not_judged:
            out.print(f"  [dim]not judged {escape(line)}[/dim]", highlight=False)
        if load_summary.verdict == "not judged":
            out.print(f"  [yellow]load: {escape(load_summary.said)}[/yellow]", highlight=False)
        if load_summary.stopped_early:
            out.print(f"  [red]load stopped early: {load_summary.stopped_early}[/red]", highlight=False)
        under = load_summary.under_load
        if under:
            out.print(f"journeys under load: {tally(under)}")
            findings(out, under)
    findings(out, results)
    load_missed = load_summary is not None and load_summary.verdict == "missed"
    failed = any(r.outcome in ("failed", "broken") for r in results) or load_missed
    if built:
        out.print(f"report: {built.path / 'index.html'}  (harness report --open to serve it)")
    for line in reproduce:
        out.print(line, soft_wrap=True, markup=False, highlight=False)
    broken_only = not any(r.outcome == "failed" for r in results) and any(r.outcome == "broken" for r in results)
    if interrupted:
        out.print(f"[yellow]interrupted: {len(results)} journeys finished and are in the report; "
                  "the rest did not run[/yellow]")
        out.save(reports)
        return EXIT_INTERRUPTED
    if not failed and untested:
        out.print(f"[yellow]not green: nothing could be checked for {', '.join(untested)} "
                  "(the reasons are above)[/yellow]", highlight=False)
        out.save(reports)
        return EXIT_ERROR
    if not failed and load_summary is not None and load_summary.verdict != "green":
        out.print("[yellow]not green: the load run could not judge every region it load-tested (above)[/yellow]",
                  highlight=False)
        out.save(reports)
        return EXIT_ERROR
    if not failed:
        out.print("[green]green: every check that ran passed, in every journey and every region[/green]")
        out.save(reports)
        return EXIT_GREEN
    out.save(reports)
    return EXIT_ERROR if broken_only and not load_missed else EXIT_FINDINGS


def say_personas(console: Console, policy, markets: list[str], options: RunSettings) -> None:
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


def rerun_command(options: Settings, persona: str, journeys, alluredir: Path) -> list[str]:
    """`pytest --pyargs harness.scenarios ...` (the journeys wherever the harness is installed)
    walking `persona` again as this run walked it: the same shop (its target, or the embedded
    storefront with the same faults), policy, adapter, proxies, e-mail pattern and seed, every walk
    fully traced (pytest-playwright's --tracing on), its result beside the run's. Only what differs
    from the plugin's defaults is spelt out."""
    cmd = ["pytest", "--pyargs", "harness.scenarios", "--seed", str(options.seed), "--persona", persona, "--tracing", "on"]
    if journeys:
        cmd += ["-m", " or ".join(dict.fromkeys(registry.journey(j).marker for j in journeys))]
    if options.target:
        cmd += ["--target", options.target]
    elif options.faults:
        cmd += ["--faults", ",".join(options.faults)]
    if options.policy_dir:
        cmd += ["--policy", str(options.policy_dir)]
    if options.adapter != DEFAULT_ADAPTER:
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
