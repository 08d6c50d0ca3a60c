"""`harness merge DIR...`: the shards of one run (each a `harness run --shard I/N --reports DIR`
folder), and the load run's folder when the load ran as its own job, made into one run: one
Allure results folder and report (with history), one junit.xml, one progress file, the
durations.json that balances the next run's shards, one summary and one exit code.

A shard whose folder is missing, or that ended before its journeys did (killed, crashed,
interrupted), leaves those journeys broken, by name: never green. Shards of different runs
(another seed, policy, target, adapter or harness) are refused in one line.
"""
from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from ..errors import UserInputError, say, shown_path
from ..results import Collected, JourneyResult, LoadSummary, persona_of, progress_line
from ..settings import Settings
from ..shards import Shard, journey_key, manifest_of, parse_shard
from .run import EXIT_ERROR, EXIT_INTERRUPTED, conclude
from .steps import fresh_results

PROGRESS = "journeys-progress.jsonl"  # as `harness run` names them in its reports folder
MANIFEST = manifest_of(Path(PROGRESS)).name  # the plugin's, beside the progress file
SETTINGS = "journeys-progress-settings.json"  # what `harness run` handed the journeys, written before they start
LOAD_SUMMARY = "load-summary.json"
REHEARSAL = "rehearsal-shard.json"  # a rehearsal's shard (`harness rehearse PLAN --shard I/N`), at its folder's top


@dataclass
class Part:
    """One folder given to the merge: a shard's (its manifest, or only its settings when it died
    before writing one) or the load run's."""

    folder: Path
    shard: Shard | None = None
    manifest: dict | None = None
    settings: Settings | None = None
    results: list[JourneyResult] = field(default_factory=list)
    load: LoadSummary | None = None


def read_part(folder: Path) -> Part:
    if not folder.is_dir():
        raise UserInputError(f"{shown_path(folder)}: not a folder (give each shard's --reports folder)")
    part = Part(folder)
    if (folder / LOAD_SUMMARY).exists():
        part.load = LoadSummary.read(folder / LOAD_SUMMARY)
    if (folder / SETTINGS).exists():
        part.settings = Settings.read(folder / SETTINGS, flag=shown_path(folder / SETTINGS))
    if (folder / MANIFEST).exists():
        try:
            part.manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            part.shard = parse_shard(part.manifest["shard"], flag=f"{shown_path(folder / MANIFEST)}: shard")
        except (ValueError, KeyError, TypeError) as exc:
            raise UserInputError(f"{shown_path(folder / MANIFEST)}: not a shard's manifest ({exc})") from None
    elif part.settings is not None and part.settings.shard:
        part.shard = parse_shard(part.settings.shard)  # it started, and died before its end
    if part.shard is None and part.load is None and (folder / REHEARSAL).exists():
        raise UserInputError(f"{shown_path(folder)}: a rehearsal's shard; `harness rehearse PLAN --merge DIR...` "
                             "judges its waves")
    if part.shard is None and part.load is None:
        raise UserInputError(f"{shown_path(folder)}: neither a shard's results ({MANIFEST} or {SETTINGS} with a "
                             f"shard) nor a load run's ({LOAD_SUMMARY})")
    part.results = read_walked(folder / PROGRESS)
    return part


@dataclass
class Gathered:
    """The shards of one run, gathered: every journey of their split once, a journey no shard
    reported broken with why (`gaps`)."""

    parts: dict[int, Part]
    total: int
    results: list[JourneyResult]
    gaps: list[JourneyResult]

    @property
    def missing(self) -> list[str]:
        return [f"shard {i}/{self.total}" for i in range(1, self.total + 1) if i not in self.parts]

    @property
    def ended(self) -> list[str]:
        return [f"shard {p.shard}" for p in self.parts.values() if not (p.manifest or {}).get("complete")]

    def said(self) -> str:
        """e.g. 3 of 4 shards merged; missing: shard 4/4; ended early: shard 2/4"""
        return (f"{len(self.parts)} of {self.total} shards merged" + (f"; missing: {', '.join(self.missing)}" if self.missing else "")
                + (f"; ended early: {', '.join(self.ended)}" if self.ended else ""))


