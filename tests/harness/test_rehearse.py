"""`harness rehearse`: the plan file refused in one line when wrong; the shipped example plan
green wave by wave on the clean storefront, and a no-go that stops the rehearsal when a market of
a wave is broken."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.errors import UserInputError
from harness.job.plan import load_plan
from harness.policy import load_policy

from ..policy_files import edit_yaml, relaxed_policy

EXAMPLE = Path(__file__).resolve().parents[2] / "plans" / "opening-europe.yaml"
# One journey a market, one persona, one journey process, and the smallest ramp that sends requests:
# for a rehearsal whose gates leave the service levels out.
QUICK = ["--journeys", "service-area", "--load-duration", "3s", "--load-users", "6", "--workers", "1"]


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def test_the_example_plan_is_valid(policy):
    plan = load_plan(EXAMPLE, policy)
    assert len(plan.waves) == 3 and plan.open == ["GB", "US"]


@pytest.mark.parametrize("text, said", [
    ("waves: [{markets: [DE]}]\nopen: [DX]", "open.0: 'DX' is not a market"),
    ("waves: [{markets: [DE]}, {markets: [de]}]", "waves.1.markets.0: 'DE' is already in waves.0.markets"),
    ("open: [DE]\nwaves: [{markets: [DE]}]", "waves.0.markets.0: 'DE' is already in open"),
    ("waves: [{markets: [CHE]}]", "'CHE' is not a market"),
    ("waves: []", "waves: []: List should have at least 1 item"),
    ("name: x", "waves: missing"),
    ("waves: [{markets: []}]", "waves.0.markets"),
    ("waves: [{markets: [DE], journeys: [chekout]}]", "did you mean checkout"),
    ("journeys: [payments]\nwaves: [{markets: [DE]}]", "journeys.0: 'payments': unknown journey"),
    ("load: {duration: forever}\nwaves: [{markets: [DE]}]", "load.duration: 'forever'"),
    ("load: {users: 0}\nwaves: [{markets: [DE]}]", "load.users: 0"),
    ("seed: -1\nwaves: [{markets: [DE]}]", "seed: -1"),
    ("gates: {journey: true}\nwaves: [{markets: [DE]}]", "gates.journey: unknown field (did you mean journeys?)"),
    ("waves: [{markets: [DE]}\n  - oops", "plan.yaml:2:"),
    ("- just a list", "expected a mapping of rehearsal plan fields"),
])
def test_a_bad_plan_is_one_line_naming_field_and_value(tmp_path, policy, text, said):
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserInputError) as refused:
        load_plan(path, policy)
    message = str(refused.value)
    assert "\n" not in message and said in message, message
    assert message.startswith(str(path)) or message.startswith("plan.yaml") or "plan.yaml" in message


def _rehearse(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    if not any(a.startswith("--personas") for a in args):  # one persona per market and journey: a rehearsal's mechanics
        args = (*args, "--personas", "1")
    return subprocess.run([sys.executable, "-m", "harness.entry", "rehearse", *args], capture_output=True, text=True,
                          timeout=timeout, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "HOME": str(Path.home())})


def test_the_command_refuses_a_missing_plan_in_one_line(tmp_path):
    refused = _rehearse(str(tmp_path / "nope.yaml"), "--reports", str(tmp_path))
    assert refused.returncode == 2
    lines = [line for line in (refused.stdout + refused.stderr).splitlines() if line.strip()]
    assert len(lines) == 1 and "nope.yaml: no such rehearsal plan" in lines[0], lines


def _verdicts(reports: Path) -> dict[str, dict]:
    data = json.loads((reports / "rehearsal-summary.json").read_text(encoding="utf-8"))
    return {v["market"]: v for v in data["verdicts"]}


def _every_market_weighs_the_same(policy: Path) -> Path:
    """The policy copy with one traffic weight for every market: a ramp's users shared evenly by
    the markets of its wave, so the newest of them are judged on a short ramp."""
    for market in policy.glob("*.yaml"):
        if market.name != "defaults.yaml":
            edit_yaml(market, lambda data: data.update(traffic_weight=1))
    return policy


@pytest.mark.slow  # the embedded storefront, journeys in Chromium, a ramp of load each wave
def test_the_example_plan_goes_on_the_clean_storefront(tmp_path):
    # Every market of a wave must be judged under load for a go. With the shipped traffic weights a
    # ramp shares its users by them, and DK, the smallest, gets about 1/70: half a minute of 100
    # users. What this test is about is the waves (journeys, ramp, verdicts, in order), not the mix:
    # every market weighs the same in its policy copy, and each new market of a wave is counted on
    # for some 55 requests of a 10-s ramp of 60 users (its verdict needs 20).
    judged = ["--journeys", "service-area", "--load-duration", "10s", "--load-users", "60", "--workers", "1",
              # a latency target no busy machine misses
              "--policy", str(_every_market_weighs_the_same(relaxed_policy(tmp_path)))]
    done = _rehearse(str(EXAMPLE), *judged, "--reports", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    verdicts = _verdicts(tmp_path)
    assert set(verdicts) == {"DE", "AT", "CH", "NL", "SE", "DK"} and all(v["go"] for v in verdicts.values()), verdicts
    grouped = {}
    for path in (tmp_path / "allure-results").glob("*-result.json"):
        labels = json.loads(path.read_text(encoding="utf-8"))["labels"]
        suite = next((label["value"] for label in labels if label["name"] == "parentSuite"), None)
        grouped.setdefault(suite, 0)
        grouped[suite] += 1
    assert {"wave 1 (DACH north)", "wave 2 (Switzerland and Benelux)", "wave 3 (Nordics)"} <= set(grouped), grouped
    assert (tmp_path / "allure-report" / "index.html").exists()


@pytest.mark.slow  # the embedded storefront, journeys in Chromium, a ramp of load each wave
def test_a_broken_market_is_no_go_and_stops_the_rehearsal(tmp_path):
    # The journeys' gate is the one under test: the latency gates stay out of it, so a busy test
    # machine cannot turn DE or AT no-go.
    plan = tmp_path / "plan.yaml"
    plan.write_text(EXAMPLE.read_text(encoding="utf-8").replace("service_levels: true", "service_levels: false")
                    .replace("open_markets_hold: true", "open_markets_hold: false"), encoding="utf-8")
    done = _rehearse(str(plan), *QUICK, "--faults", "wrong-currency", "--reports", str(tmp_path))
    assert done.returncode == 1, done.stdout + done.stderr
    verdicts = _verdicts(tmp_path)
    assert verdicts["DE"]["go"] and verdicts["AT"]["go"], verdicts
    assert not verdicts["CH"]["go"] and verdicts["NL"]["go"]
    assert any("CH-0001 service-area: expected currency CHF" in r for r in verdicts["CH"]["reasons"]), verdicts["CH"]
    assert "SE" not in verdicts, "the rehearsal went on past a no-go"
    assert "not rehearsed: wave 3 (Nordics)" in done.stdout
    failed = [json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "allure-results").glob("*-result.json")]
    no_go = [r for r in failed if r["name"] == "CH go / no-go for wave 2 (Switzerland and Benelux)"]
    assert no_go and no_go[0]["status"] == "failed"
