"""`harness rehearse PLAN.yaml`: a market-opening rehearsal, wave by wave.

For each wave: the journeys of its new markets, then an opening ramp for them while the markets
already open run steady. Each new market gets go or no-go with its reasons; a wave whose markets
all go opens them for the next; the rehearsal stops at the first no-go unless told to continue.
Results are grouped by wave in the Allure report (parent suite = the wave).

On many runners (`--shard I/N`, then `--merge DIR...`) the journeys are walked by the shards and
the waves judged here from their results: harness/job/rehearse_shards.py.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..adapter import adapter_factory
from ..browser import chromium_executable
from ..errors import UserInputError, say
from ..load.bounds import check_allow_entries, check_target
from ..results import LoadSummary, tally
from ..settings import Settings
from ..policy import Policy, load_policy
from ..report import market_epic
from ..secrets import load_secrets, scrub_tree
from ..target import EmbeddedStorefront, TargetError, mark_probed, probe
from ..journey_process import JourneyRun
from ..shards import shop_of
from .plan import Load, RehearsalPlan, load_plan
from .merge import join_walks
from .rehearse_shards import Shards, clear_waves, read_shards, walk_shard, wave_folder
from .run import conclude
from .steps import JourneysDidNotRun, build_report, fresh_results, run_load, walk_journeys


@dataclass
class Verdict:
    wave: str
    market: str
    go: bool
    reasons: list[str] = field(default_factory=list)


@dataclass
class Overrides:
    """Command-line overrides of the plan, e.g. a quicker rehearsal in CI."""

    journeys: list[str] | None = None
    load_users: int | None = None
    load_duration: str | None = None


def rehearse(console: Console, plan_path: Path, settings: Settings, *, keep_going: bool, reports: Path,
             allow_host: tuple[str, ...] = (), overrides: Overrides = Overrides(), merge: bool = False,
             shards: list[Path] = ()) -> int:
    """`settings` are the journeys' (the plan gives each wave its markets, journeys and seed). With
    `settings.shard` only that shard of every wave's journeys is walked; with `merge` the waves are
    judged from `shards`, the shards' folders (harness/job/rehearse_shards.py)."""
    try:
        _one_mode(settings, merge, shards)
        load_secrets()
        policy = load_policy(settings.policy_dir)
        plan = _with(load_plan(plan_path, policy), overrides)
        allowed = check_allow_entries(list(allow_host))  # refused whether or not the target needs one
        adapter_factory(settings.adapter)  # a misnamed adapter and a missing browser are refused before any
        if not (merge or settings.remote_browser):  # journey process starts, not in each of them
            chromium_executable()
        settings = settings.resolved()  # one run id for every wave: each e-mail address of the rehearsal carries it
        proxies = settings.proxies()
        target = settings.target
        if target:
            target = probe(check_target(target, allowed))
            settings = settings.model_copy(update={"target": target})
            if not (merge or settings.remote_browser):  # answering HTML is not enough: is it the shop the adapter reads?
                from ..adapter.probe import probe_shop

                first = plan.waves[0].markets[0]
                probe_shop(target, settings.adapter, policy, first, seed=plan.seed, proxy=proxies.get(first))
        walked_by = read_shards(shards, plan, plan_path, shop_of(settings)) if merge else None
        results_dir = fresh_results(reports)
        clear_waves(reports)
    except UserInputError as exc:
        say(console, exc)
        return 2
    shop = None
    try:
        if not target:
            # a web worker per core for the ramps; a shard's journeys alone are answered by one
            shop = EmbeddedStorefront(settings.faults, workers=1 if settings.shard else os.cpu_count() or 1)
            with console.status("starting the embedded storefront ..."):
                target = shop.start()
            mark_probed(target)  # the reference storefront is the shop its adapter describes
            console.print(f"embedded storefront at {target}" + (f" (faults: {','.join(settings.faults)})" if settings.faults else ""))
        settings = settings.model_copy(update={"target": target, "seed": plan.seed, "embedded": shop is not None})
        if settings.shard:
            walked, interrupted = walk_shard(console, plan, settings, reports, results_dir)
        else:
            verdicts, rehearsed, interrupted = _waves(console, plan, settings, policy, keep_going=keep_going,
                                                      reports=reports, results_dir=results_dir, allow_host=allow_host,
                                                      walked_by=walked_by)
            if interrupted:
                return _interrupted(console, interrupted, results_dir)
    except (TargetError, UserInputError, JourneysDidNotRun) as exc:
        say(console, exc)
        return 2
    finally:
        if shop:
            shop.stop()
    scrub_tree(reports)
    if walked_by:
        walked_by.write(results_dir, reports, {code: policy[code].name for code in policy})
    elif not settings.shard:  # each wave's walk in one progress file and one junit.xml, as a run's
        join_walks([wave_folder(reports, i) for i in range(rehearsed)], reports)
    built = build_report(console, results_dir, reports)
    if settings.shard:
        return _shard_end(console, plan, plan_path, settings, policy, walked, interrupted, reports, built)
    console.print(verdict_table(verdicts, f"Rehearsal: {plan.name} (seed {plan.seed}, run id {settings.run_id})"))
    (reports / "rehearsal-summary.json").write_text(
        json.dumps({"plan": plan.name, "seed": plan.seed, "run_id": settings.run_id, "verdicts": [asdict(v) for v in verdicts]},
                   indent=2),
        encoding="utf-8")
    if built:
        console.print(f"report: {built.path / 'index.html'}  (grouped by wave; harness report --open to serve it)")
    incomplete = walked_by.incomplete(rehearsed) if walked_by else []
    if incomplete:  # journeys no shard reported are no-go above; the rehearsal itself did not happen in full
        for line in incomplete:
            console.print(f"[red]incomplete: {escape(line)}[/red]", highlight=False)
        return 2
    if verdicts and all(v.go for v in verdicts) and len({v.wave for v in verdicts}) == len(plan.waves):
        console.print("[green]go: every market of every wave[/green]")
        return 0
    return 1


