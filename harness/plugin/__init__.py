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
import os
import re
from pathlib import Path

import pytest

from ..errors import UserInputError
from .options import DEFAULT_ADAPTER, JOURNEYS, add_options, emails_given, register_markers, run_id
from .selection import check_options, personas_for

ACTOR = pytest.StashKey[object]()  # the journey's Actor: its findings and its checks' outcomes
FINISH = pytest.StashKey[object]()
CHECKED = pytest.StashKey[list]()  # (market, check outcomes) of every journey, on the controller
PENDING = pytest.StashKey[dict]()  # nodeid -> progress line of a journey not yet torn down, on the controller
RECORDED = pytest.StashKey[dict]()  # nodeid -> progress line of every journey written, on the controller


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


@pytest.hookimpl(tryfirst=True)  # before xdist starts its workers
def pytest_sessionstart(session: pytest.Session) -> None:
    """--target is refused, before any journey starts, unless it looks like the shop the adapter
    describes (harness/adapter/probe.py); once, by the controller."""
    config = session.config
    url = config.getoption("--target")
    if not url or hasattr(config, "workerinput") or config.option.collectonly \
            or config.getoption("--browser-ws") or config.getoption("--cdp"):
        return  # a remote browser's run may have no local Chromium to probe with
    from ..target import PROBED, answers

    if not answers(url):
        return  # the target_url fixture says it is unreachable, in one line
    if os.environ.get(PROBED) == url.rstrip("/"):
        return  # the job that started this run probed it already (or started it: the embedded shop)
    refused = _probe(config, url.rstrip("/"))
    if refused:
        raise pytest.UsageError(refused)


def _probe(config: pytest.Config, url: str) -> str:
    """The probe's one line, or "" for the shop. In a process of its own: Playwright's greenlets
    must not run in this one before collection (see _import_hypothesis_now), and pytest-playwright
    starts its own Playwright here later."""
    import sys

    from ..adapter.probe import probe_in_a_process
    from .options import egress_proxies
    from .selection import policy_of

    try:
        market = policy_of(config).select(config.getoption("--markets"))[0].market
        # The same imports as here: an adapter found through pytest's rootdir or pythonpath is found there too.
        probe_in_a_process(url, adapter=config.getoption("--adapter"), policy_dir=config.getoption("--policy"),
                           market=market, seed=config.getoption("--seed"), proxy=egress_proxies(config).get(market),
                           env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)})
    except UserInputError as exc:
        return str(exc)
    return ""


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """Every xdist worker walks under the controller's run id (each e-mail address carries it)."""
    node.workerinput["harness_run_id"] = run_id(node.config)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """One JSON line per journey in --progress-file, written by the controller (which sees every
    xdist worker's reports) once the journey is over: its call's outcome, or its set-up's when
    that failed or skipped, or the crash of its test process. A process dying in a journey's
    teardown after its call updates that journey's line rather than adding a second one."""
    config = _CONFIG.get("config")
    if config is None or hasattr(config, "workerinput") or report.outcome == "rerun":
        return
    pending = config.stash.setdefault(PENDING, {})
    worker = _crashed_worker(report)
    if worker:
        _crashed(config, report, worker, pending.pop(report.nodeid, None))
    elif report.when == "call" or (report.when == "setup" and not report.passed):
        pending[report.nodeid] = _line(config, report)
    elif report.when == "teardown" and report.nodeid in pending:
        _record(config, pending.pop(report.nodeid))


def _line(config: pytest.Config, report: pytest.TestReport) -> dict:
    persona = re.search(r"\[(?:[a-z]+-)?([A-Z]{2}-\d{4,})\]$", report.nodeid)
    broken = report.failed and (report.when == "setup" or getattr(report, "harness_broken", False))
    return {"nodeid": report.nodeid, "journey": _journey(report),
            "persona": persona.group(1) if persona else "", "market": persona.group(1)[:2] if persona else "",
            "outcome": "broken" if broken else report.outcome, "message": _message(report),
            "checks": getattr(report, "harness_checks", [])}


def _journey(report: pytest.TestReport) -> str:
    """Its marker; for a crash report (xdist gives it none) the module, named after its journey."""
    module = report.nodeid.split("::")[0].rpartition("/")[2]
    return next((j.replace("_", "-") for j in JOURNEYS if j in report.keywords), None) \
        or next((j.replace("_", "-") for j in JOURNEYS if module.startswith(f"test_{j}")), "journey")


def _message(report: pytest.TestReport) -> str:
    """The journey's finding: what the worker said of it (its findings, or why it could not run)."""
    if report.passed:
        return ""
    if report.skipped and isinstance(report.longrepr, tuple):  # (file, line, "Skipped: why")
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    said = getattr(report, "harness_message", "")
    if said:
        return said
    crash = getattr(report.longrepr, "reprcrash", None)
    return (crash.message if crash else report.longreprtext or "").strip().split("\n")[0][:300]


def _record(config: pytest.Config, line: dict) -> None:
    if line["persona"]:  # a journey (the JUnit file is refiled for journeys only)
        config.stash.setdefault(RECORDED, {})[line["nodeid"]] = line
    if line["checks"] and line["market"]:
        from ..coverage import scenario_of

        config.stash.setdefault(CHECKED, []).append((line["market"], scenario_of(line["nodeid"]), line["checks"]))
    path = config.getoption("--progress-file")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")


def _crashed_worker(report: pytest.TestReport) -> str:
    """The xdist worker that died running this journey (its report is made by the controller)."""
    found = report.failed and re.search(r"worker '([^']+)' crashed while running", str(report.longrepr or ""))
    return found.group(1) if found else ""


