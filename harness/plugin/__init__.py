"""The harness's pytest plugin (entry point `pytest11: regional_harness`).

It builds on pytest-playwright: the browser, context and page fixtures are pytest-playwright's;
this plugin says how Chromium is launched (`browser_type_launch_args`, `launch_browser` for a
remote browser) and how each persona's context is set up (`browser_context_args`). Journeys ask
for `customer`: an actor for one persona, parametrized over the markets and personas chosen
with --markets, --personas-per-market, --seed and --persona.

Inert in test runs that use none of its fixtures (the storefront's own suite): nothing starts
until a journey asks for it.
"""
from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

from ..errors import UserInputError
from .options import JOURNEYS, add_options, emails_given, register_markers, run_id
from .selection import check_options, personas_for

ACTOR = pytest.StashKey[object]()  # the journey's Actor: its findings and its checks' outcomes
FINISH = pytest.StashKey[object]()
CHECKED = pytest.StashKey[list]()  # (market, check outcomes) of every journey, on the controller


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    _CONFIG["config"] = config
    register_markers(config)
    _import_hypothesis_now()
    if _harness_options_given(config):
        try:  # refused before collection, so a typo costs no browser start
            check_options(config)
        except UserInputError as exc:
            raise pytest.UsageError(str(exc)) from None
    # Registered now, after every entry-point plugin, so that these fixtures override
    # pytest-playwright's of the same name (a later plugin's fixture wins).
    if not config.pluginmanager.has_plugin("regional_harness_fixtures"):
        config.pluginmanager.register(importlib.import_module("harness.plugin.fixtures"), "regional_harness_fixtures")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """Every xdist worker walks under the controller's run id (each e-mail address carries it)."""
    node.workerinput["harness_run_id"] = run_id(node.config)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """One JSON line per finished journey in --progress-file (written by the controller only,
    which sees every xdist worker's reports)."""
    config = _CONFIG.get("config")
    if config is None or hasattr(config, "workerinput"):
        return
    crashed = report.failed and "crashed while running" in (report.longreprtext or "")
    if report.outcome == "rerun" or (not crashed and report.when != "call" and (report.when != "setup" or report.passed)):
        return
    persona = re.search(r"\[(?:[a-z]+-)?([A-Z]{2}-\d{4,})\]$", report.nodeid)
    journey = next((j.replace("_", "-") for j in JOURNEYS if j in report.keywords), "journey")
    path = config.getoption("--progress-file")
    broken = report.failed and (report.when == "setup" or crashed or dict(report.user_properties).get("harness_broken"))
    outcome = "broken" if broken else report.outcome
    checks = getattr(report, "harness_checks", [])
    market = persona.group(1)[:2] if persona else ""
    if checks and market:
        from ..coverage import scenario_of

        config.stash.setdefault(CHECKED, []).append((market, scenario_of(report.nodeid), checks))
    line = {"nodeid": report.nodeid, "journey": journey, "persona": persona.group(1) if persona else "",
            "market": market, "outcome": outcome, "message": _message(report), "checks": checks}
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    if crashed:
        _crashed_result(config, report, line)


def _message(report: pytest.TestReport) -> str:
    if report.passed:
        return ""
    if report.skipped and isinstance(report.longrepr, tuple):  # (file, line, "Skipped: why")
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    return (report.longreprtext or "").strip()[-2000:]


def _crashed_result(config: pytest.Config, report: pytest.TestReport, line: dict) -> None:
    """A worker that died (a browser or the process killed) took its journey's Allure result with
    it: the controller writes it as broken, so every journey that started is in the report."""
    import hashlib
    import time
    import uuid

    alluredir = config.getoption("--alluredir", None)
    if not alluredir:
        return
    now = int(time.time() * 1000)
    result = {"uuid": str(uuid.uuid4()), "historyId": hashlib.md5(report.nodeid.encode()).hexdigest(),
              "name": report.nodeid.rpartition("::")[2], "fullName": report.nodeid, "status": "broken",
              "statusDetails": {"message": "the test process running this journey died (its browser or the "
                                           "process was killed); the other journeys went on",
                                "trace": (report.longreprtext or "")[-4000:]},
              "stage": "finished", "start": now, "stop": now,
              "labels": [{"name": "feature", "value": line["journey"]}, {"name": "market", "value": line["market"]},
                         {"name": "persona", "value": line["persona"]}, {"name": "tag", "value": "crashed"}]}
    Path(alluredir).mkdir(parents=True, exist_ok=True)
    (Path(alluredir) / f"{result['uuid']}-result.json").write_text(json.dumps(result), encoding="utf-8")


_CONFIG: dict = {}


