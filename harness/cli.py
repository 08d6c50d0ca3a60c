"""`harness` command line."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import click
import typer
from rich.console import Console

from .errors import UserInputError
from .settings import DEFAULT_SEED

# What an option takes, as --help names it (left alone, Typer shows the Python type: <str>,
# <list[str]>, <bool>); a flag takes nothing and shows nothing. tests/harness/test_cli_help.py
# fails on an option missing here.
METAVARS = {
    "--target": "URL", "--markets": "CODES", "--market": "CODES", "--new-markets": "CODES", "--faults": "NAMES",
    "--journeys": "NAMES", "--seed": "N", "--count": "N", "--workers": "N", "--expect-workers": "N",
    "--personas-per-market": "N", "--journeys-under-load": "N", "--load-users": "N", "--users": "N",
    "--load-duration": "DURATION", "--duration": "DURATION", "--load-shape": "SHAPE", "--shape": "SHAPE",
    "--shape-file": "FILE", "--locustfile": "FILE", "--summary": "FILE", "--history": "FILE", "--browser-ws": "URL",
    "--policy": "DIR", "--reports": "DIR", "--alluredir": "DIR", "--out": "DIR", "--results": "DIR", "--into": "DIR",
    "--adapter": "MODULE:FUNCTION", "--allow-host": "HOST", "--egress-proxy": "CC=URL", "--email-pattern": "PATTERN",
    "--run-id": "ID", "--run-label": "LABEL", "--master-bind": "ADDRESS", "--master-port": "PORT", "--port": "PORT",
    "--max-rps": "RPS", "--spawn-rate": "USERS/S", "--settings": "FILE", "--retries": "N",
    "--shard": "I/N", "--shard-durations": "FILE", "--cdp": "URL",
}


def _named(params: list) -> list:
    """Options (Typer's own click's: duck-typed) given their METAVARS word, flags none; one that
    is in neither (a choice) keeps what Typer shows, its list of values."""
    for param in params:
        if param.param_type_name == "option" and param.metavar is None:
            param.metavar = "" if getattr(param, "is_flag", False) else METAVARS.get(param.opts[0])
        elif param.param_type_name == "argument":  # its name (PLAN, NAME) already says it: no <path> beside
            param.display_type_rich = lambda ctx: None
    return params


class _Named:
    """A command or group whose --help reads like the tools users know: a word for what each
    option takes (METAVARS), nothing for a flag; a command adds its example (its epilog)."""

    def get_params(self, ctx):
        return _named(super().get_params(ctx))


class _Command(_Named, typer.core.TyperCommand):
    pass


class _Group(_Named, typer.core.TyperGroup):
    pass


HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(no_args_is_help=True, cls=_Group, context_settings=HELP_OPTIONS)
console = Console()
err_console = Console(stderr=True, soft_wrap=True)


def command(example: str, name: str | None = None, on=None):
    """A command of `on` (the app) with its example: `harness CMD -h` ends with it."""
    return (on or app).command(name, cls=_Command, epilog=f"Example: {example}")


def _show_version(shown: bool) -> None:
    if shown:
        from . import __version__

        console.print(f"harness {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", is_eager=True, callback=_show_version,
                                       help="print the harness version and exit")) -> None:
    """Multi-region simulation test harness for e-commerce."""


try:  # typer 0.2x carries its own copy of click
    from typer._click.exceptions import UsageError as _TyperUsageError

    USAGE_ERRORS: tuple = (click.UsageError, _TyperUsageError)
except ImportError:
    USAGE_ERRORS = (click.UsageError,)

PERSONAS_HELP = ("'covering' (default): per market, the few personas that between them stand for every language x "
                 "archetype, device, payment method and address block, each journey walking the part it depends on "
                 "(harness personas --covering shows them); or N: the first N personas of each market on every journey")


JOURNEYS_HELP = "journeys to walk, comma-separated (default: all); harness journeys lists them"


def _journeys(text: str) -> list[str] | None:
    """--journeys as the registry spells them; a marker spelling (after_sales) is taken, with a hint."""
    from . import journeys as registry

    chosen = [j.strip() for j in text.split(",") if j.strip()]
    for name in chosen:
        said = registry.hint(name)
        if said:
            err_console.print(f"harness: {said}", style="dim", markup=False, highlight=False)
    return chosen or None  # the settings spell them as the registry does


SHARD_HELP = ("walk only shard I of N (e.g. 2/4), on one runner of a CI matrix or a Kubernetes Indexed Job; the load "
              "runs once, as its own job; `harness merge` joins the shards (docs/scale-out.md)")
REHEARSE_SHARD_HELP = ("walk only shard I of N (e.g. 2/4) of every wave's journeys, with no ramp and no verdict; "
                       "--merge then judges the waves from the shards' folders (docs/scale-out.md)")
REHEARSE_MERGE_HELP = ("judge the waves from the shards' folders given after the plan: each wave's journeys as they "
                       "walked them, its ramp run here once, its go / no-go")
SHARD_DURATIONS_HELP = "a previous run's junit.xml (or a merge's durations.json): the shards balanced by time, not count"
RETRIES_HELP = ("walk a journey that failed or broke again, up to N times; the first walk again is fully traced, "
                "and a pass then is flaky (0: once, no trace)")
RUN_ID_HELP = ("the run id every persona's e-mail address carries (1-24 of a-z, 0-9, -), e.g. the CI build number; "
               "also HARNESS_RUN_ID; default: a new one")
BROWSER_WS_HELP = ("a Playwright browser server (ws://pool:3000/...) whose browser walks the journeys instead of a local "
                   "Chromium, e.g. a browser pool's; the same Playwright version on both sides (docs/remote-browsers.md)")
CDP_HELP = ("a Chromium with remote debugging (http://127.0.0.1:9222 or ws://...) whose browser walks the journeys "
            "instead of a local one, e.g. a browser grid's (docs/remote-browsers.md)")
EMAIL_PATTERN_HELP = ("the address a persona uses on a journey: {local} {domain} {run} {journey} {persona} {market}; "
                      "also HARNESS_EMAIL_PATTERN; default: {local}+{run}-{journey}@{domain} (docs/nightly.md)")


@command("harness run --markets DE,JP --journeys checkout --no-load")
def run(
    target: Optional[str] = typer.Option(None, help="staging shop URL; default: start the embedded storefront"),
    faults: str = typer.Option("", help="fault profiles for the embedded storefront, comma-separated"),
    markets: str = typer.Option("all", help="markets to walk: DE,JP or all"),
    journeys: str = typer.Option("", help=JOURNEYS_HELP),
    personas: Optional[str] = typer.Option(None, "--personas", metavar="covering|N", help=PERSONAS_HELP),
    personas_per_market: Optional[int] = typer.Option(None, "--personas-per-market", help="the same as --personas N"),
    seed: int = typer.Option(DEFAULT_SEED, help="persona seed: the same seed walks the same personas"),
    workers: int = typer.Option(0, help="parallel journey processes (0: one per core)"),
    retries: int = typer.Option(1, "--retries", help=RETRIES_HELP),
    shard: Optional[str] = typer.Option(None, "--shard", help=SHARD_HELP),
    shard_durations: Optional[Path] = typer.Option(None, "--shard-durations", help=SHARD_DURATIONS_HELP),
    load_shape: str = typer.Option("steady", "--load-shape", help="the load run's shape (see harness load)"),
    load_users: int = typer.Option(30, "--load-users", help="the load run's users"),
    load_duration: str = typer.Option("30s", "--load-duration", help="the load run's length"),
    no_load: bool = typer.Option(False, "--no-load", help="journeys only"),
    under_load: int = typer.Option(2, "--journeys-under-load", help="markets whose journeys are walked again during the load run (0-10)"),
    allow_host: list[str] = typer.Option([], "--allow-host", help="a non-loopback host that may take load; repeatable"),
    reports: Path = typer.Option(Path("reports"), help="where results, the report and its history go"),
    policy_dir: Optional[Path] = typer.Option(None, "--policy", help="market policy directory (default: personas/policy)"),
    adapter: Optional[str] = typer.Option(None, help="your shop's adapter, module:function (docs/adapters.md)"),
    egress_proxy: list[str] = typer.Option([], "--egress-proxy", help="CC=URL: a real proxy in market CC; repeatable"),
    browser_ws: Optional[str] = typer.Option(None, "--browser-ws", help=BROWSER_WS_HELP),
    cdp: Optional[str] = typer.Option(None, "--cdp", help=CDP_HELP),
    run_id: Optional[str] = typer.Option(None, "--run-id", help=RUN_ID_HELP),
    email_pattern: Optional[str] = typer.Option(None, "--email-pattern", help=EMAIL_PATTERN_HELP),
) -> None:
    """The whole job: personas walk every market's journeys, a load run follows, the Allure report."""
    from .job.run import run_job
    from .settings import RunSettings, personas_from

    settings = RunSettings(target=target, faults=faults, markets=markets, journeys=_journeys(journeys),
                           personas=personas_from(personas, personas_per_market), seed=seed, workers=workers,
                           load_shape=load_shape, load_users=load_users, load_duration=load_duration, load=not no_load,
                           under_load=under_load, allow_host=tuple(allow_host), reports=reports, policy_dir=policy_dir,
                           adapter=adapter, egress_proxy=tuple(egress_proxy), browser_ws=browser_ws, cdp=cdp, run_id=run_id,
                           email_pattern=email_pattern,
                           retries=retries, shard=shard, shard_durations=shard_durations)
    raise typer.Exit(run_job(console, settings))


