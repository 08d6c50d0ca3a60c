"""Splitting a run's journeys into shards, for runners that each walk one (a CI matrix, a
Kubernetes Indexed Job): `--shard I/N`.

Every shard computes the same split from the same settings, with nothing shared but the list of
journeys pytest collected: each journey is named by its test file and test id
(`test_checkout::test_guest_checkout[chromium-DE-0001]`), the same whether the journeys were
collected as `scenarios/` or from the installed `harness.scenarios`. Without recorded durations
the split is by count (the sorted names dealt round); with a previous run's durations (its
`junit.xml`, or the `durations.json` a merge writes) the longest journeys are placed first, each
on the shard with the least time so far. Every journey lands in exactly one shard.
"""
from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from .errors import UserInputError, shown_path

MAX_SHARDS = 1000
_SHARD = re.compile(r"(\d+)/(\d+)")


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as the flag and a CI matrix say it
    total: int

    def __str__(self) -> str:
        return f"{self.index}/{self.total}"


def parse_shard(text: str, flag: str = "--shard") -> Shard:
    """"2/4" -> Shard(2, 4); anything else is one line naming the flag and the value."""
    found = _SHARD.fullmatch(str(text).strip())
    if not found:
        raise UserInputError(f"{flag} {text}: give I/N, this shard's number and the number of shards, e.g. 2/4")
    index, total = int(found.group(1)), int(found.group(2))
    if not 1 <= total <= MAX_SHARDS:
        raise UserInputError(f"{flag} {text}: the number of shards must be 1 to {MAX_SHARDS}")
    if not 1 <= index <= total:
        raise UserInputError(f"{flag} {text}: the shard's number must be 1 to {total}")
    return Shard(index, total)


def shop_of(settings) -> dict:
    """The shop a run's journeys walked, as shards of one run must agree on it: the embedded
    storefront listens on another port on each runner and is the same shop all the same."""
    embedded = settings.embedded or not settings.target
    return {"target": "embedded storefront" if embedded else settings.target, "faults": list(settings.faults)}


def manifest_of(progress: Path) -> Path:
    """Where the plugin writes a shard's manifest: beside its progress file
    (journeys-progress.jsonl -> journeys-progress-shard.json)."""
    return progress.with_name(progress.stem + "-shard.json")


def journey_key(nodeid: str) -> str:
    """A journey's name across ways of collecting it: its test file's stem and its test id."""
    path, _, test = nodeid.partition("::")
    return f"{Path(path).stem}::{test}"


def split(keys: list[str], total: int, durations: dict[str, float] | None = None) -> dict[str, int]:
    """key -> its shard (1-based). By count, or by `durations` (seconds per key) when given: a
    journey they do not know counts as their median."""
    ordered = sorted(set(keys))
    if not durations:
        return {key: i % total + 1 for i, key in enumerate(ordered)}
    known = [durations[k] for k in ordered if k in durations]
    typical = statistics.median(known) if known else 1.0
    cost = {k: durations.get(k, typical) for k in ordered}
    loads = [0.0] * total
    placed = {}
    for key in sorted(ordered, key=lambda k: (-cost[k], k)):  # longest first, then by name: the same everywhere
        shard = min(range(total), key=lambda s: (loads[s], s))
        placed[key] = shard + 1
        loads[shard] += cost[key]
    return placed


def read_durations(path: Path, flag: str = "--shard-durations") -> dict[str, float]:
    """A previous run's seconds per journey: its JUnit XML (`junit.xml`), or a JSON object of
    journey key -> seconds (`durations.json`, as `harness merge` writes it)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UserInputError(f"{flag} {shown_path(path)}: cannot be read ({exc.strerror or exc})") from None
    if text.lstrip().startswith("<"):
        return _junit_durations(path, text, flag)
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise UserInputError(f"{flag} {shown_path(path)}: neither JUnit XML nor JSON ({exc})") from None
    if not isinstance(data, dict) or not all(isinstance(v, (int, float)) and v >= 0 for v in data.values()):
        raise UserInputError(f"{flag} {shown_path(path)}: expected an object of journey -> seconds")
    return {str(k): float(v) for k, v in data.items()}


def _junit_durations(path: Path, text: str, flag: str) -> dict[str, float]:
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise UserInputError(f"{flag} {shown_path(path)}: not valid XML ({exc})") from None
    found = {}
    for case in root.iter("testcase"):
        module = case.get("classname", "").rpartition(".")[2]
        if module and case.get("name"):
            try:
                found[f"{module}::{case.get('name')}"] = float(case.get("time", "0"))
            except ValueError:
                continue
    return found