def _harness_options_given(config: pytest.Config) -> bool:
    """Whether any harness option differs from its default (other runs need no policy)."""
    return (config.getoption("--markets") != "all" or config.getoption("--personas-per-market") != 1
            or config.getoption("--seed") != 1 or bool(config.getoption("--persona"))
            or bool(config.getoption("--policy")) or bool(config.getoption("--egress-proxy"))
            or config.getoption("--retries") != 1 or config.getoption("--step-timeout") != 15.0
            or emails_given(config))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "persona" in metafunc.fixturenames:
        try:
            personas = personas_for(metafunc)
        except UserInputError as exc:
            raise pytest.UsageError(str(exc)) from None
        metafunc.parametrize("persona", personas, ids=[p.id for p in personas])


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Secrets never stay in what the run wrote: the Allure results, traces and the progress file
    are scrubbed once every worker is done (xdist workers leave it to the controller)."""
    config = session.config
    if hasattr(config, "workerinput"):
        return
    from ..secrets import load_secrets, scrub_tree

    secrets = load_secrets()
    for option in ("--alluredir", "--progress-file"):
        where = config.getoption(option, None)
        if where:
            scrub_tree(Path(where), secrets)
    alluredir = config.getoption("--alluredir", None)
    if alluredir:
        mark_flaky(Path(alluredir))
        checked = config.stash.get(CHECKED, None)
        if checked:
            from ..coverage import tally, write_allure
            from .selection import policy_of

            names = {code: market.name for code, market in policy_of(config).items()}
            write_allure(tally(checked), names, Path(alluredir), config.getoption("--run-label"))


def mark_flaky(alluredir: Path) -> None:
    """A journey that passed only when walked again is flaky in the report, not silently passed."""
    for path in alluredir.glob("*-result.json"):
        text = path.read_text(encoding="utf-8")
        if '"retried"' not in text:
            continue
        result = json.loads(text)
        if result.get("status") == "passed" and {"name": "tag", "value": "retried"} in result.get("labels", []):
            details = result.setdefault("statusDetails", {})
            details["flaky"] = True
            details["message"] = "passed only when walked again: a step timed out or the browser went away the first time"
            path.write_text(json.dumps(result), encoding="utf-8")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A journey that applies to none of the chosen markets is left out, not reported as skipped:
    "restricted products are refused" means nothing in a run of markets that restrict nothing."""
    from ..personas import Persona

    idle = [item for item in items if "persona" in getattr(item, "fixturenames", ())
            and not isinstance(getattr(getattr(item, "callspec", None), "params", {}).get("persona"), Persona)]
    if idle:
        config.hook.pytest_deselected(items=idle)
        items[:] = [item for item in items if item not in idle]
    retries = config.getoption("--retries")
    if retries and config.pluginmanager.has_plugin("rerunfailures"):
        for item in items:
            if "persona" in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.flaky(reruns=retries, condition=step_timed_out))


def step_timed_out(error: BaseException | None) -> bool:
    """Worth walking again: a step that timed out or a browser that went away. A failed
    expectation (a finding) is the shop's answer and is never retried."""
    from playwright.sync_api import Error, TimeoutError

    if isinstance(error, TimeoutError):
        return True
    return isinstance(error, Error) and "closed" in str(error).lower()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A journey stopped by an error rather than a finding is broken, not failed: the harness
    could not finish it, so it says nothing about the shop. Every journey's report carries its
    checks' outcomes (`harness_checks`; xdist ships report attributes to the controller)."""
    report = yield
    if call.when == "call" and report.failed and call.excinfo is not None \
            and not call.excinfo.errisinstance((AssertionError, pytest.fail.Exception)):
        report.user_properties.append(("harness_broken", True))
    actor = item.stash.get(ACTOR, None)
    if call.when == "call" and actor is not None:
        report.harness_checks = [o.as_dict() for o in actor.outcomes]
    return report


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function):
    """A journey's findings fail it at its end, all of them named; a journey that could check
    nothing is skipped with the reasons; its last screenshot and, when it failed, its Playwright
    trace go into the test's own report (not its teardown)."""
    actor = pyfuncitem.stash.get(ACTOR, None)
    failed = True
    try:
        result = yield
        failed = bool(actor and actor.findings)
    finally:
        finish = pyfuncitem.stash.get(FINISH, None)
        if finish:
            finish(failed)
    if actor is None:
        return result
    from .outcomes import not_checked, summary_of

    if actor.findings:
        target = getattr(pyfuncitem.config, "_harness_target", None)
        if target and not _answers(target):
            # What the persona "saw" was the shop going away, not the shop's promises: broken.
            raise TargetGone(f"the target {target} stopped answering during the journey; its findings "
                             f"would be about an error page: {actor.findings[0]}")
        pytest.fail("\n".join(str(f) for f in actor.findings), pytrace=False)
    unchecked = not_checked(actor)
    if unchecked:
        from ..screenplay import report as allure_report

        allure_report.text("\n".join(unchecked), "not checked")
    if not any(o.status == "passed" for o in actor.outcomes):
        raise pytest.skip.Exception(summary_of(actor), _use_item_location=True)
    return result


class TargetGone(RuntimeError):
    pass


def _answers(url: str) -> bool:
    import httpx

    try:
        httpx.get(url, timeout=5)
        return True
    except httpx.HTTPError:
        return False


def _import_hypothesis_now() -> None:
    """Hypothesis' plugin imports the library at the end of the session. On CPython 3.11.7 an
    ast.parse (pytest rewrites what it imports) after Playwright's greenlets have run can
    fail with "AST constructor recursion depth mismatch" (cpython#106905): import it first."""
    try:
        import hypothesis  # noqa: F401
        import hypothesis.internal.observability  # noqa: F401
    except ImportError:
        pass


def journey_of(item: pytest.Item) -> str:
    for journey in JOURNEYS:
        if item.get_closest_marker(journey):
            return journey.replace("_", "-")
    return "journey"
