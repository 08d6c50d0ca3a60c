"""The plugin's hooks and overridable fixtures, as a user's plugin or conftest.py meets them
(docs/extending.md): a shop of its own, each finding as it is made, each journey's result on
the controller; a listener that raises neither stops the run nor changes an outcome."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .journeys import run_journeys
from ..helpers import journey_lines

pytestmark = pytest.mark.slow

HOOKPLUG = '''
import dataclasses
import json
import os
from pathlib import Path

from harness.adapter import make_shop

NOTES = Path(__file__).with_name("notes.jsonl")


def note(kind, **data):
    with open(NOTES, "a", encoding="utf-8") as fh:  # one short line per write: processes do not interleave
        fh.write(json.dumps({"kind": kind, "pid": os.getpid(),
                             "worker": os.environ.get("PYTEST_XDIST_WORKER", ""), **data}) + "\\n")


class Counted:
    """The --adapter's catalogue, each landing noted: the shop the hook returned is the one walked."""

    def __init__(self, inner):
        self.inner = inner

    def land(self, page):
        note("land")
        return self.inner.land(page)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def pytest_harness_make_shop(target_url, settings):
    note("make_shop", target_url=target_url)
    shop = make_shop(settings.adapter, target_url)
    return dataclasses.replace(shop, catalogue=Counted(shop.catalogue))


def pytest_harness_journey_result(result, config):
    note("journey_result", result=result.model_dump(), controller=not hasattr(config, "workerinput"))


def pytest_harness_finding(finding, item):
    note("finding", finding=str(finding), entry=finding.entry, nodeid=item.nodeid)


class Down:
    """A second listener whose chat and dashboard are down."""

    def pytest_harness_journey_result(self, result):
        raise ConnectionError("the dashboard is down")

    def pytest_harness_finding(self, finding):
        raise ConnectionError("the chat is down")


def pytest_configure(config):
    config.pluginmanager.register(Down(), "down_listener")
'''


@pytest.fixture
def hookplug(tmp_path, monkeypatch) -> Path:
    """A plugin module on PYTHONPATH (which pytest-xdist's workers inherit), loaded with -p hookplug;
    its notes, one JSON line per call."""
    (tmp_path / "hookplug.py").write_text(HOOKPLUG, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])))
    return tmp_path / "notes.jsonl"


def _notes(path: Path, kind: str) -> list[dict]:
    return [n for n in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if n["kind"] == kind]


def test_the_hooks_under_parallel_workers(tmp_path, hookplug, running_shop):
    run = run_journeys(tmp_path, "-p", "hookplug", "-n", "2", "-m", "service_area", "-k", "lands_in_its_market",
                       "--markets", "CH,DE", "--target", running_shop("wrong-currency"), "--retries", "0")
    failed, passed = "test_lands_in_its_market[chromium-CH-0001]", "test_lands_in_its_market[chromium-DE-0001]"
    assert run.outcomes == {failed: "failed", passed: "passed"}, run.output  # the listener that is down changed nothing
    progress = journey_lines(tmp_path / "journeys-0.jsonl")

    # the shop the hook made is the one each worker's journeys walked
    shops = _notes(hookplug, "make_shop")
    assert 1 <= len(shops) <= 2 and all(n["worker"] and n["target_url"].startswith("http://127.0.0.1:") for n in shops)
    assert len({n["pid"] for n in shops}) == len(shops), "once per test process"
    assert len(_notes(hookplug, "land")) >= 2

    # each journey's final result once, on the controller, as its progress line says it
    results = _notes(hookplug, "journey_result")
    assert sorted((n["result"] for n in results), key=lambda r: r["nodeid"]) == sorted(progress, key=lambda r: r["nodeid"])
    assert all(n["controller"] and not n["worker"] for n in results) and len({n["pid"] for n in results}) == 1
    assert {n["pid"] for n in results}.isdisjoint(n["pid"] for n in shops)

    # each finding of the failed journey, on its worker, as the reports say it
    findings = _notes(hookplug, "finding")
    said = next(line["message"] for line in progress if line["nodeid"].endswith(failed))
    assert [n["finding"] for n in findings] == said.splitlines() and len(findings) >= 1, (findings, said)
    assert all(n["nodeid"].endswith(failed) and n["entry"] == "SA-3" and n["worker"] for n in findings)

    # the listener that raised is said, once per call, in the warnings summary
    assert "HarnessHookWarning: pytest_harness_finding in down_listener raised ConnectionError: the chat is down" \
           in run.output, run.output
    assert "pytest_harness_journey_result in down_listener raised ConnectionError: the dashboard is down" in run.output


def test_a_make_shop_hook_that_raises_ends_the_run_in_one_line(tmp_path, monkeypatch, running_shop):
    (tmp_path / "noshop.py").write_text(
        "def pytest_harness_make_shop(target_url, config):\n"
        "    raise RuntimeError('no staging token in the vault')\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])))
    run = run_journeys(tmp_path, "-p", "noshop", "-m", "service_area", "-k", "lands_in_its_market", "--markets", "DE",
                       "--target", running_shop())
    assert run.returncode == 2, run.output
    assert "harness: pytest_harness_make_shop raised RuntimeError: no staging token in the vault" in run.output
    assert "noshop.py:2)" in run.output and "Traceback" not in run.output


CONFTEST = '''
import dataclasses

import pytest

from harness.policy import Policy, load_policy


@pytest.fixture(scope="session")
def policy():
    loaded = load_policy()  # what --policy would load, changed in code
    return Policy({code: market.model_copy(update={"name": f"{market.name} (next release)"})
                   for code, market in loaded.items()}, loaded.source)


@pytest.fixture
def persona(persona):
    return dataclasses.replace(persona, card_number="4000002760003184")


@pytest.fixture
def market_policy(market_policy, persona):
    return market_policy.model_copy(update={"support": None}) if persona.market == "DE" else market_policy
'''

TEST = '''
def test_sees_the_overrides(persona, market_policy, policy):
    assert persona.card_number == "4000002760003184"
    assert market_policy.market == persona.market
    assert market_policy.support is None and market_policy.name == "Germany (next release)"
    assert policy["DE"].support is not None, "market_policy changed a copy"
'''


def test_a_conftest_overrides_persona_policy_and_market_policy(tmp_path):
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "test_overrides.py").write_text(TEST, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pytest", str(tmp_path), "-q", "-p", "no:cacheprovider",
                           "--rootdir", str(tmp_path), "--markets", "DE", "--personas", "1"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout[-3000:] + done.stderr[-2000:]