def _one_mode(settings: Settings, merge: bool, shards: list[Path]) -> None:
    if merge and not shards:
        raise UserInputError("--merge: give the shards' folders after the plan, e.g. harness rehearse PLAN --merge shards/*")
    if shards and not merge:
        raise UserInputError(f"{shards[0]}: a folder after the plan is a shard's, to judge: give --merge with them")
    if merge and settings.shard:
        raise UserInputError(f"--shard {settings.shard} walks one shard, --merge judges the shards: one or the other")


def _waves(console: Console, plan: RehearsalPlan, settings: Settings, policy: Policy, *, keep_going: bool,
           reports: Path, results_dir: Path, allow_host: tuple[str, ...],
           walked_by: Shards | None) -> tuple[list[Verdict], int, str]:
    """Wave by wave: the journeys (walked here, or as the shards walked them), the ramp, the
    verdicts. Returns the verdicts, how many waves were rehearsed, and the wave an interruption
    cut short ('' if none)."""
    verdicts: list[Verdict] = []
    open_markets = list(plan.open)
    rehearsed = 0
    for index, wave in enumerate(plan.waves):
        name = plan.wave_name(index)
        console.rule(f"[bold]{escape(name)}[/bold]: opening {', '.join(wave.markets)}"
                     + (f" while {', '.join(open_markets)} trade" if open_markets else ""))
        wave_settings = plan.settings_of(index, settings)
        if walked_by:
            walked = walked_by.wave(index)
            console.print(f"journeys: {tally(walked.results)}, as the shards walked them", highlight=False)
        else:
            walked = walk_journeys(console, wave_settings, results_dir=results_dir, reports=wave_folder(reports, index))
        rehearsed += 1
        if walked.interrupted:  # Ctrl-C or SIGTERM: no ramp and no verdict for a wave cut short
            return verdicts, rehearsed, name
        load = plan.load_of(wave)
        summary = run_load(console, wave_settings, open_markets + wave.markets, shape="market-opening",
                           users=load.users, duration=load.duration, results_dir=results_dir,
                           reports=reports, allow_host=allow_host, new_markets=wave.markets)
        if summary.interrupted:
            return verdicts, rehearsed, name
        wave_verdicts = judge(plan, index, walked, summary, open_markets)
        verdicts += wave_verdicts
        write_verdicts(results_dir, wave_verdicts, policy, plan, settings.target)
        console.print(verdict_table(wave_verdicts, f"{name}: go / no-go"))
        if all(v.go for v in wave_verdicts):
            open_markets += wave.markets
        elif not keep_going:
            rest = [plan.wave_name(i) for i in range(index + 1, len(plan.waves))]
            if rest:
                console.print(f"[red]stopped at {escape(name)}: a market is no-go; not rehearsed: "
                              f"{escape(', '.join(rest))} (--continue rehearses them anyway)[/red]")
            break
    return verdicts, rehearsed, ""


def _shard_end(console: Console, plan: RehearsalPlan, plan_path: Path, settings: Settings, policy: Policy,
               walked: list, interrupted: bool, reports: Path, built) -> int:
    """A shard's end: its journeys of every wave, as a run's end shows them, and the command that judges the waves."""
    markets = [m for wave in plan.waves for m in wave.markets]
    judge_with = f"harness rehearse {plan_path} --merge DIR... (each shard's --reports folder)"
    return conclude(console, walked, markets, {m: policy[m].name for m in markets}, reports,
                    f"{plan.name}: shard {settings.shard} of the journeys of {len(plan.waves)} waves",
                    interrupted=interrupted, built=built,
                    reproduce=[f"seed {plan.seed}, run id {settings.run_id}; no go / no-go in a shard: {judge_with}"])


def _interrupted(console: Console, wave: str, results_dir: Path) -> int:
    console.print(f"[yellow]interrupted in {escape(wave)}: what finished is in {escape(str(results_dir))}[/yellow]")
    return 130


