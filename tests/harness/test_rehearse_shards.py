"""A rehearsal on many runners: `harness rehearse PLAN --shard I/N` on each, then `harness
rehearse PLAN --merge DIR...`. The merged rehearsal gives the verdicts a rehearsal on one machine
gives. A shard that is missing or that ended early leaves its journeys' markets no-go, by name,
and the rehearsal incomplete (exit 2). Shards of another plan or shop are refused in one line."""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from harness.job.merge import PROGRESS
from harness.job.plan import load_plan
from harness.job.rehearse import judge
from harness.job.rehearse_shards import read_shards, walked_plan, wave_folder
from harness.policy import load_policy
from harness.results import LoadSummary

from ..helpers import ROOT, run_cli

EXAMPLE = ROOT / "plans" / "opening-europe.yaml"
QUICK = ["--personas", "1", "--workers", "1", "--retries", "0"]
RAMP = ["--journeys", "service-area", "--load-duration", "3s", "--load-users", "6"]  # the merge too: what was walked
SHOP = {"target": "embedded storefront", "faults": []}


def _plan(tmp_path: Path) -> Path:
    """Three waves (DE; CH and NL; SE) judged on their journeys only: the latency gates stay out,
    so a busy machine cannot turn a market no-go."""
    plan = tmp_path / "plan.yaml"
    plan.write_text("name: sharded\nseed: 1\nopen: [GB]\n"
                    "gates: {journeys: true, service_levels: false, open_markets_hold: false}\n"
                    "waves:\n  - {name: first, markets: [DE]}\n  - {name: second, markets: [CH, NL]}\n"
                    "  - {name: third, markets: [SE]}\n", encoding="utf-8")
    return plan


def _verdicts(reports: Path) -> dict[str, tuple[bool, list[str]]]:
    data = json.loads((reports / "rehearsal-summary.json").read_text(encoding="utf-8"))
    return {v["market"]: (v["go"], sorted(v["reasons"])) for v in data["verdicts"]}


@pytest.mark.slow  # two shards walk three waves in Chromium; the merge and the rehearsal on one machine ramp twice
def test_two_shards_merged_give_the_verdicts_of_one_rehearsal(tmp_path):
    plan = str(_plan(tmp_path))
    runs = [("whole", ()), ("shard-1", ("--shard", "1/2")), ("shard-2", ("--shard", "2/2"))]
    with ThreadPoolExecutor(2) as pool:
        done = dict(zip([name for name, _ in runs], pool.map(
            lambda run: run_cli("rehearse", plan, *QUICK, *RAMP, "--faults", "wrong-currency", *run[1],
                                "--reports", str(tmp_path / run[0])), runs)))
    whole = done["whole"]
    assert whole.returncode == 1, whole.stdout[-3000:]
    # a shard judges nothing: no ramp, no verdict; its exit is its journeys'
    assert {done["shard-1"].returncode, done["shard-2"].returncode} == {0, 1}
    assert not (tmp_path / "shard-1" / "rehearsal-summary.json").exists()
    assert "no go / no-go in a shard" in done["shard-1"].stdout
    shards = [tmp_path / "shard-1", tmp_path / "shard-2"]
    # the shards walked every wave, also the one after the no-go: none of them knows the verdict
    walked = [json.loads(line)["nodeid"] for s in shards for i in range(3)
              for line in (wave_folder(s, i) / PROGRESS).read_text().splitlines()[1:]]
    assert len(walked) == len(set(walked)) == 16, walked  # 4 markets' 4 tests, each in one shard

    merged = run_cli("rehearse", plan, *RAMP, "--faults", "wrong-currency", "--merge", *map(str, shards),
                     "--reports", str(tmp_path / "merged"))
    assert merged.returncode == whole.returncode, merged.stdout[-3000:] + merged.stderr[-2000:]
    assert _verdicts(tmp_path / "merged") == _verdicts(tmp_path / "whole")
    verdicts = _verdicts(tmp_path / "merged")
    assert verdicts["DE"][0] and verdicts["NL"][0] and not verdicts["CH"][0]
    assert any("CH-0001 service-area: expected currency CHF" in r for r in verdicts["CH"][1]), verdicts
    assert "SE" not in verdicts and "not rehearsed: third" in merged.stdout
    assert "as the shards walked them" in merged.stdout
    # one junit.xml of every wave, in both: the rehearsal on one machine no longer keeps only its last wave's
    assert _cases(tmp_path / "whole" / "junit.xml") == 12  # DE, CH, NL: the waves rehearsed
    assert _cases(tmp_path / "merged" / "junit.xml") == 16  # and SE's, which the shards walked anyway
    assert (tmp_path / "merged" / "allure-report" / "index.html").exists()
    assert set(json.loads((tmp_path / "merged" / "durations.json").read_text())) >= {
        "test_service_area::test_lands_in_its_market[chromium-CH-0001]"}

    # the same rehearsal without shard 2: its journeys are broken, their markets no-go, the rehearsal incomplete
    alone = run_cli("rehearse", plan, *RAMP, "--faults", "wrong-currency", "--merge", str(shards[0]), "--continue",
                    "--reports", str(tmp_path / "alone"))
    assert alone.returncode == 2, alone.stdout[-3000:]
    verdicts = _verdicts(tmp_path / "alone")
    assert not verdicts["DE"][0] and any("its shard 2/2 is missing" in r for r in verdicts["DE"][1]), verdicts
    assert "incomplete: wave 1: 1 of 2 shards merged; missing: shard 2/2" in alone.stdout


