"""Hook specifications of the harness plugin, for conftest.py files and plugins that want to know
what the journeys find or bring their own shop (docs/extending.md has an example of each).

Where they run: with pytest-xdist (`-n`), the *controller* is the process that hands journeys
out and sees every worker's reports; each *worker* is a test process that walks journeys in its
own browser. Without xdist the one process is both.

Errors: an implementation of a notification hook (`pytest_harness_finding`,
`pytest_harness_journey_result`) that raises does not change any journey's outcome nor stop
the run; it is reported as a `HarnessHookWarning` in pytest's warnings summary, naming the
implementation, and the other implementations are still called (each is called on its own, so
hook wrappers of these two are not called). An implementation of
`pytest_harness_make_shop` that raises ends the run before any journey, in one line, as a bad
--adapter does: without a shop no journey can be walked.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ..results import JourneyResult
    from ..screenplay import Finding
    from ..settings import Settings
    from ..shop import Shop


@pytest.hookspec
def pytest_harness_finding(finding: Finding, item: pytest.Item) -> None:
    """Called for each finding of a journey (an expectation of its market's policy the shop did
    not meet), when the journey ends and before it is failed with them all; e.g. to post the
    finding to a chat channel as soon as it is made.

    Not called for a journey whose target stopped answering before it ended: what it saw was an
    error page, so its findings say nothing about the shop (the journey is broken instead). Not
    called for checks that could not be made: they are not findings.

    :param finding: The finding: `finding.persona`, `finding.journey`, `finding.entry` (its
        failure-catalogue id, e.g. "SA-3") and `finding.text`; `str(finding)` is the line the
        reports show ("CH-0001 service-area: expected currency CHF, ... (SA-3)").
    :param item: The journey's test item; `item.nodeid` names it in the reports.

    The return value is ignored.

    Runs on: the journey's test process (an xdist worker under `-n`). A conftest.py
    implementation is called for the journeys under its directory only.
    """


@pytest.hookspec
def pytest_harness_journey_result(result: JourneyResult, config: pytest.Config) -> None:
    """Called once per journey when its result is final: after its teardown, or when its test
    process died, or at the end of an interrupted run for a journey not torn down; never for a
    walk that is repeated (a retried step timeout). E.g. to send each result to a dashboard as
    the run goes.

    :param result: The journey's result (harness.results.JourneyResult, frozen), its line in
        --progress-file: `nodeid`, `journey`, `persona`, `market`, `outcome` (passed, failed,
        broken or skipped), `message` (its findings, or why it could not run or check anything)
        and `checks` (each check's outcome); `result.model_dump()` as a dict.
    :param config: The pytest config.

    The return value is ignored.

    Runs on: the controller, which sees every worker's journeys, so one implementation sees the
    whole run. Not on xdist workers.
    """


@pytest.hookspec(firstresult=True)
def pytest_harness_make_shop(target_url: str, settings: Settings, config: pytest.Config) -> Shop | None:
    """Called once per test process, by the session-scoped `shop` fixture, to build the adapter
    every journey drives; e.g. to wrap the --adapter's shop in one that records or slows its
    calls, or to switch capabilities off (`Shop.without`).

    :param target_url: The shop under test (--target, or the embedded storefront's URL),
        without a trailing slash.
    :param settings: The run's settings (harness.settings.Settings): `settings.adapter` is the
        adapter asked for, whether by --adapter or by the --settings file `harness run` hands over.
    :param config: The pytest config.

    :return: A `harness.shop.Shop`, used instead of building the --adapter; or None to leave it
        to the next implementation. Stops at the first non-None result; the harness's own
        implementation comes last and builds the --adapter's shop
        (`harness.adapter.make_shop(settings.adapter, target_url)`, which yours may call to wrap it).

    Runs on: every test process (each xdist worker builds its own shop); never on an xdist
    controller, which walks no journey.
    """
