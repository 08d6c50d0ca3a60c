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
from .options import JOURNEYS, add_options, register_markers
from .selection import check_options, personas_for

FINDINGS = pytest.StashKey[list]()
FINISH = pytest.StashKey[object]()


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


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """One JSON line per finished journey in --progress-file (written by the controller only,
    which sees every xdist worker's reports)."""
    config = _CONFIG.get("config")
    path = config and config.getoption("--progress-file")
    if not path or hasattr(config, "workerinput"):
        return
    if report.when != "call" and (report.when != "setup" or report.passed):
        return
    persona = re.search(r"\[(?:[a-z]+-)?([A-Z]{2}-\d{4,})\]$", report.nodeid)
    journey = next((j.replace("_", "-") for j in JOURNEYS if j in report.keywords), "journey")
    outcome = "broken" if report.when == "setup" and report.failed else report.outcome
    line = {"nodeid": report.nodeid, "journey": journey, "persona": persona.group(1) if persona else "",
            "market": persona.group(1)[:2] if persona else "", "outcome": outcome,
            "message": (report.longreprtext or "").strip()[-2000:] if not report.passed else ""}
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line, ensure_ascii=False) + "\n")


_CONFIG: dict = {}


def _harness_options_given(config: pytest.Config) -> bool:
    """Whether any harness option differs from its default (other runs need no policy)."""
    return (config.getoption("--markets") != "all" or config.getoption("--personas-per-market") != 1
            or config.getoption("--seed") != 1 or bool(config.getoption("--persona"))
            or bool(config.getoption("--policy")) or bool(config.getoption("--egress-proxy")))


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
    if os.environ.get("HARNESS_KEEP_TRACES"):
        scrub_tree(Path(os.environ["HARNESS_KEEP_TRACES"]), secrets)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A journey that applies to none of the chosen markets is left out, not reported as skipped:
    "restricted products are refused" means nothing in a run of markets that restrict nothing."""
    from ..personas import Persona

    idle = [item for item in items if "persona" in getattr(item, "fixturenames", ())
            and not isinstance(getattr(getattr(item, "callspec", None), "params", {}).get("persona"), Persona)]
    if idle:
        config.hook.pytest_deselected(items=idle)
        items[:] = [item for item in items if item not in idle]


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function):
    """A journey's findings fail it at its end, all of them named; its last screenshot and, when
    it failed, its Playwright trace go into the test's own report (not its teardown)."""
    findings = pyfuncitem.stash.get(FINDINGS, None)
    failed = True
    try:
        result = yield
        failed = bool(findings)
    finally:
        finish = pyfuncitem.stash.get(FINISH, None)
        if finish:
            finish(failed)
    if findings:
        pytest.fail("\n".join(str(f) for f in findings), pytrace=False)
    return result


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
