"""The re-run hint at the end of `harness run` is a `pytest --pyargs harness.scenarios ...` command that walks the
persona again the way the run did: same shop (target, or the embedded storefront's faults),
policy, adapter, seed, journeys, and results where the run's went. It is checked by running it
(collection only: no shop, no browser)."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from harness.job.run import rerun_command
from harness.settings import RunSettings
from harness.personas.email import DEFAULT_PATTERN

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "personas" / "policy"


def _collected(cmd: list[str]) -> list[str]:
    assert cmd[:3] == ["pytest", "--pyargs", "harness.scenarios"]
    done = subprocess.run([sys.executable, "-m", *cmd, "--collect-only", "-q", "-p", "no:cacheprovider"],
                          capture_output=True, text=True, timeout=180, cwd=ROOT, env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 0, done.stdout[-1500:] + done.stderr[-1500:]
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_only_what_differs_from_the_defaults_is_spelt_out(tmp_path):
    cmd = rerun_command(RunSettings(), "DE-0001", (), tmp_path / "allure-results")
    assert cmd == ["pytest", "--pyargs", "harness.scenarios", "--seed", "1", "--persona", "DE-0001", "--tracing", "on",
                   "--alluredir", str(tmp_path / "allure-results")]


def test_the_embedded_storefronts_faults_and_the_runs_flags_are_kept(tmp_path):
    options = RunSettings(faults="wrong-currency", seed=7, policy_dir=POLICY, adapter="tests.scenarios.partial_shops:without_support",
                      egress_proxy=("DE=http://proxy.example.invalid:3128",), email_pattern="{local}+{run}@{domain}",
                      reports=tmp_path / "my reports")
    cmd = rerun_command(options, "CH-0001", ["service-area", "checkout", "service-area"], tmp_path / "my reports" / "allure-results")
    said = shlex.join(cmd)
    assert shlex.split(said) == cmd  # a path with a space survives the copy and paste
    for part in ("--seed 7", "--persona CH-0001", "--faults wrong-currency", f"--policy {POLICY}",
                 "--adapter tests.scenarios.partial_shops:without_support", "--egress-proxy DE=http://proxy.example.invalid:3128",
                 "-m 'service_area or checkout'", "--email-pattern '{local}+{run}@{domain}'",
                 f"--alluredir '{tmp_path / 'my reports' / 'allure-results'}'"):
        assert part in said, (part, said)
    assert "--target" not in cmd


def test_a_target_replaces_the_faults(tmp_path):
    cmd = rerun_command(RunSettings(target="http://127.0.0.1:9", faults="wrong-currency"), "DE-0001", (), tmp_path)
    assert cmd[cmd.index("--target") + 1] == "http://127.0.0.1:9" and "--faults" not in cmd


def test_the_default_email_pattern_is_left_out(tmp_path, monkeypatch):
    monkeypatch.delenv("HARNESS_EMAIL_PATTERN", raising=False)
    assert "--email-pattern" not in rerun_command(RunSettings(email_pattern=DEFAULT_PATTERN), "DE-0001", (), tmp_path)


@pytest.mark.parametrize("options, who, journeys", [
    (RunSettings(faults="wrong-currency", seed=3, policy_dir=POLICY), "CH-0001", ["service-area"]),
    (RunSettings(target="http://127.0.0.1:9", adapter="harness.shop.reference:make_shop", seed=2), "JP-0002",
     ["checkout", "support"]),
], ids=["embedded with faults", "a target and an adapter"])
def test_the_hint_runs_and_walks_that_persona_only(tmp_path, options, who, journeys):
    # (`persona` would be the plugin's own parameter)
    collected = _collected(rerun_command(options, who, journeys, tmp_path / "allure-results"))
    assert collected, "the hint collected no journey"
    assert all(line.endswith(f"-{who}]") for line in collected), collected
    files = {re.sub(r"::.*", "", line) for line in collected}
    assert files <= {f"scenarios/test_{j.replace('-', '_')}.py" for j in journeys}, files