@command("harness rehearse plans/opening-europe.yaml --personas 1")
def rehearse(
    plan: Path = typer.Argument(..., metavar="PLAN", help="the rehearsal plan (YAML): waves of markets to open, with gates"),
    shards: Optional[list[Path]] = typer.Argument(None, metavar="[SHARD_DIR]...",
                                                 help="with --merge: the shards' folders, whose journeys are judged"),
    target: Optional[str] = typer.Option(None, help="staging shop URL; default: start the embedded storefront"),
    faults: str = typer.Option("", help="fault profiles for the embedded storefront, comma-separated"),
    keep_going: bool = typer.Option(False, "--continue", help="rehearse every wave even after a no-go"),
    journeys: str = typer.Option("", help="override the plan's journeys, comma-separated"),
    load_users: Optional[int] = typer.Option(None, "--load-users", help="override every wave's ramp users"),
    load_duration: Optional[str] = typer.Option(None, "--load-duration", help="override every wave's ramp length"),
    workers: int = typer.Option(0, help="parallel journey processes (0: one per core)"),
    retries: int = typer.Option(1, "--retries", help=RETRIES_HELP),
    personas: Optional[str] = typer.Option(None, "--personas", metavar="covering|N", help=PERSONAS_HELP),
    allow_host: list[str] = typer.Option([], "--allow-host", help="a non-loopback host that may take load; repeatable"),
    reports: Path = typer.Option(Path("reports"), help="where results, the report and its history go"),
    policy_dir: Optional[Path] = typer.Option(None, "--policy", help="market policy directory (default: personas/policy)"),
    adapter: Optional[str] = typer.Option(None, help="your shop's adapter, module:function (docs/adapters.md)"),
    egress_proxy: list[str] = typer.Option([], "--egress-proxy", help="CC=URL: a real proxy in market CC; repeatable"),
    run_id: Optional[str] = typer.Option(None, "--run-id", help=RUN_ID_HELP),
    email_pattern: Optional[str] = typer.Option(None, "--email-pattern", help=EMAIL_PATTERN_HELP),
    shard: Optional[str] = typer.Option(None, "--shard", help=REHEARSE_SHARD_HELP),
    shard_durations: Optional[Path] = typer.Option(None, "--shard-durations", help=SHARD_DURATIONS_HELP),
    merge: bool = typer.Option(False, "--merge", help=REHEARSE_MERGE_HELP),
    browser_ws: Optional[str] = typer.Option(None, "--browser-ws", help=BROWSER_WS_HELP),
    cdp: Optional[str] = typer.Option(None, "--cdp", help=CDP_HELP),
) -> None:
    """A market-opening rehearsal: wave by wave, journeys then an opening ramp; go or no-go per market."""
    from .job.rehearse import Overrides, rehearse as run_rehearsal
    from .settings import Settings, personas_from

    overrides = Overrides(journeys=_journeys(journeys),
                          load_users=load_users, load_duration=load_duration)
    settings = Settings(target=target, faults=faults, workers=workers, policy_dir=policy_dir, adapter=adapter,
                        egress_proxy=tuple(egress_proxy), run_id=run_id, email_pattern=email_pattern,
                        personas=personas_from(personas, None), retries=retries, shard=shard,
                        shard_durations=shard_durations, browser_ws=browser_ws, cdp=cdp)
    raise typer.Exit(run_rehearsal(console, plan, settings, keep_going=keep_going, reports=reports,
                                   allow_host=tuple(allow_host), overrides=overrides, merge=merge,
                                   shards=list(shards or ())))


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@command("harness personas --market DE,JP --count 3 --format json")
def personas(
    market: str = typer.Option(..., "--market", help="market code (e.g. JP), several (DE,JP) or 'all'"),
    count: int = typer.Option(5, "--count", help="personas per market (1-100000)"),
    covering: bool = typer.Option(False, "--covering", help="the covering set a run walks, with what each persona stands for"),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="the same seed gives the same personas, the ones a run with that seed walks"),
    output: Format = typer.Option(Format.table, "--format", help="table for people, json or csv for machines"),
    policy_dir: Optional[Path] = typer.Option(None, "--policy", help="market policy directory (default: personas/policy)"),
) -> None:
    """Print synthetic customers of one or more markets."""
    from .personas import PersonaFactory
    from .personas.output import as_csv, as_json, as_table
    from .policy import load_policy

    from .settings import check_bound

    check_bound("count", count)
    check_bound("seed", seed)
    policy = load_policy(policy_dir)
    markets = [m.market for m in policy.select(market, flag="--market")]
    factory = PersonaFactory(policy, seed)
    if covering:
        from .personas.covering import covering_set
        from .personas.output import covering_table

        sets = [covering_set(factory, m) for m in markets]
        if output is Format.table:
            for found in sets:
                console.print(covering_table(found, seed))
            return
        people = [p for found in sets for p in found.personas]
    else:
        people = list(factory.mixed(markets, count))
    if output is Format.json:
        print(as_json(people))
    elif output is Format.csv:
        print(as_csv(people), end="")
    else:
        console.print(as_table(people, f"{len(people)} personas, seed {seed}"))