def _with(plan: RehearsalPlan, overrides: Overrides) -> RehearsalPlan:
    if overrides.journeys:
        from .. import journeys as registry

        plan.journeys = [j.name for j in registry.parse(overrides.journeys)]
        for wave in plan.waves:
            wave.journeys = None
    if overrides.load_users is not None or overrides.load_duration is not None:
        def shortened(load: Load) -> Load:
            try:
                # `is None`, not `or`: --load-users 0 is refused, not quietly replaced by the plan's
                return Load(users=load.users if overrides.load_users is None else overrides.load_users,
                            duration=load.duration if overrides.load_duration is None else overrides.load_duration)
            except Exception as exc:  # pydantic's ValidationError: name the flag, not the plan
                first = exc.errors(include_url=False)[0] if hasattr(exc, "errors") else {"msg": str(exc), "loc": ("",)}
                flag = "--load-users" if first["loc"][0] == "users" else "--load-duration"
                said, given = first["msg"].removeprefix("Value error, "), first.get("input")
                raise UserInputError(f"{flag}: {said}" if repr(given) in said else f"{flag}: {given!r}: {said}") from None
        plan.load = shortened(plan.load)
        for wave in plan.waves:
            wave.load = shortened(wave.load) if wave.load else None
    return plan


def judge(plan: RehearsalPlan, index: int, walked: JourneyRun, summary: LoadSummary,
          open_markets: list[str]) -> list[Verdict]:
    """Go or no-go for each market the wave opens, with every reason."""
    wave = plan.waves[index]
    gates = plan.gates_of(wave)
    name = plan.wave_name(index)
    held_back = []
    if gates.open_markets_hold:
        held_back = [f"already open {r.market} slipped: {r.said}" for r in summary.results
                     if r.market in open_markets and r.status == "failed"]
    if summary.stopped_early:
        held_back.append(f"the ramp stopped early: {summary.stopped_early}")
    verdicts = []
    for market in wave.markets:
        reasons = []
        if gates.journeys:
            for r in walked.results:
                if r.market == market and r.outcome in ("failed", "broken"):
                    lines = [line for line in r.message.splitlines() if line.startswith(r.persona)]
                    reasons += lines or [f"{r.persona} {r.journey}: {'could not run' if r.outcome == 'broken' else 'failed'}"]
            if not any(r.market == market for r in walked.results):
                reasons.append("no journey ran for it")
            elif not any(c["status"] in ("passed", "failed") for r in walked.results if r.market == market
                         for c in r.checks):
                reasons.append("nothing could be checked for it (the report's coverage of it says why)")
        if gates.service_levels:
            reasons += [f"missed: {r.said}" for r in summary.results if r.market == market and r.status == "failed"]
            if market in summary.unjudged:  # no evidence either way is not a go: the ramp was too small for it
                reasons.append(f"not judged under load: {summary.unjudged[market]} (give the wave more load)")
        verdicts.append(Verdict(name, market, not (reasons or held_back), reasons + held_back))
    return verdicts


def verdict_table(verdicts: list[Verdict], title: str) -> Table:
    table = Table(title=title)
    for col in ("wave", "market", "verdict", "reasons"):
        table.add_column(col)
    for v in verdicts:
        reasons = "; ".join(v.reasons[:3]) + (f"; and {len(v.reasons) - 3} more" if len(v.reasons) > 3 else "")
        table.add_row(escape(v.wave), v.market, "[green]go[/green]" if v.go else "[red]no-go[/red]", escape(reasons))
    return table


def write_verdicts(results_dir: Path, verdicts: list[Verdict], policy: Policy, plan: RehearsalPlan, target: str) -> None:
    """One Allure result per market and wave: its go/no-go, in the wave's group."""
    now = int(time.time() * 1000)
    for v in verdicts:
        market = policy[v.market]
        result = {
            "uuid": str(uuid.uuid4()),
            "historyId": hashlib.md5(f"rehearsal:{plan.name}:{v.wave}:{v.market}".encode()).hexdigest(),
            "name": f"{v.market} go / no-go for {v.wave}",
            "fullName": f"rehearsal.{v.wave}.{v.market}",
            "status": "passed" if v.go else "failed",
            "statusDetails": {"message": "go" if v.go else "no-go: " + "; ".join(v.reasons)},
            "stage": "finished", "start": now, "stop": now,
            "labels": [{"name": "parentSuite", "value": v.wave}, {"name": "suite", "value": "go / no-go"},
                       {"name": "epic", "value": market_epic(market.name, v.market)}, {"name": "feature", "value": "rehearsal"},
                       {"name": "story", "value": f"opens in {v.wave}"}, {"name": "market", "value": v.market},
                       {"name": "tag", "value": v.wave}, {"name": "severity", "value": "blocker"}],
            "parameters": [{"name": "plan", "value": plan.name}, {"name": "seed", "value": str(plan.seed)},
                           {"name": "target URL", "value": target}],
        }
        (results_dir / f"{result['uuid']}-result.json").write_text(json.dumps(result), encoding="utf-8")
