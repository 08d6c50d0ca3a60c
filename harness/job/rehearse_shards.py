"""A rehearsal on many runners. `harness rehearse PLAN --shard I/N` walks shard I of every wave's
journeys and judges nothing: a runner that walked part of a wave cannot say go or no-go for it.
`harness rehearse PLAN --merge DIR...` then judges the waves in order, as a rehearsal on one
machine does. For each wave it takes the shards' results, runs the opening ramp once, and applies the gates.

A shard's folder holds:
- `rehearsal-shard.json`: the plan it walked, its shard, and whether it finished;
- `allure-results/`: every wave's results;
- `wave-1/`, `wave-2/`, ...: each wave's progress file, shard manifest, settings and junit.xml,
  the files `harness merge` reads in a `harness run --shard` folder.

The shards walk every wave, also the waves after a no-go, because none of them knows the
verdict. A shard that is missing, or that ended before a wave's journeys did, leaves those
journeys broken, by name. Their markets are then no-go, and the rehearsal is incomplete (exit 2).
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from ..errors import UserInputError, shown_path
from ..journey_process import JourneyRun
from ..results import JourneyResult
from ..settings import Settings
from ..shards import Shard, parse_shard
from .merge import MANIFEST, REHEARSAL, Gathered, Part, gather, numbered, read_part, write_merged
from .plan import RehearsalPlan
from .steps import walk_journeys


def walked_plan(plan: RehearsalPlan) -> dict:
    """What a shard walks of a plan: its seed, and each wave's name, markets and journeys. Shards
    that walked the same are shards of one rehearsal, whatever their ramps or gates."""
    return {"seed": plan.seed, "waves": [{"name": plan.wave_name(i), "markets": list(wave.markets),
                                          "journeys": list(plan.journeys_of(wave))}
                                         for i, wave in enumerate(plan.waves)]}


def wave_folder(reports: Path, index: int) -> Path:
    return reports / f"wave-{index + 1}"


def clear_waves(reports: Path) -> None:
    """An earlier rehearsal's waves and shard manifest, which must not pass for this one's."""
    for old in reports.glob("wave-*"):
        shutil.rmtree(old, ignore_errors=True)
    (reports / REHEARSAL).unlink(missing_ok=True)


def walk_shard(console: Console, plan: RehearsalPlan, settings: Settings, reports: Path,
               results_dir: Path) -> tuple[list[JourneyResult], bool]:
    """Shard `settings.shard` of every wave's journeys; returns them, and whether it was interrupted."""
    _write_manifest(reports, plan, settings.shard, complete=False)
    results: list[JourneyResult] = []
    for index, wave in enumerate(plan.waves):
        console.rule(f"[bold]{escape(plan.wave_name(index))}[/bold]: shard {settings.shard} of the journeys of "
                     f"{', '.join(wave.markets)}")
        walked = walk_journeys(console, plan.settings_of(index, settings), results_dir=results_dir,
                               reports=wave_folder(reports, index))
        results += walked.results
        if walked.interrupted:
            return results, True
    _write_manifest(reports, plan, settings.shard, complete=True)
    return results, False


def _write_manifest(reports: Path, plan: RehearsalPlan, shard: str, complete: bool) -> None:
    manifest = {"shard": shard, "plan": plan.name, "walked": walked_plan(plan), "complete": complete}
    (reports / REHEARSAL).write_text(json.dumps(manifest, indent=1), encoding="utf-8")


@dataclass
class Shards:
    """The shards of one rehearsal, read and checked before anything starts."""

    roots: dict[int, Path]  # shard number -> its folder
    total: int
    waves: list[Gathered | None]  # None: no shard walked the wave's journeys to the end

    def wave(self, index: int) -> JourneyRun:
        """The wave's journeys as the shards walked them, a missing one broken with why."""
        gathered = self.waves[index]
        results = gathered.results if gathered else []
        return JourneyRun(results=results, returncode=0, collected=len(results), output="")

    def incomplete(self, waves: int) -> list[str]:
        """What is missing among the first `waves` waves, one line per wave."""
        said = []
        for index, gathered in enumerate(self.waves[:waves]):
            if gathered is None:
                said.append(f"wave {index + 1}: no shard walked its journeys to the end")
            elif gathered.missing or gathered.ended:
                said.append(f"wave {index + 1}: {gathered.said()}")
        return said

    def write(self, results_dir: Path, out: Path, names: dict[str, str]) -> None:
        """Every shard's results into `results_dir`; the rehearsal's journeys into one progress
        file, junit.xml and durations.json in `out`."""
        write_merged([g for g in self.waves if g], results_dir, out, names,
                     allure_from=[root / "allure-results" for root in self.roots.values()])