@command("harness load --shape flash-sale --users 200 --duration 5m --markets DE,FR")
def load(
    target: Optional[str] = typer.Option(None, help="staging shop URL; default: start the embedded storefront"),
    faults: str = typer.Option("", help="fault profiles for the embedded storefront, comma-separated"),
    shape: str = typer.Option("steady", help="steady | follow-the-sun | flash-sale | market-opening"),
    shape_file: Optional[Path] = typer.Option(None, "--shape-file", help="a shape in YAML (overrides --shape, --users, --duration)"),
    duration: str = typer.Option("2m", help="how long the run lasts: 90s, 2m, 1h30m"),
    users: int = typer.Option(50, help="users at the peak (1-5000)"),
    spawn_rate: Optional[float] = typer.Option(None, "--spawn-rate", help="users started per second (default: the shape's)"),
    max_rps: Optional[float] = typer.Option(None, "--max-rps", help="requests per second the whole run may send (default 5000)"),
    workers: int = typer.Option(0, help="Locust worker processes on this machine (0: one process)"),
    expect_workers: int = typer.Option(0, "--expect-workers", help="workers on other machines to wait for (docs/load.md)"),
    master_bind: str = typer.Option("127.0.0.1", "--master-bind", help="where the master listens for workers"),
    master_port: int = typer.Option(0, "--master-port", help="the master's port (0: a free one)"),
    markets: str = typer.Option("all", help="markets whose customers take part: DE,JP or all"),
    new_markets: str = typer.Option("", "--new-markets", help="market-opening: the markets that open"),
    seed: int = typer.Option(DEFAULT_SEED, help="persona seed"),
    allow_host: list[str] = typer.Option([], "--allow-host", help="a non-loopback host (or network) that may take load; repeatable"),
    locustfile: Optional[Path] = typer.Option(None, help="your own users (subclasses of harness.load.ShopUser)"),
    adapter: Optional[str] = typer.Option(None, help="your shop's adapter, module:function: its traffic part drives the users (docs/adapters.md)"),
    policy_dir: Optional[Path] = typer.Option(None, "--policy", help="market policy directory (default: personas/policy)"),
    alluredir: Optional[Path] = typer.Option(None, help="write Allure results here (one per region and target)"),
    out: Path = typer.Option(Path("reports"), help="where the Locust CSV and HTML go (a load-<time> folder inside)"),
    summary: Optional[Path] = typer.Option(None, help="also write the verdicts as JSON here"),
    journeys_under_load: int = typer.Option(0, "--journeys-under-load", help="walk browser journeys in this many of the busiest markets while the load runs (0-10)"),
    brief: bool = typer.Option(False, "--brief", hidden=True, help="progress only; the caller shows the verdicts"),
    run_label: Optional[str] = typer.Option(None, "--run-label", help="a label for this run's results in the report, e.g. 'wave 2'"),
    run_id: Optional[str] = typer.Option(None, "--run-id", help=RUN_ID_HELP),
    email_pattern: Optional[str] = typer.Option(None, "--email-pattern", help=EMAIL_PATTERN_HELP),
    settings_file: Optional[Path] = typer.Option(None, "--settings", metavar="FILE",
                                                 help="a job's settings as harness run writes them (JSON): target, "
                                                      "seed, policy, adapter, run id and e-mail pattern at once"),
) -> None:
    """A regional load run: the shape played against the shop, each region held to its targets."""
    from .load.cli import run_load

    raise typer.Exit(run_load(console, target=target, faults=faults, shape=shape, shape_file=shape_file, duration=duration,
                              users=users, spawn_rate=spawn_rate, max_rps=max_rps, workers=workers, markets=markets,
                              new_markets=new_markets, seed=seed, allow_host=allow_host, locustfile=locustfile,
                              policy_dir=policy_dir, alluredir=alluredir, out=out, summary=summary, remote_workers=expect_workers,
                              master_bind=master_bind, master_port=master_port, adapter=adapter,
                              under_load=journeys_under_load, brief=brief, run_label=run_label,
                              run_id=run_id, email_pattern=email_pattern, settings_file=settings_file))


