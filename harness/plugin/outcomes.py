"""How a journey's outcome is decided and said: its findings fail it at its end, a journey that
could check nothing is skipped, one that could not run is broken with why; what may be walked
again; and the JUnit file saying it all."""
from __future__ import annotations

import pytest

from ..screenplay import NOT_CHECKED, NOT_PROMISED, Actor
from .stash import TARGET


def journey_of(item: pytest.Item) -> str:
    """The journey an item walks ("service-area"), by its marker."""
    from ..journeys import of_marker

    found = of_marker({mark.name for mark in item.iter_markers()})
    return found.name if found else "journey"


# --------------------------------------------------------------------------- the end of a journey


class TargetGone(RuntimeError):
    """Not an AssertionError, so the journey is broken, not failed."""


def end_journey(item: pytest.Item, actor: Actor) -> None:
    """Once a journey has walked: its findings fail it, all of them named, each told first to
    pytest_harness_finding; a journey that could check nothing is skipped with the reasons; the
    checks it could not make go into its report."""
    if actor.findings:
        from ..target import answers

        target = item.config.stash.get(TARGET, None)
        if target and not answers(target):
            # What the persona "saw" was the shop going away, not the shop's promises: broken.
            raise TargetGone(f"the target {target} stopped answering during the journey; its findings "
                             f"would be about an error page: {actor.findings[0]}")
        from .notify import tell

        for finding in actor.findings:
            # item.ihook: a conftest.py hears of the journeys under its directory only
            tell(item.ihook, "pytest_harness_finding", item.config, item.nodeid, finding=finding, item=item)
        pytest.fail("\n".join(str(f) for f in actor.findings), pytrace=False)
    unchecked = not_checked(actor)
    if unchecked:
        from ..screenplay import report as allure_report

        allure_report.text("\n".join(unchecked), "not checked")
    if not any(o.status == "passed" for o in actor.outcomes):
        raise pytest.skip.Exception(summary_of(actor), _use_item_location=True)


def not_checked(actor: Actor) -> list[str]:
    """One line per check not made, or made without one of its parts:
    "DE checkout: confirmation e-mail not checked: the adapter reads no mailbox"."""
    who = f"{actor.persona.market} {actor.journey}"
    lines = [f"{who}: {o.check} not checked: {o.why}" for o in actor.outcomes if o.status == NOT_CHECKED]
    lines += [f"{who}: {o.check}: {gap} (not checked)" for o in actor.outcomes for gap in o.gaps]
    return lines


def summary_of(actor: Actor) -> str:
    """Why a journey checked nothing, on one line: each reason once, with the checks it stopped."""
    by_reason: dict[str, list[str]] = {}
    for o in actor.outcomes:
        if o.status in (NOT_CHECKED, NOT_PROMISED):
            reason = o.why if o.status == NOT_CHECKED else f"not promised: {o.why}"
            by_reason.setdefault(reason, []).append(o.check)
    said = "; ".join(f"{why} ({', '.join(checks)})" for why, checks in by_reason.items()) or "it has no checks"
    return f"{actor.persona.market} {actor.journey}: nothing checked: {said}"


# --------------------------------------------------------------------------- a journey that could not run


def worth_walking_again(item: pytest.Item, error: BaseException | None) -> bool:
    """Whether a journey that failed or broke is walked again (pytest-rerunfailures' condition):
    yes, up to --retries times, with the same persona (the first walk again fully traced: a pass
    then makes it flaky); not when the target stopped answering, as the walk would only time out
    on it again."""
    if isinstance(error, TargetGone):
        return False
    return not target_gone(item.config.stash.get(TARGET, None))


def could_not_run(who: str, why: str) -> str:
    """A broken journey's finding, on one line: "DE-0001 checkout: could not run: the browser crashed"."""
    return f"{who}: could not run: {why}"


def target_gone(target: str | None) -> str:
    """"the target URL stopped answering", or "" while it answers: a journey broken then saw the
    target going away, whatever its adapter raised."""
    from ..target import answers

    return f"the target {target} stopped answering" if target and not answers(target) else ""