def read_shards(folders: list[Path], plan: RehearsalPlan, plan_path: Path, shop: dict) -> Shards:
    """The shards' folders, refused in one line unless they are shards of this plan's rehearsal
    on this shop (`shop`: the target and faults as a shard's manifest names them)."""
    read = [(folder, *_read_root(folder)) for folder in folders]  # the same folder twice is a shard given twice
    numbers, total = numbered([Part(folder, shard=shard) for folder, shard, _ in read])
    roots = {number: part.folder for number, part in numbers.items()}
    walked = walked_plan(plan)
    for folder, _, said in read:
        differs = _first_difference(walked, said.get("walked"))
        if differs:
            raise UserInputError(f"{shown_path(folder)} is a shard of another rehearsal than {shown_path(plan_path)}: "
                                 f"{differs}")
    waves = []
    for index in range(len(plan.waves)):
        parts = [_wave_part(root, index, Shard(number, total)) for number, root in sorted(roots.items())]
        for part in parts:
            if part.manifest:
                _same_shop(part, shop)
        waves.append(gather(parts) if any(p.manifest for p in parts) else None)
    return Shards(roots, total, waves)


def _read_root(folder: Path) -> tuple[Shard, dict]:
    where = shown_path(folder / REHEARSAL)
    if not folder.is_dir():
        raise UserInputError(f"{shown_path(folder)}: not a folder (give each shard's --reports folder)")
    if not (folder / REHEARSAL).exists():
        hint = ("; it is a `harness run` shard: `harness merge` joins those" if (folder / MANIFEST).exists()
                else " (give each `harness rehearse PLAN --shard I/N --reports DIR` folder)")
        raise UserInputError(f"{shown_path(folder)}: not a rehearsal's shard, no {REHEARSAL}{hint}")
    try:
        said = json.loads((folder / REHEARSAL).read_text(encoding="utf-8"))
        return parse_shard(said["shard"], flag=f"{where}: shard"), said
    except (ValueError, KeyError, TypeError) as exc:
        raise UserInputError(f"{where}: not a rehearsal shard's manifest ({exc})") from None


def _first_difference(ours: dict, theirs) -> str:
    """'' when a shard walked what this plan says; else the first difference, named."""
    if not isinstance(theirs, dict):
        return "it does not say what it walked"
    if ours["seed"] != theirs.get("seed"):
        return f"seed {theirs.get('seed')!r}, the plan's is {ours['seed']!r}"
    mine, its = ours["waves"], theirs.get("waves") or []
    if len(mine) != len(its):
        return f"it walked {len(its)} waves, the plan has {len(mine)}"
    for index, (wave, walked) in enumerate(zip(mine, its)):
        for key in ("name", "markets", "journeys"):
            if wave[key] != walked.get(key):
                hint = " (give the merge the shards' --journeys)" if key == "journeys" else ""
                return f"wave {index + 1}'s {key}: it walked {walked.get(key)!r}, the plan says {wave[key]!r}{hint}"
    return ""


def _wave_part(root: Path, index: int, shard: Shard) -> Part:
    """A shard's part of one wave; a shard that never reached the wave is known by its number only."""
    folder = wave_folder(root, index)
    if folder.is_dir():
        try:
            part = read_part(folder)
        except UserInputError:  # begun, nothing written yet
            return Part(folder, shard=shard)
        if part.shard != shard:
            raise UserInputError(f"{shown_path(folder)}: walked as shard {part.shard}, but its folder is shard {shard}'s")
        return part
    return Part(folder, shard=shard)


def _same_shop(part: Part, shop: dict) -> None:
    walked = part.manifest.get("run", {})
    for key in ("target", "faults"):
        if walked.get(key) != shop[key]:
            raise UserInputError(f"{shown_path(part.folder)} walked the journeys with {key} {walked.get(key)!r}; this "
                                 f"rehearsal's ramps would run with {shop[key]!r}: give the shards' --target and --faults")