def _cases(junit: Path) -> int:
    import xml.etree.ElementTree as ET

    return sum(1 for _ in ET.parse(junit).getroot().iter("testcase"))


# What follows reads shard folders written here, as a shard leaves them: no browser, no ramp.

def _shard(root: Path, shard: str, plan_path: Path, *, waves: int | None = None, complete: bool = True,
           walked: dict | None = None, **run) -> Path:
    """A rehearsal shard's folder: every journey of each wave it reached passed. The split deals
    each wave's markets round the shards."""
    plan = load_plan(plan_path, load_policy())
    index, total = (int(n) for n in shard.split("/"))
    root.mkdir(parents=True)
    (root / "rehearsal-shard.json").write_text(json.dumps(
        {"shard": shard, "plan": plan.name, "walked": walked or walked_plan(plan), "complete": complete}))
    for w, wave in enumerate(plan.waves[:waves]):
        keys = [f"test_service_area::test_lands_in_its_market[chromium-{m}-0001]" for m in wave.markets]
        split = {key: i % total + 1 for i, key in enumerate(sorted(keys))}
        folder = wave_folder(root, w)
        folder.mkdir()
        manifest = {"shard": shard, "complete": True, "split": split,
                    "run": {"harness": "0.1.0", "seed": 1, "markets": ",".join(wave.markets), **SHOP, **run}}
        (folder / "journeys-progress-shard.json").write_text(json.dumps(manifest))
        lines = [json.dumps({"nodeid": f"scenarios/{key.replace('::', '.py::')}", "journey": "service-area",
                             "persona": key[-8:-1], "market": key[-8:-6], "outcome": "passed", "message": "",
                             "checks": [{"check": "market", "status": "passed", "why": "", "entries": ["SA-3"],
                                         "failed_entries": [], "gaps": []}]})
                 for key, at in split.items() if at == index]
        (folder / PROGRESS).write_text("\n".join([json.dumps({"collected": len(lines)}), *lines]) + "\n")
    return root


def _ramp_met() -> LoadSummary:
    return LoadSummary(verdict="green", passed=True, said="", shape="market-opening", markets=[], results=[])


def test_merged_shards_judge_each_wave_from_every_shards_journeys(tmp_path):
    plan_path = _plan(tmp_path)
    plan = load_plan(plan_path, load_policy())
    roots = [_shard(tmp_path / f"s{i}", f"{i}/2", plan_path) for i in (1, 2)]
    shards = read_shards(roots, plan, plan_path, SHOP)
    second = shards.wave(1)
    assert sorted(r.market for r in second.results) == ["CH", "NL"]  # one from each shard
    verdicts = judge(plan, 1, second, _ramp_met(), ["GB", "DE"])
    assert [(v.market, v.go) for v in verdicts] == [("CH", True), ("NL", True)]
    assert shards.incomplete(3) == []


@pytest.mark.parametrize("missing, ended, said", [
    ("missing", False, "its shard 2/2 is missing (no folder was given for it)"),
    ("never reached wave 2", False, "its shard 2/2 ended before it"),
    ("killed in wave 2", True, "its shard 2/2 ended before it"),
])
def test_a_missing_or_ended_shard_leaves_its_markets_no_go(tmp_path, missing, ended, said):
    plan_path = _plan(tmp_path)
    plan = load_plan(plan_path, load_policy())
    roots = [_shard(tmp_path / "s1", "1/2", plan_path)]
    if missing == "never reached wave 2":
        roots.append(_shard(tmp_path / "s2", "2/2", plan_path, waves=1, complete=False))
    elif missing == "killed in wave 2":
        second = _shard(tmp_path / "s2", "2/2", plan_path, complete=False)
        manifest = wave_folder(second, 1) / "journeys-progress-shard.json"
        manifest.write_text(manifest.read_text().replace('"complete": true', '"complete": false'))
        (wave_folder(second, 1) / PROGRESS).write_text('{"collected": 1}\n')  # killed before its journey ended
        roots.append(second)
    shards = read_shards(roots, plan, plan_path, SHOP)
    verdicts = {v.market: v for v in judge(plan, 1, shards.wave(1), _ramp_met(), ["GB", "DE"])}
    no_go = [m for m, v in verdicts.items() if not v.go]
    assert len(no_go) == 1, verdicts  # the market the split gave shard 2
    assert any(said in r for r in verdicts[no_go[0]].reasons), verdicts[no_go[0]]
    names = {"CH": "Switzerland", "NL": "Netherlands"}
    shards.write(tmp_path / "results", tmp_path, names)
    gaps = [json.loads(path.read_text()) for path in (tmp_path / "results").glob("*-result.json")]
    assert gaps and all(r["status"] == "broken" for r in gaps)
    epic = {"name": "epic", "value": f"{names[no_go[0]]} ({no_go[0]})"}
    assert all(epic in r["labels"] for r in gaps)  # under its market in the report
    assert shards.incomplete(2)[-1].startswith("wave 2: 1 of 2 shards merged" if missing == "missing"
                                               else "wave 2: 2 of 2 shards merged; ended early: shard 2/2")