@command("harness report --results reports/allure-results --open")
def report(
    results: Path = typer.Option(Path("reports/allure-results"), help="the Allure results to build from"),
    out: Path = typer.Option(Path("reports/allure-report"), help="where the HTML report goes"),
    history: Optional[Path] = typer.Option(None, help="history file kept between runs (default: beside the report)"),
    open_: bool = typer.Option(False, "--open", help="serve the report on loopback and wait (Ctrl-C to stop)"),
    port: int = typer.Option(0, help="the port --open serves on (0: a free one)"),
) -> None:
    """Build the Allure HTML report (history kept, no analytics), optionally serving it."""
    import time

    from . import report as allure_report

    server = allure_report.listen(out, port) if open_ else None  # a bad or busy port is refused before the build
    try:
        built = allure_report.build(results, out, history)
        console.print(f"report: {built.path / 'index.html'} ({built.results} results)")
        if (built.path / allure_report.TRACE_VIEWER).is_dir():
            console.print("traces: a result's \"(offline viewer)\" link opens its trace in Playwright's viewer, served "
                          "with the report (--open, or any web server: from a file:// page the viewer cannot start)")
        if server:
            console.print(f"serving on {allure_report.start(server)} (Ctrl-C to stop)")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:  # Ctrl-C is how serving stops: quietly, with the interrupted code
                server.shutdown()
                raise typer.Exit(130) from None
    finally:
        if server:
            server.server_close()


