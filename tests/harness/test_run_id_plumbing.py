"""One run id for a whole job: `harness run` and `harness rehearse` hand the same run id and e-mail
pattern to every pytest process they start (the journeys, each wave, the journeys walked again
under load), and print it with the seed. The steps themselves are replaced here by recorders."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from harness import journey_process as journeys
from harness.job import rehearse, run
from harness.journey_process import JourneyRun
from harness.results import LoadSummary
from harness.settings import RunSettings, Settings

PATTERN = "{local}.{run}.{journey}@qa.example.test"


class FakeShop:
    def __init__(self, *args, **kwargs):
        pass

    def start(self) -> str:
        return "http://127.0.0.1:9"

    def stop(self) -> None:
        pass


def _recorded(monkeypatch, module) -> list[tuple[str, dict]]:
    calls: list[tuple[str, dict]] = []

    def walk(console, settings, **kw):
        calls.append(("journeys", {"run_id": settings.run_id, "email_pattern": settings.email_pattern}))
        return JourneyRun([], 0, 0, "")

    def load(console, settings, markets, **kw):
        calls.append(("load", {"run_id": settings.run_id, "email_pattern": settings.email_pattern}))
        return LoadSummary(shape="steady", passed=True, verdict="green", said="")

    monkeypatch.setattr(module, "walk_journeys", walk)
    monkeypatch.setattr(module, "run_load", load)
    monkeypatch.setattr(module, "build_report", lambda *a, **k: None)
    monkeypatch.setattr(module, "EmbeddedStorefront", FakeShop)
    return calls


def _console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=200), out


def test_harness_run_hands_one_run_id_to_the_journeys_and_the_load(monkeypatch, tmp_path):
    calls = _recorded(monkeypatch, run)
    console, out = _console()
    code = run.run_job(console, RunSettings(markets="DE", reports=tmp_path, load_duration="5s", email_pattern=PATTERN))
    assert code == 0, out.getvalue()
    assert [step for step, _ in calls] == ["journeys", "load"]
    run_ids = {kw["run_id"] for _, kw in calls}
    assert len(run_ids) == 1 and None not in run_ids
    assert {kw["email_pattern"] for _, kw in calls} == {PATTERN}
    assert f"seed 1, run id {run_ids.pop()}" in out.getvalue()


def test_harness_run_takes_the_run_id_from_the_flag_or_the_environment(monkeypatch, tmp_path):
    calls = _recorded(monkeypatch, run)
    monkeypatch.setenv("HARNESS_RUN_ID", "build-77")
    monkeypatch.delenv("HARNESS_EMAIL_PATTERN", raising=False)
    console, out = _console()
    assert run.run_job(console, RunSettings(markets="DE", reports=tmp_path, load=False)) == 0, out.getvalue()
    assert calls[0][1]["run_id"] == "build-77" and calls[0][1]["email_pattern"] == "{local}+{run}-{journey}@{domain}"
    assert "run id build-77" in out.getvalue()
    assert run.run_job(console, RunSettings(markets="DE", reports=tmp_path, load=False, run_id="n8")) == 0
    assert calls[-1][1]["run_id"] == "n8"


def test_every_wave_of_a_rehearsal_walks_under_one_run_id(monkeypatch, tmp_path):
    calls = _recorded(monkeypatch, rehearse)
    monkeypatch.setattr(rehearse, "write_verdicts", lambda *a, **k: None)
    plan = tmp_path / "plan.yaml"
    plan.write_text("waves: [{markets: [DE]}, {markets: [AT]}]\n", encoding="utf-8")
    console, out = _console()
    code = rehearse.rehearse(console, plan, Settings(run_id="wave-run", email_pattern=PATTERN), keep_going=True,
                             reports=tmp_path / "r")
    assert [step for step, _ in calls] == ["journeys", "load", "journeys", "load"], out.getvalue()
    assert {kw["run_id"] for _, kw in calls} == {"wave-run"} and {kw["email_pattern"] for _, kw in calls} == {PATTERN}
    assert code == 1  # no journey ran: no market can go
    assert json.loads((tmp_path / "r" / "rehearsal-summary.json").read_text(encoding="utf-8"))["run_id"] == "wave-run"


def test_the_pytest_command_hands_over_the_settings_whole(tmp_path):
    settings = Settings(target="http://127.0.0.1:9", markets="DE", personas=1, run_id="n7", email_pattern=PATTERN)
    cmd = journeys.pytest_command(settings, tmp_path, tmp_path / "p.jsonl")
    assert Settings.read(Path(cmd[cmd.index("--settings") + 1])) == settings
    assert "--run-id" not in cmd and "--seed" not in cmd  # nothing spelt out again as flags


UNDER_LOAD = """
import json, sys
from pathlib import Path
from types import SimpleNamespace
from harness import journey_process as journeys
from harness.load import cli
from harness.policy import load_policy
from harness.settings import Settings

started = []
journeys.start = lambda cmd, progress: started.append(cmd)
out = Path(sys.argv[1])
plan = SimpleNamespace(markets=["DE", "FR"], policy=load_policy(None), target="http://127.0.0.1:9", out=out)
handed = Settings(run_id="n7", email_pattern=sys.argv[2], adapter="tests.scenarios.partial_shops:without_support")
cli.under_load_journeys(plan, 1, out / "allure", handed)
print(json.dumps(started[0]))
"""


def test_the_journeys_walked_under_load_get_the_jobs_run_id(tmp_path):
    # In a process of its own: Locust (gevent) is not imported into a pytest process.
    done = subprocess.run([sys.executable, "-c", UNDER_LOAD, str(tmp_path), PATTERN], capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
    cmd = json.loads(done.stdout.strip().splitlines()[-1])
    walked = Settings.read(Path(cmd[cmd.index("--settings") + 1]))
    assert (walked.run_id, walked.email_pattern, walked.run_label) == ("n7", PATTERN, "under load")
    assert walked.adapter == "tests.scenarios.partial_shops:without_support"  # the run's adapter, not ours
    assert (walked.markets, walked.personas, walked.target) == ("DE", 1, "http://127.0.0.1:9")


def test_the_load_step_hands_the_run_id_to_harness_load(monkeypatch, tmp_path):
    from harness.job import steps

    started = []

    class Proc:
        def __init__(self, cmd):
            started.append(cmd)
            LoadSummary(verdict="green", passed=True, said="green").write(tmp_path / "load-summary.json")

        def wait(self):
            return 0

    monkeypatch.setattr(steps.subprocess, "Popen", Proc)
    console, _ = _console()
    handed = Settings(target="http://127.0.0.1:9", run_id="n7", email_pattern=PATTERN, adapter="acme.shop:make_shop")
    steps.run_load(console, handed, ["DE"], shape="steady", users=1, duration="5s", results_dir=tmp_path,
                   reports=tmp_path, under_load=1)
    cmd = started[0]
    # the load phase acts through the run's adapter, and walks journeys under its run id
    assert Settings.read(Path(cmd[cmd.index("--settings") + 1])) == handed
