"""What the run says of its journeys, as one plugin object: `JourneyListener`, registered by
harness.plugin's pytest_configure (as allure-pytest registers its listener beside its wiring).

On each journey's test process it says, on the journey's reports, whether it failed (a finding)
or was broken (the harness could not finish it) and why, and its checks' outcomes: made there,
where the exception is (xdist ships report attributes to the controller, not exceptions). On
the controller, which sees every worker's reports, it writes the --progress-file lines, hands
each final result to pytest_harness_journey_result, writes the Allure result of a journey whose
test process died, and at the end refiles the JUnit file, scrubs secrets, marks flaky journeys
and adds the coverage grid. Its state is in the config's stash (stash.py).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from . import playwright_flags
from .allure_files import link_traces, mark_flaky, write_crashed_result
from .labels import title_result
from .outcomes import could_not_run, journey_of, refile_junit, target_gone, unjudged, why_broken
from ..results import Collected, JourneyResult, persona_of
from .options import settings_of
from .notify import tell
from .sharding import heard_from, write_manifest
from .stash import ACTOR, CHECKED, COLLECTED, PENDING, RECORDED, TARGET, WALKED_AGAIN

NAME = "regional_harness_listener"


class JourneyListener:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    @property
    def controller(self) -> bool:
        return not hasattr(self.config, "workerinput")

    # ----------------------------------------------------------------------- on the test process

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        """A journey stopped by an error rather than a finding is broken, not failed: the harness
        could not finish it, so it says nothing about the shop. Every journey's report carries
        its checks' outcomes (`harness_checks`) and, when it did not pass, its finding in words
        (`harness_message`). Its Allure result gets its title once the set-up is over."""
        if call.when == "setup":
            title_result(item, settings_of(self.config))
        report = yield
        if call.when == "teardown":
            playwright_flags.attach_kept(report)  # --tracing, --video, --screenshot: kept by pytest-playwright
        actor = item.stash.get(ACTOR, None)
        if call.when == "call" and actor is not None:
            report.harness_checks = [o.as_dict() for o in actor.outcomes]
        persona = getattr(getattr(item, "callspec", None), "params", {}).get("persona")
        if report.failed and call.excinfo is not None and call.when in ("setup", "call") and persona is not None:
            error = call.excinfo.value
            report.harness_broken = call.when == "setup" or not isinstance(error, (AssertionError, pytest.fail.Exception))
            if report.harness_broken:
                self._say_broken(item, report, error, call.when, persona.id)
            else:
                report.harness_message = "\n".join(str(f) for f in actor.findings) if actor and actor.findings \
                    else (str(error).strip().splitlines() or [type(error).__name__])[0]
        return report

    def _say_broken(self, item: pytest.Item, report: pytest.TestReport, error: BaseException, when: str,
                    persona: str) -> None:
        """The one line saying why the journey could not run; a target gone takes its checks' failures with it."""
        gone = target_gone(self.config.stash.get(TARGET, None))
        why = gone or why_broken(error, getattr(item, "funcargs", {}).get("shop"), when)
        report.harness_message = could_not_run(f"{persona} {journey_of(item)}", why)
        if gone and hasattr(report, "harness_checks"):
            report.harness_checks = unjudged(report.harness_checks, why)

    # ----------------------------------------------------------------------- on the controller

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """A journey's result once it is over: its call's outcome, or its set-up's when that
        failed or skipped, or the crash of its test process. A process dying in a journey's
        teardown after its call updates that journey's result rather than adding a second one."""
        if not self.controller:
            return
        if report.outcome == "rerun":  # a walk that failed and is walked again: what it found, for a flaky end
            if report.when in ("setup", "call"):
                self.config.stash.setdefault(WALKED_AGAIN, {})[report.nodeid] = _message(report)
            return
        pending = self.config.stash.setdefault(PENDING, {})
        worker = _crashed_worker(report)
        if worker:
            self._crashed(report, worker, pending.pop(report.nodeid, None))
        elif report.when == "call" or (report.when == "setup" and not report.passed):
            pending[report.nodeid] = _line(report)
        elif report.when == "teardown" and report.nodeid in pending:
            self._record(pending.pop(report.nodeid))

    def _record(self, line: dict) -> None:
        """A journey's final result: one JSON line in --progress-file, kept for the JUnit file
        and the coverage grid, and told to pytest_harness_journey_result."""
        config = self.config
        before = config.stash.get(WALKED_AGAIN, {}).pop(line["nodeid"], "")
        if before and line["outcome"] == "passed":
            line = {**line, "flaky": before}
        if line["persona"]:  # a journey (the JUnit file is refiled for journeys only)
            config.stash.setdefault(RECORDED, {})[line["nodeid"]] = line
        if line["checks"] and line["market"]:
            from ..coverage import scenario_of

            config.stash.setdefault(CHECKED, []).append((line["market"], scenario_of(line["nodeid"]), line["checks"]))
        result = JourneyResult(**line)
        self._progress(result.line())
        tell(config.hook, "pytest_harness_journey_result", config, line["nodeid"], result=result, config=config)

    def _progress(self, text: str) -> None:
        path = self.config.getoption("--progress-file")
        if path:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(text + "\n")

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """The journeys' count first in the progress file, so `harness run` shows its total from the start."""
        if self.controller and not self.config.pluginmanager.has_plugin("dsession"):
            self._collected(len(session.items))

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node, ids: list[str]) -> None:
        """Under xdist the workers collect (each the same journeys): the first one's count."""
        self._collected(len(ids))

    def _collected(self, count: int) -> None:
        if not self.config.stash.get(COLLECTED, False):
            self.config.stash[COLLECTED] = True
            self._progress(Collected(collected=count).model_dump_json())

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error) -> None:
        heard_from(self.config, node)  # the split a worker made, for the shard's manifest

    def _crashed(self, report: pytest.TestReport, worker: str, earlier: dict | None) -> None:
        """A journey whose test process died: broken, unless its call had already found something
        (a finding stands); its Allure result died with the process, so the controller writes one."""
        line = earlier or _line(report)
        who = f"{line['persona']} {line['journey']}".strip()
        if earlier is None:
            line = {**line, "outcome": "broken",
                    "message": could_not_run(who, f"its test process (xdist worker {worker}) crashed while running it")}
        elif earlier["outcome"] == "passed":
            line = {**line, "outcome": "broken", "message": f"{who}: its checks passed, then its test process "
                                                            f"(xdist worker {worker}) crashed before the journey ended"}
        self._record(line)
        alluredir = self.config.getoption("--alluredir", None)
        if alluredir:
            from .selection import policy_of

            policy = policy_of(self.config)
            name = policy[line["market"]].name if line["market"] in policy else None
            write_crashed_result(Path(alluredir), report.nodeid, line, report.longreprtext, name)

    @pytest.hookimpl(trylast=True)  # after junitxml has written its file
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Once every worker is done (xdist workers leave it to the controller): the journeys an
        interrupted run did not tear down are recorded; the JUnit file says broken journeys as
        errors and each journey's finding as its message; secrets never stay in what the run
        wrote (the Allure results, traces, the progress file); flaky journeys are marked; the
        coverage grid joins the Allure results."""
        if not self.controller:
            return
        config = self.config
        for line in config.stash.get(PENDING, {}).values():
            self._record(line)
        config.stash[PENDING] = {}
        self._refile_junit()
        self._scrub()
        write_manifest(config, complete=session.exitstatus != pytest.ExitCode.INTERRUPTED)
        alluredir = config.getoption("--alluredir", None)
        if alluredir:
            mark_flaky(Path(alluredir))
            link_traces(Path(alluredir))
            self._write_coverage(Path(alluredir))

    def _refile_junit(self) -> None:
        from _pytest.junitxml import xml_key  # the --junitxml writer: where it wrote, under which prefix

        junit = self.config.stash.get(xml_key, None)
        if junit is not None and self.config.stash.get(RECORDED, None) and Path(junit.logfile).exists():
            refile_junit(Path(junit.logfile), self.config.stash[RECORDED], junit.prefix)

    def _scrub(self) -> None:
        from ..secrets import load_secrets, scrub_tree

        secrets = load_secrets()
        for option in ("--alluredir", "--progress-file", "--output"):  # --output: pytest-playwright's files
            where = self.config.getoption(option, None)
            if where:
                scrub_tree(Path(where), secrets)

    def _write_coverage(self, alluredir: Path) -> None:
        checked = self.config.stash.get(CHECKED, None)
        if not checked:
            return
        from ..coverage import tally, write_allure
        from .selection import covering_lines, policy_of

        names = {code: market.name for code, market in policy_of(self.config).items()}
        coverage = tally(checked)
        write_allure(coverage, names, alluredir, settings_of(self.config).run_label,
                     personas=covering_lines(self.config, list(coverage)))


# --------------------------------------------------------------------------- a report, in a progress line


def _line(report: pytest.TestReport) -> dict:
    persona = persona_of(report.nodeid)
    broken = report.failed and (report.when == "setup" or getattr(report, "harness_broken", False))
    return {"nodeid": report.nodeid, "journey": _journey(report), "persona": persona, "market": persona[:2],
            "outcome": "broken" if broken else report.outcome, "message": _message(report),
            "checks": getattr(report, "harness_checks", [])}


def _journey(report: pytest.TestReport) -> str:
    """Its marker; for a crash report (xdist gives it none) the module, named after its journey."""
    from ..journeys import of_marker, of_test_file

    found = of_marker(report.keywords) or of_test_file(report.nodeid)
    return found.name if found else "journey"


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


def _crashed_worker(report: pytest.TestReport) -> str:
    """The xdist worker that died running this journey (its report is made by the controller)."""
    found = report.failed and re.search(r"worker '([^']+)' crashed while running", str(report.longrepr or ""))
    return found.group(1) if found else ""
