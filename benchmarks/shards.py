"""What sharding costs, on this machine.

1. The matrix (markets x journeys, one persona each) walked as one shard with W workers, then as
   two shards side by side with W/2 workers each plus their merge, against the same embedded
   storefront (`harness run --target`): the overhead is the second time over the first.
2. `harness merge` of 10,000 synthetic journey results in four shard folders (progress lines,
   JUnit, Allure results), without and with building the Allure report.

Target (issue 20): sharding overhead <= 5 % of the unsharded time; merging 10,000 results <= 10 s.

    .venv/bin/python benchmarks/shards.py [--markets DE,JP,...|all] [--journeys checkout,...] [--workers 2] [--results 10000]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.target import EmbeddedStorefront  # noqa: E402


def say(what: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {what}", file=sys.stderr, flush=True)


def harness(*args: str) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "harness.entry", *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"benchmark: harness {args[0]} exited {done.returncode}:\n{done.stdout[-3000:]}{done.stderr[-2000:]}")
    return time.perf_counter() - started, done.returncode


def walked(folder: Path) -> int:
    lines = (folder / "journeys-progress.jsonl").read_text().splitlines()
    return sum(1 for line in lines if '"nodeid"' in line)


def sharding(args, tmp: Path) -> tuple[float, float, float, int]:
    """(unsharded s, two shards side by side s, merge s, journeys)."""
    common = ("--no-load", "--markets", args.markets, "--personas", "1", "--retries", "0",
              *(("--journeys", args.journeys) if args.journeys else ()))
    with EmbeddedStorefront((), workers=os.cpu_count() or 1) as shop:
        say(f"the matrix as one shard, {args.workers} workers")
        whole, _ = harness("run", *common, "--target", shop.url, "--workers", str(args.workers),
                           "--reports", str(tmp / "whole"))
        half = max(1, args.workers // 2)
        say(f"the matrix as two shards side by side, {half} workers each")
        started = time.perf_counter()
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda i: harness("run", *common, "--target", shop.url, "--workers", str(half),
                                            "--shard", f"{i}/2", "--reports", str(tmp / f"shard-{i}")), (1, 2)))
        sharded = time.perf_counter() - started
        say("merging the two")
        merged, _ = harness("merge", str(tmp / "shard-1"), str(tmp / "shard-2"), "--out", str(tmp / "merged"))
    journeys = walked(tmp / "whole")
    if walked(tmp / "merged") != journeys:
        sys.exit(f"benchmark: the merge has {walked(tmp / 'merged')} journeys, the unsharded run {journeys}")
    return whole, sharded, merged, journeys


def synthetic_shards(tmp: Path, results: int, shards: int = 4) -> list[Path]:
    """`results` journeys' progress lines, JUnit cases and Allure results, dealt into `shards`
    folders as `harness run --shard` leaves them."""
    keys = [f"test_checkout::test_guest_checkout[chromium-{chr(65 + i // 2600 % 26)}{chr(65 + i // 100 % 26)}-{i:04d}]"
            for i in range(results)]
    split = {key: i % shards + 1 for i, key in enumerate(keys)}
    run = {"harness": "0.1.0", "seed": 1, "markets": "all", "target": "embedded storefront"}
    folders = []
    for shard in range(1, shards + 1):
        folder = tmp / f"synthetic-{shard}"
        (folder / "allure-results").mkdir(parents=True)
        mine = [k for k in keys if split[k] == shard]
        lines = [json.dumps({"collected": len(mine)})]
        cases = []
        for key in mine:
            persona = key.rpartition("-")[0].rpartition("[chromium-")[2] + "-" + key.rpartition("-")[2].rstrip("]")
            lines.append(json.dumps({"nodeid": f"scenarios/{key.replace('::', '.py::')}", "journey": "checkout",
                                     "persona": persona, "market": persona[:2], "outcome": "passed", "message": "",
                                     "checks": [{"check": "confirmation", "status": "passed", "why": "",
                                                 "entries": ["AS-3"], "failed_entries": [], "gaps": []}]}))
            cases.append(f'<testcase classname="scenarios.test_checkout" name="{key.partition("::")[2]}" time="1.5"/>')
            result = {"uuid": str(uuid.uuid4()), "name": key, "fullName": key, "status": "passed", "stage": "finished",
                      "start": 0, "stop": 1500, "labels": [{"name": "market", "value": persona[:2]}],
                      "steps": [{"name": "check: confirmation", "status": "passed", "start": 0, "stop": 10}]}
            (folder / "allure-results" / f"{result['uuid']}-result.json").write_text(json.dumps(result))
        (folder / "journeys-progress.jsonl").write_text("\n".join(lines) + "\n")
        (folder / "junit.xml").write_text('<?xml version="1.0"?><testsuites><testsuite name="pytest">'
                                          + "".join(cases) + "</testsuite></testsuites>")
        (folder / "journeys-progress-shard.json").write_text(json.dumps({"shard": f"{shard}/{shards}", "complete": True,
                                                                        "run": run, "split": split}))
        folders.append(folder)
    return folders


def merging(tmp: Path, results: int) -> tuple[float, float]:
    """(merge s without the report, with it) for `results` synthetic results."""
    folders = synthetic_shards(tmp, results)
    from rich.console import Console

    from harness.job import merge as merge_job

    say(f"merging {results:,} synthetic results, without the report")
    quiet = Console(file=open(os.devnull, "w"), width=100)
    started = time.perf_counter()
    merge_job.merge(quiet, folders, tmp / "merged-synthetic", report=False)
    bare = time.perf_counter() - started
    say(f"merging {results:,} synthetic results, with the Allure report")
    started = time.perf_counter()
    merge_job.merge(quiet, folders, tmp / "merged-synthetic-report")
    return bare, time.perf_counter() - started


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--markets", default="all")
    ap.add_argument("--journeys", default="", help="comma-separated (default: all)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--results", type=int, default=10_000)
    ap.add_argument("--skip-matrix", action="store_true", help="only the merge of synthetic results")
    args = ap.parse_args()
    if not 2 <= args.workers <= 32 or not 1 <= args.results <= 200_000:
        print("benchmark: --workers must be 2..32 and --results 1..200000", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if not args.skip_matrix:
            whole, sharded, merged, journeys = sharding(args, tmp)
        bare, with_report = merging(tmp, args.results)
    cores = os.cpu_count() or 1
    if not args.skip_matrix:
        overhead = (sharded + merged) / whole - 1
        print(f"\n{journeys} journeys, markets {args.markets}, journeys {args.journeys or 'all'}, {cores} cores")
        print(f"one shard, {args.workers} workers:{whole:9.1f} s")
        print(f"two shards side by side, {max(1, args.workers // 2)} workers each:{sharded:9.1f} s, merge {merged:.1f} s")
        print(f"sharding overhead: {overhead:+.1%} of the unsharded time (target <= 5 %): "
              f"{'met' if overhead <= 0.05 else 'NOT met'}")
    print(f"merge of {args.results:,} results: {bare:.1f} s without the report, {with_report:.1f} s with it "
          f"(target <= 10 s): {'met' if bare <= 10 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