def test_a_wave_no_shard_finished_is_no_go_for_every_market_in_it(tmp_path):
    plan_path = _plan(tmp_path)
    plan = load_plan(plan_path, load_policy())
    roots = [_shard(tmp_path / f"s{i}", f"{i}/2", plan_path, waves=1, complete=False) for i in (1, 2)]
    shards = read_shards(roots, plan, plan_path, SHOP)
    verdicts = judge(plan, 1, shards.wave(1), _ramp_met(), ["GB", "DE"])
    assert [(v.market, v.go, v.reasons) for v in verdicts] == [("CH", False, ["no journey ran for it"]),
                                                                ("NL", False, ["no journey ran for it"])]
    assert "wave 2: no shard walked its journeys to the end" in shards.incomplete(3)


def _refused(tmp_path: Path, *args: str) -> str:
    done = run_cli("rehearse", str(_plan(tmp_path)), *args, "--reports", str(tmp_path / "out"), timeout=120)
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert done.returncode == 2 and len(lines) == 1, done.stdout + done.stderr
    assert not (tmp_path / "out" / "rehearsal-summary.json").exists()
    return lines[0]


@pytest.mark.parametrize("second, said", [
    (("2/2", {"walked": {"seed": 2}}), "is a shard of another rehearsal than"),
    (("2/2", {"run": {"target": "http://127.0.0.1:8"}}), "walked the journeys with target 'http://127.0.0.1:8'; this "
                                                       "rehearsal's ramps would run with 'embedded storefront'"),
    (("2/2", {"run": {"faults": ["wrong-currency"]}}), "walked the journeys with faults ['wrong-currency']"),
    (("1/2", {}), "shard 1/2 given twice"),
    (("2/3", {}), "not the same number of shards"),
])
def test_shards_of_another_rehearsal_or_shop_are_refused_in_one_line(tmp_path, second, said):
    plan_path = _plan(tmp_path)
    first = _shard(tmp_path / "a", "1/2", plan_path)
    shard, changed = second
    walked = None
    if "walked" in changed:
        walked = walked_plan(load_plan(plan_path, load_policy()))
        walked.update(changed["walked"])
    other = _shard(tmp_path / "b", shard, plan_path, walked=walked, **changed.get("run", {}))
    assert said in _refused(tmp_path, "--merge", str(first), str(other))


def test_shards_that_walked_other_journeys_are_refused_naming_the_wave(tmp_path):
    plan_path = _plan(tmp_path)
    roots = [str(_shard(tmp_path / f"s{i}", f"{i}/2", plan_path)) for i in (1, 2)]
    said = _refused(tmp_path, "--merge", *roots, "--journeys", "checkout")
    assert "is a shard of another rehearsal than" in said and "wave 1's journeys: it walked [" in said, said
    assert said.endswith("the plan says ['checkout'] (give the merge the shards' --journeys)"), said


@pytest.mark.parametrize("args, said", [
    (("--merge",), "--merge: give the shards' folders after the plan"),
    (("somewhere",), "somewhere: a folder after the plan is a shard's, to judge: give --merge with them"),
    (("--merge", "somewhere", "--shard", "1/2"), "--shard 1/2 walks one shard, --merge judges the shards"),
    (("--merge", "nowhere"), "nowhere: not a folder"),
])
def test_the_flags_are_refused_in_one_line_when_they_do_not_go_together(tmp_path, args, said):
    assert said in _refused(tmp_path, *args)


def test_a_folder_that_is_no_rehearsal_shard_is_refused_naming_what_it_is(tmp_path):
    run_shard = tmp_path / "run-shard"
    run_shard.mkdir()
    (run_shard / "journeys-progress-shard.json").write_text("{}")
    assert "it is a `harness run` shard: `harness merge` joins those" in _refused(tmp_path, "--merge", str(run_shard))
    rehearsal_shard = _shard(tmp_path / "rehearsal-shard", "1/1", _plan(tmp_path))
    merged = run_cli("merge", str(rehearsal_shard), "--out", str(tmp_path / "merged"), timeout=120)
    assert merged.returncode == 2 and "a rehearsal's shard; `harness rehearse PLAN --merge DIR...`" in merged.stdout


def test_a_rehearsal_clears_an_earlier_ones_waves(tmp_path):
    # A shard killed in wave 1 must not pass for having walked wave 2 on the strength of an earlier rehearsal's folder.
    from harness.job.rehearse_shards import clear_waves

    old = _shard(tmp_path / "reports", "1/2", _plan(tmp_path))
    clear_waves(old)
    assert sorted(p.name for p in old.iterdir()) == []
