"""`harness run --shard I/N` on separate runners, then `harness merge`: the merged run is the
unsharded run (the same journeys, verdicts, findings, counts and exit code); a shard killed or
never run leaves its journeys broken, by name, and the merge fails; shards of different runs
are refused in one line."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from harness.shards import journey_key

from ..helpers import ROOT, journey_lines, run_cli

# a small matrix with findings: CH's prices are in euros (SA-3), DE's are right
MATRIX = ("--no-load", "--markets", "CH,DE", "--journeys", "service-area", "--personas", "1",
          "--faults", "wrong-currency", "--workers", "1", "--retries", "0")


def _walked(reports: Path) -> dict[str, tuple[str, str]]:
    """Journey -> (outcome, finding) of a run's progress file."""
    return {journey_key(line["nodeid"]): (line["outcome"], line["message"])
            for line in journey_lines(reports / "journeys-progress.jsonl")}


def _cases(junit: Path) -> int:
    import xml.etree.ElementTree as ET

    return sum(1 for _ in ET.parse(junit).getroot().iter("testcase"))


@pytest.mark.slow
def test_four_shards_merged_are_the_unsharded_run(tmp_path):
    runs = [("whole", ())] + [(f"shard-{i}", ("--shard", f"{i}/4")) for i in range(1, 5)]
    with ThreadPoolExecutor(2) as pool:  # two runners at a time on this machine
        done = dict(zip([name for name, _ in runs], pool.map(
            lambda run: run_cli("run", *MATRIX, *run[1], "--reports", str(tmp_path / run[0])), runs)))
    assert done["whole"].returncode == 1, done["whole"].stdout[-3000:]
    merged = run_cli("merge", *(str(tmp_path / f"shard-{i}") for i in range(1, 5)), "--out", str(tmp_path / "merged"))
    assert merged.returncode == done["whole"].returncode, merged.stdout[-3000:] + merged.stderr[-2000:]
    whole, joined = _walked(tmp_path / "whole"), _walked(tmp_path / "merged")
    assert len(whole) == 8 and joined == whole
    per_shard = [_walked(tmp_path / f"shard-{i}") for i in range(1, 5)]
    assert sorted(k for shard in per_shard for k in shard) == sorted(whole), "a journey in two shards, or in none"
    assert all(shard for shard in per_shard), "a shard walked nothing"
    assert _cases(tmp_path / "merged" / "junit.xml") == _cases(tmp_path / "whole" / "junit.xml") == 8
    assert (tmp_path / "merged" / "allure-report" / "index.html").exists()
    assert "4 of 4 shards merged" in merged.stdout
    durations = json.loads((tmp_path / "merged" / "durations.json").read_text())
    assert set(durations) == set(whole)