@command("harness merge shard-1 shard-2 shard-3 shard-4 load --out reports")
def merge(
    folders: list[Path] = typer.Argument(..., metavar="DIR...", help="each shard's --reports folder, and the load "
                                                                   "run's folder if it ran as its own job"),
    out: Path = typer.Option(Path("reports/merged"), "--out", help="where the merged results, report and summary go"),
    history: Optional[Path] = typer.Option(None, "--history", help="the report's history (default: OUT/history.jsonl)"),
    no_report: bool = typer.Option(False, "--no-report", help="the merged results only; build the report later "
                                                              "(harness report)"),
) -> None:
    """Join the shards of one run: one Allure report, junit.xml, summary and exit code (docs/scale-out.md)."""
    from .job.merge import merge as merge_shards

    raise typer.Exit(merge_shards(console, folders, out, history, report=not no_report))


adapter_app = typer.Typer(no_args_is_help=True, cls=_Group, context_settings=HELP_OPTIONS, help="Your shop's adapter: a skeleton to start from, a check method by method.")
app.add_typer(adapter_app, name="adapter")


@command("harness adapter new acme_shop --into src", "new", on=adapter_app)
def adapter_new(
    name: str = typer.Argument(..., metavar="NAME", help="the adapter package's name (a Python package name, e.g. acme_shop)"),
    into: Path = typer.Option(Path("."), "--into", help="the directory the package is written in (it must exist)"),
) -> None:
    """Write a skeleton adapter package: every method stubbed, every capability declared off."""
    from .adapter.skeleton import write_skeleton

    written = write_skeleton(name, into)
    console.print(f"wrote {written[0].path.parent}/", highlight=False, soft_wrap=True)
    width = max(len(w.path.name) for w in written)
    for w in written:
        console.print(f"  {w.path.name:<{width}}  {w.about}", highlight=False, soft_wrap=True)
    where = f"PYTHONPATH={into} " if into.resolve() != Path.cwd() else ""
    console.print(f"next: write a part, then\n  {where}harness adapter check --adapter {name}:make_shop --target URL",
                  highlight=False, soft_wrap=True)