def why_broken(error: BaseException, shop, when: str = "call") -> str:
    """Why a journey could not run, in one sentence, for whoever reads the findings: the browser
    gone, or the adapter's (or else the harness's) own exception, named by its type and message.
    The traceback stays in the Allure result."""
    gone = _browser_gone(error)
    if gone:
        return gone
    raised, method = _adapter_call(error, shop)
    if method:
        return f"the adapter's {method} raised {_said(raised)}"
    where = _where(error)
    return f"{'setting up the journey' if when == 'setup' else 'the harness'} raised {_said(error)}" \
           + (f" ({where})" if where else "")


def unjudged(checks: list[dict], why: str) -> list[dict]:
    """A journey's checks once its target went away: what failed was judged on an error page, not
    the shop, so it is not checked, with why (the coverage grid must not fail the shop for it)."""
    return [{**c, "status": NOT_CHECKED, "why": why, "failed_entries": []} if c["status"] == "failed" else c
            for c in checks]


def _browser_gone(error: BaseException) -> str:
    from playwright.sync_api import Error

    if not isinstance(error, Error):
        return ""
    text = str(error).lower()
    if "crash" in text:
        return "the browser crashed"
    # Playwright's words for a page, context or browser that is no longer there (not a network
    # error such as net::ERR_CONNECTION_CLOSED).
    if any(words in text for words in ("has been closed", "browser closed", "disconnected", "connection closed")):
        return "the browser closed"
    return ""


_PARTS = ("catalogue", "checkout", "account", "mailbox", "support", "aftersales")  # harness.shop.Shop's parts


def _adapter_call(error: BaseException, shop) -> tuple[BaseException | None, str]:
    """The exception an adapter method raised and the method ("catalogue.land"): the outermost
    frame whose `self` is one of the shop's parts, through the chain of causes."""
    parts = {id(part): name for name in _PARTS if (part := getattr(shop, name, None)) is not None}
    seen = set()
    while error is not None and id(error) not in seen and parts:
        seen.add(id(error))
        tb = error.__traceback__
        while tb is not None:
            owner = tb.tb_frame.f_locals.get("self")
            if id(owner) in parts:
                return error, f"{parts[id(owner)]}.{tb.tb_frame.f_code.co_name}"
            tb = tb.tb_next
        error = error.__cause__ or error.__context__
    return None, ""


def _said(error: BaseException) -> str:
    text = " ".join(str(error).strip().splitlines()[:1])[:200]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _where(error: BaseException) -> str:
    """The innermost line of the project's own code the error came through: `harness/x.py:12`."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found = ""
    tb = error.__traceback__
    while tb is not None:
        path = Path(tb.tb_frame.f_code.co_filename)
        if root in path.parents and ".venv" not in path.parts and "site-packages" not in path.parts:
            found = f"{path.relative_to(root)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


# --------------------------------------------------------------------------- JUnit


def refile_junit(path, journeys: dict[str, dict], prefix: str | None = None) -> None:
    """pytest's junitxml files every exception in a test's call as a <failure>; a broken journey
    is the harness's or the target's problem, not the shop's, so it becomes an <error>. Every
    journey's <failure>, <error> or <skipped> carries its finding as the message, and the
    traceback pytest wrote stays as the element's text. `journeys`: nodeid -> progress line."""
    import xml.etree.ElementTree as ET

    from _pytest.junitxml import mangle_test_address  # pytest's own naming of a test case

    def key(nodeid: str) -> tuple[str, str]:
        names = mangle_test_address(nodeid)
        return ".".join(([prefix] if prefix else []) + names[:-1]), names[-1]

    wanted = {key(nodeid): line for nodeid, line in journeys.items() if line["outcome"] != "passed"}
    tree = ET.parse(path)
    for suite in tree.getroot().iter("testsuite"):
        moved = 0
        for case in suite.iter("testcase"):
            line = wanted.get((case.get("classname", ""), case.get("name", "")))
            said = next((node for node in case if node.tag in ("failure", "error", "skipped")), None)
            if line is None or said is None:
                continue
            if line["outcome"] == "broken" and said.tag == "failure":
                said.tag = "error"
                moved += 1
            said.set("message", line["message"])
        if moved:
            suite.set("failures", str(int(suite.get("failures", "0")) - moved))
            suite.set("errors", str(int(suite.get("errors", "0")) + moved))
    tree.write(path, encoding="utf-8", xml_declaration=True)