def _crashed(config: pytest.Config, report: pytest.TestReport, worker: str, earlier: dict | None) -> None:
    """A journey whose test process died: broken, unless its call had already found something
    (a finding stands); its Allure result died with the process, so the controller writes one."""
    from .outcomes import could_not_run

    line = earlier or _line(config, report)
    who = f"{line['persona']} {line['journey']}".strip()
    if earlier is None:
        line = {**line, "outcome": "broken",
                "message": could_not_run(who, f"its test process (xdist worker {worker}) crashed while running it")}
    elif earlier["outcome"] == "passed":
        line = {**line, "outcome": "broken", "message": f"{who}: its checks passed, then its test process "
                                                        f"(xdist worker {worker}) crashed before the journey ended"}
    _record(config, line)
    _crashed_result(config, report, line)


def _crashed_result(config: pytest.Config, report: pytest.TestReport, line: dict) -> None:
    """A worker that died (a browser or the process killed) took its journey's Allure result with
    it: the controller writes it, so every journey that started is in the report."""
    import hashlib
    import time
    import uuid

    alluredir = config.getoption("--alluredir", None)
    if not alluredir:
        return
    now = int(time.time() * 1000)
    result = {"uuid": str(uuid.uuid4()), "historyId": hashlib.md5(report.nodeid.encode()).hexdigest(),
              "name": report.nodeid.rpartition("::")[2], "fullName": report.nodeid, "status": line["outcome"],
              "statusDetails": {"message": line["message"], "trace": (report.longreprtext or "")[-4000:]},
              "stage": "finished", "start": now, "stop": now,
              "labels": [{"name": "feature", "value": line["journey"]}, {"name": "market", "value": line["market"]},
                         {"name": "persona", "value": line["persona"]}, {"name": "tag", "value": "crashed"}]}
    Path(alluredir).mkdir(parents=True, exist_ok=True)
    (Path(alluredir) / f"{result['uuid']}-result.json").write_text(json.dumps(result), encoding="utf-8")


_CONFIG: dict = {}


def _harness_options_given(config: pytest.Config) -> bool:
    """Whether any harness option differs from its default (other runs need no policy)."""
    return (config.getoption("--markets") != "all" or config.getoption("--personas-per-market") is not None
            or config.getoption("--personas") is not None
            or config.getoption("--seed") != 1 or bool(config.getoption("--persona"))
            or bool(config.getoption("--policy")) or bool(config.getoption("--egress-proxy"))
            or config.getoption("--retries") != 1 or config.getoption("--step-timeout") != 15.0
            or emails_given(config) or config.getoption("--adapter") != DEFAULT_ADAPTER
            or bool(os.environ.get("HARNESS_CHROMIUM")))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "persona" in metafunc.fixturenames:
        try:
            personas = personas_for(metafunc)
        except UserInputError as exc:
            raise pytest.UsageError(str(exc)) from None
        metafunc.parametrize("persona", personas, ids=[p.id for p in personas])


@pytest.hookimpl(trylast=True)  # after junitxml has written its file
def pytest_sessionfinish(session: pytest.Session) -> None:
    """Secrets never stay in what the run wrote: the Allure results, traces and the progress file
    are scrubbed once every worker is done (xdist workers leave it to the controller). The JUnit
    file says broken journeys as errors, each journey's finding as its message."""
    config = session.config
    if hasattr(config, "workerinput"):
        return
    for line in config.stash.get(PENDING, {}).values():  # an interrupted run: journeys not torn down
        _record(config, line)
    config.stash[PENDING] = {}
    from _pytest.junitxml import xml_key  # the --junitxml writer: where it wrote, under which prefix

    junit = config.stash.get(xml_key, None)
    if junit is not None and config.stash.get(RECORDED, None) and Path(junit.logfile).exists():
        from .outcomes import refile_junit

        refile_junit(Path(junit.logfile), config.stash[RECORDED], junit.prefix)
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
            from .selection import covering_lines, policy_of

            names = {code: market.name for code, market in policy_of(config).items()}
            coverage = tally(checked)
            write_allure(coverage, names, Path(alluredir), config.getoption("--run-label"),
                         personas=covering_lines(config, list(coverage)))


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
    checks' outcomes (`harness_checks`) and, when it did not pass, its finding in words
    (`harness_message`): made here, where the exception is (xdist ships report attributes to
    the controller, not exceptions)."""
    report = yield
    actor = item.stash.get(ACTOR, None)
    if call.when == "call" and actor is not None:
        report.harness_checks = [o.as_dict() for o in actor.outcomes]
    persona = getattr(getattr(item, "callspec", None), "params", {}).get("persona")
    if report.failed and call.excinfo is not None and call.when in ("setup", "call") and persona is not None:
        error = call.excinfo.value
        report.harness_broken = call.when == "setup" or not isinstance(error, (AssertionError, pytest.fail.Exception))
        if report.harness_broken:
            _say_broken(item, report, error, call.when, persona.id)
        else:
            report.harness_message = "\n".join(str(f) for f in actor.findings) if actor and actor.findings \
                else (str(error).strip().splitlines() or [type(error).__name__])[0]
    return report


def _say_broken(item: pytest.Item, report: pytest.TestReport, error: BaseException, when: str, persona: str) -> None:
    """The one line saying why the journey could not run; a target gone takes its checks' failures with it."""
    from .outcomes import could_not_run, target_gone, unjudged, why_broken

    gone = target_gone(getattr(item.config, "_harness_target", None))
    why = gone or why_broken(error, getattr(item, "funcargs", {}).get("shop"), when)
    report.harness_message = could_not_run(f"{persona} {journey_of(item)}", why)
    if gone and hasattr(report, "harness_checks"):
        report.harness_checks = unjudged(report.harness_checks, why)


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
        from ..target import answers

        target = getattr(pyfuncitem.config, "_harness_target", None)
        if target and not answers(target):
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