def write_merged(gathered: list[Gathered], results_dir: Path, out: Path, names: dict[str, str],
                 allure_from: list[Path] | None = None) -> None:
    """Into `results_dir`: every shard's Allure results (from the folders `allure_from`, else each
    shard folder's allure-results/) and a result for each gap, under its market as `names` (code ->
    name) call it. Into `out`: the progress file, junit.xml and durations.json of the whole run, of
    one gathering or several (a rehearsal's waves)."""
    from ..plugin.allure_files import write_crashed_result

    parts = [part for one in gathered for part in one.parts.values()]
    for folder in allure_from if allure_from is not None else [p.folder / "allure-results" for p in parts]:
        _copy_allure(folder, results_dir)
    gaps = [line for one in gathered for line in one.gaps]
    for line in gaps:
        write_crashed_result(results_dir, line.nodeid, line.model_dump(), market_name=names.get(line.market))
    _write_progress(out / PROGRESS, [r for one in gathered for r in one.results])
    _merge_junit([p.folder / "junit.xml" for p in parts], gaps, out / "junit.xml")
    (out / "durations.json").write_text(json.dumps(_durations(parts), indent=1, sort_keys=True), encoding="utf-8")


def join_walks(folders: list[Path], out: Path) -> None:
    """One progress file and one junit.xml in `out` of walks kept in `folders` (a rehearsal's waves)."""
    results = [r for folder in folders for r in read_walked(folder / PROGRESS)]
    _write_progress(out / PROGRESS, results)
    _merge_junit([folder / "junit.xml" for folder in folders], [], out / "junit.xml")


def read_walked(progress: Path) -> list[JourneyResult]:
    if not progress.exists():
        return []
    lines = progress.read_text(encoding="utf-8").splitlines()
    return [r for r in (progress_line(line) for line in lines if line.strip()) if isinstance(r, JourneyResult)]


def gather(parts: list[Part]) -> Gathered:
    """The shards among `parts` (refused in one line unless they are of one run), gathered."""
    shards, total, split = _one_run(parts)
    results, gaps = _results(shards, total, split)
    return Gathered(shards, total, results, gaps)


def merge(console: Console, folders: list[Path], out: Path, history: Path | None = None, report: bool = True) -> int:
    try:
        parts = [read_part(folder) for folder in folders]
        gathered = gather(parts)
        loads = [p for p in parts if p.load is not None]
        if len(loads) > 1:
            raise UserInputError(f"{shown_path(loads[0].folder)} and {shown_path(loads[1].folder)}: two load runs; "
                                 "a sharded run has one")
        results_dir = fresh_results(out, "--out")
    except UserInputError as exc:
        say(console, exc)
        return EXIT_ERROR
    markets, names = _markets(gathered.parts.values(), gathered.results)
    write_merged([gathered], results_dir, out, names)
    from ..secrets import scrub_tree

    scrub_tree(out)
    built = None
    if report and any(results_dir.glob("*-result.json")):
        from .. import report as allure_report

        try:
            with console.status("building the Allure report ..."):
                built = allure_report.build(results_dir, out / "allure-report", history or out / "history.jsonl")
        except UserInputError as exc:
            console.print(f"[yellow]no report: {exc}[/yellow]", highlight=False)
    results = gathered.results
    load = loads[0].load if loads else None
    code = conclude(console, results, markets, names, out, f"Journeys: {len(markets)} markets, {gathered.total} shards merged",
                    load_summary=load, built=built, reproduce=[gathered.said()])
    if (gathered.missing or gathered.ended) and code not in (EXIT_INTERRUPTED,):
        return max(code, EXIT_ERROR)  # an incomplete run is never green, whatever the rest found
    return code


def _one_run(parts: list[Part]) -> tuple[dict[int, Part], int, dict[str, int]]:
    """The shards by number, their count and the split, once they are known to be of one run."""
    shards, total = numbered(parts)
    if not shards:
        raise UserInputError("no shard among the folders given (each `harness run --shard I/N --reports DIR`)")
    known = [p for p in shards.values() if p.manifest]
    if not known:
        raise UserInputError("no shard finished: none wrote its manifest, so which journeys the run had is unknown")
    run = known[0].manifest["run"]
    for part in known[1:]:
        other = part.manifest["run"]
        differs = next((k for k in sorted(set(run) | set(other)) if run.get(k) != other.get(k)), None)
        if differs:
            raise UserInputError(f"{shown_path(known[0].folder)} and {shown_path(part.folder)} are shards of different "
                                 f"runs: {differs} {run.get(differs)!r} and {other.get(differs)!r}")
        if part.manifest["split"] != known[0].manifest["split"]:
            raise UserInputError(f"{shown_path(known[0].folder)} and {shown_path(part.folder)} split the journeys "
                                 "differently (another --shard-durations file?)")
    return shards, total, known[0].manifest["split"]