@command("harness adapter check --adapter acme_shop:make_shop --target https://staging.example.com --markets DE,JP", "check", on=adapter_app)
def adapter_check(
    adapter: Optional[str] = typer.Option(None, help="the adapter to check, module:function (default: the reference adapter)"),
    target: Optional[str] = typer.Option(None, help="staging shop URL; default: start the embedded storefront"),
    faults: str = typer.Option("", help="fault profiles for the embedded storefront, comma-separated"),
    markets: str = typer.Option("DE", help="markets to check as, one persona each: DE,JP or all"),
    seed: int = typer.Option(DEFAULT_SEED, help="persona seed: the same seed checks as the same personas"),
    policy_dir: Optional[Path] = typer.Option(None, "--policy", help="market policy directory (default: personas/policy)"),
) -> None:
    """Call every adapter method once per market: works, errors, not offered or not tried, against what it declares."""
    from .adapter.check import Options, check

    raise typer.Exit(check(console, Options(adapter=adapter, target=target, faults=faults, markets=markets, seed=seed,
                                            policy_dir=policy_dir)))


@command("harness journeys", "journeys")
def journeys_command() -> None:
    """List the journeys: name (for --journeys), marker (for pytest -m), catalogue entries, the adapter parts they walk."""
    from . import journeys as registry

    for j in registry.journeys():
        console.print(f"[bold]{j.name}[/bold]  (-m {j.marker})  {' '.join(j.catalogue)}", highlight=False)
        console.print(f"  {j.summary}", highlight=False, markup=False)
        console.print(f"  [dim]walks the adapter's {', '.join(j.needs) or 'nothing'}; tests: {j.tests}[/dim]",
                      highlight=False)


@command("harness version")
def version() -> None:
    """Print the harness version."""
    from . import __version__

    console.print(__version__)


def _given(param) -> str:
    """The value a refused flag was given, as typed (click names the flag but not the value)."""
    for opt in getattr(param, "opts", None) or ():
        for i, arg in enumerate(sys.argv):
            if arg == opt and i + 1 < len(sys.argv):
                return f" (got {sys.argv[i + 1]!r})"
            if arg.startswith(opt + "="):
                return f" (got {arg.split('=', 1)[1]!r})"
    return ""


def _terminate(signum, frame) -> None:
    raise KeyboardInterrupt  # SIGTERM (a CI job cancelled) stops a run the way Ctrl-C does


def main() -> None:
    """Bad input is one line on stderr and exit code 2, never a traceback."""
    import signal

    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminate)
    try:
        code = app(prog_name="harness", standalone_mode=False)
    except USAGE_ERRORS as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # the help was shown: nothing went wrong
            sys.exit(0)
        hint = f" (see harness {exc.ctx.info_name} --help)" if exc.ctx and exc.ctx.info_name != "harness" else ""
        given = _given(getattr(exc, "param", None))
        err_console.print(f"harness: {exc.format_message()}{given}{hint}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
    except UserInputError as exc:
        err_console.print(f"harness: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
    except (click.Abort, typer.Abort, KeyboardInterrupt):
        # Only an interrupt outside a command lands here: typer turns one inside a command (Ctrl-C,
        # or SIGTERM through _terminate) into exit code 130 itself, and a command that keeps what
        # finished (run, rehearse) says so before it returns 130.
        err_console.print("harness: interrupted", markup=False)
        sys.exit(130)
    sys.exit(code or 0)


if __name__ == "__main__":
    main()