@pytest.mark.slow
def test_a_killed_shard_leaves_its_journeys_broken_and_the_merge_fails(tmp_path):
    killed = subprocess.Popen([sys.executable, "-m", "harness.entry", "run", *MATRIX, "--shard", "2/2",
                               "--reports", str(tmp_path / "shard-2")], cwd=ROOT, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    handed = tmp_path / "shard-2" / "journeys-progress-settings.json"
    deadline = time.monotonic() + 120
    while not handed.exists() and killed.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert handed.exists(), "the shard never started its journeys"
    os.killpg(killed.pid, signal.SIGKILL)  # the runner goes away mid-run, as a preempted CI machine does
    killed.wait(30)
    done = run_cli("run", *MATRIX, "--shard", "1/2", "--reports", str(tmp_path / "shard-1"))
    assert done.returncode in (0, 1), done.stdout[-3000:]
    merged = run_cli("merge", str(tmp_path / "shard-1"), str(tmp_path / "shard-2"), "--out", str(tmp_path / "merged"))
    assert merged.returncode == 2, merged.stdout[-3000:]
    walked = _walked(tmp_path / "merged")
    split = json.loads((tmp_path / "shard-1" / "journeys-progress-shard.json").read_text())["split"]
    lost = {k for k, shard in split.items() if shard == 2}
    assert lost and {k for k, (outcome, _) in walked.items() if outcome == "broken"} >= lost
    assert all("its shard 2/2 ended before it" in walked[k][1] for k in lost)
    assert "ended early: shard 2/2" in merged.stdout
    crashed = [json.loads(p.read_text()) for p in (tmp_path / "merged" / "allure-results").glob("*-result.json")]
    crashed = [r for r in crashed if {"name": "tag", "value": "crashed"} in r["labels"]]
    assert len(crashed) >= len(lost)  # each under its market in the report, as the journeys that ran
    assert all(any(label["name"] == "epic" and label["value"].endswith(("(CH)", "(DE)")) for label in r["labels"])
               for r in crashed), crashed


SPLIT = {"test_service_area::test_lands_in_its_market[chromium-DE-0001]": 1,
         "test_service_area::test_lands_in_its_market[chromium-JP-0001]": 2}


def _shard_folder(folder: Path, shard: str, **run) -> Path:
    """A shard's folder as `harness run --shard` leaves it, its journeys passed."""
    folder.mkdir(parents=True)
    manifest = {"shard": shard, "complete": True, "split": SPLIT,
                "run": {"harness": "0.1.0", "seed": 1, "markets": "DE", "target": "embedded storefront", **run}}
    (folder / "journeys-progress-shard.json").write_text(json.dumps(manifest))
    index = int(shard.partition("/")[0])
    lines = [json.dumps({"nodeid": f"scenarios/{key.replace('::', '.py::')}", "journey": "service-area",
                         "persona": key[-8:-1], "market": key[-8:-6], "outcome": "passed", "message": "",
                         "checks": [{"check": "market", "status": "passed", "why": "", "entries": ["SA-3"],
                                     "failed_entries": [], "gaps": []}]})
             for key, at in SPLIT.items() if at == index]
    (folder / "journeys-progress.jsonl").write_text("\n".join([json.dumps({"collected": len(lines)}), *lines]) + "\n")
    return folder


def _load_folder(folder: Path, p95: float) -> Path:
    """A load run's folder as `harness load --summary` leaves it: DE's p95 against an 800 ms target."""
    from harness.results import LoadSummary, RegionResult

    passed = p95 <= 800
    LoadSummary(verdict="green" if passed else "missed", passed=passed, said="", shape="steady", markets=["DE"],
                results=[RegionResult(market="DE", metric="p95_ms", measured=p95, target=800,
                                      status="passed" if passed else "failed", passed=passed, samples=400,
                                      minimum=100, said=f"DE p95 {p95:.0f} ms, target 800 ms")]
                ).write(folder / "load-summary.json")
    return folder


@pytest.mark.parametrize("p95, code", [(420.0, 0), (1900.0, 1)], ids=["load met", "load missed"])
def test_the_load_run_merges_like_a_shard(tmp_path, p95, code):
    shards = [_shard_folder(tmp_path / f"shard-{i}", f"{i}/2") for i in (1, 2)]
    load = _load_folder(tmp_path / "load", p95)
    merged = run_cli("merge", *map(str, shards), str(load), "--out", str(tmp_path / "merged"), "--no-report")
    assert merged.returncode == code, merged.stdout + merged.stderr
    assert "Service levels per region" in merged.stdout
    assert ("missed: DE p95 1900 ms" in merged.stdout) is (code == 1)


@pytest.mark.parametrize("second, said", [
    (("2/2", {"seed": 2}), "are shards of different runs: seed 1 and 2"),
    (("2/2", {"target": "http://127.0.0.1:8"}), "are shards of different runs: target 'embedded storefront' and"),
    (("1/2", {}), "shard 1/2 given twice"),
    (("2/3", {}), "not the same number of shards"),
])
def test_shards_of_different_runs_are_refused_in_one_line(tmp_path, second, said):
    first = _shard_folder(tmp_path / "a", "1/2")
    other = _shard_folder(tmp_path / "b", second[0], **second[1])
    merged = run_cli("merge", str(first), str(other), "--out", str(tmp_path / "merged"))
    lines = [line for line in merged.stdout.splitlines() if line.strip()]
    assert merged.returncode == 2 and len(lines) == 1 and said in lines[0], merged.stdout + merged.stderr


def test_a_folder_that_is_no_shard_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    merged = run_cli("merge", str(tmp_path / "empty"), "--out", str(tmp_path / "merged"))
    assert merged.returncode == 2 and "neither a shard's results" in merged.stdout, merged.stdout + merged.stderr


def test_a_walk_removes_an_earlier_runs_shard_manifest(tmp_path):
    # A shard killed in this run must not pass for finished on the strength of the last run's manifest.
    from harness.journey_process import start
    from harness.shards import manifest_of

    progress = tmp_path / "journeys-progress.jsonl"
    manifest = manifest_of(progress)
    manifest.write_text('{"shard": "1/2", "complete": true}')
    start([sys.executable, "-c", "pass"], progress).wait(timeout=60)
    assert not manifest.exists()