def numbered(parts: list[Part]) -> tuple[dict[int, Part], int]:
    """The shards among `parts` by number, and their count (0 for none), refused in one line when a
    number is given twice or the counts differ."""
    shards: dict[int, Part] = {}
    for part in parts:
        if part.shard is None:
            continue
        if part.shard.index in shards:
            raise UserInputError(f"shard {part.shard} given twice: {shown_path(shards[part.shard.index].folder)} "
                                 f"and {shown_path(part.folder)}")
        shards[part.shard.index] = part
    first = next(iter(shards.values()), None)
    for part in shards.values():
        if part.shard.total != first.shard.total:
            raise UserInputError(f"{shown_path(first.folder)} is shard {first.shard}, {shown_path(part.folder)} "
                                 f"shard {part.shard}: not the same number of shards")
    return shards, first.shard.total if first else 0


def _results(shards: dict[int, Part], total: int, split: dict[str, int]) -> tuple[list[JourneyResult], list[JourneyResult]]:
    """Every journey of the split, once: its shard's result, or broken with why it has none."""
    got: dict[str, JourneyResult] = {}
    for part in shards.values():
        for result in part.results:
            got.setdefault(journey_key(result.nodeid), result)
    gaps = []
    for key, index in sorted(split.items(), key=lambda kv: (kv[1], kv[0])):
        if key in got:
            continue
        part = shards.get(index)
        why = (f"its shard {index}/{total} is missing (no folder was given for it)" if part is None else
               f"its shard {index}/{total} ended before it (killed, crashed or interrupted)")
        gaps.append(_broken(key, why))
    ordered = [got[k] for k in sorted(got, key=lambda k: (split.get(k, 0), k))]
    return ordered + gaps, gaps


def _broken(key: str, why: str) -> JourneyResult:
    from ..journeys import of_test_file
    from ..plugin.outcomes import could_not_run

    persona = persona_of(key)
    journey = of_test_file(key)
    name = journey.name if journey else "journey"
    return JourneyResult(nodeid=key, journey=name, persona=persona, market=persona[:2], outcome="broken",
                         message=could_not_run(f"{persona} {name}".strip(), why))


def _copy_allure(source: Path, into: Path) -> None:
    """Every shard's results and attachments (uuid-named: they do not collide); the files every
    shard writes alike (environment, categories) once."""
    if not source.is_dir():
        return
    for path in source.iterdir():
        if path.is_file() and not (into / path.name).exists():
            shutil.copy2(path, into / path.name)


def _write_progress(path: Path, results: list[JourneyResult]) -> None:
    lines = [Collected(collected=len(results)).model_dump_json(), *(r.line() for r in results)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _merge_junit(files: list[Path], gaps: list[JourneyResult], into: Path) -> None:
    """Each shard's test suites side by side under one <testsuites>, and one more suite for the
    journeys no shard reported, each an <error>."""
    root = ET.Element("testsuites")
    for path in sorted(files):
        if not path.exists():
            continue
        try:
            tree = ET.parse(path).getroot()
        except ET.ParseError:
            continue  # a shard killed while writing it: its journeys are among the gaps
        for suite in ([tree] if tree.tag == "testsuite" else tree.iter("testsuite")):
            root.append(suite)
    if gaps:
        suite = ET.SubElement(root, "testsuite", name="shards that did not report", tests=str(len(gaps)),
                              errors=str(len(gaps)), failures="0", skipped="0")
        for line in gaps:
            module, _, name = line.nodeid.partition("::")
            case = ET.SubElement(suite, "testcase", classname=module, name=name, time="0")
            ET.SubElement(case, "error", message=line.message).text = line.message
    ET.ElementTree(root).write(into, encoding="utf-8", xml_declaration=True)


def _durations(parts) -> dict[str, float]:
    from ..shards import read_durations

    found: dict[str, float] = {}
    for part in parts:
        junit = part.folder / "junit.xml"
        if junit.exists():
            try:
                found.update(read_durations(junit))
            except UserInputError:
                continue
    return found


def _markets(parts, results: list[JourneyResult]) -> tuple[list[str], dict[str, str]]:
    """The markets in the policy's order and their names, from a shard's settings when its policy
    can be read here; else in the order met."""
    seen = list(dict.fromkeys(r.market for r in results if r.market))
    for part in parts:
        if part.settings is None:
            continue
        try:
            from ..policy import load_policy

            policy = load_policy(part.settings.policy_dir)
            ordered = [m.market for m in policy.select(part.settings.markets) if m.market in seen]
            return ordered + [m for m in seen if m not in ordered], {m: policy[m].name for m in ordered}
        except UserInputError:
            continue
    return seen, {}
