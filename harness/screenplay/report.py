"""What journeys put in the Allure report: steps, checks and attachments.

Safe to call with reporting off (no --alluredir): allure's API then records nothing.
"""
from __future__ import annotations

import contextlib

import allure
import pytest

from ..report import PLAYWRIGHT_TRACE  # the type Allure shows a trace by


class Finding(AssertionError):
    """How a failed check's step ends: Allure shows its status details as "Finding: <the finding,
    with its catalogue entry>". Its module is "builtins", as for pytest's own Failed and Skipped,
    so that no module path comes before the word."""

    __module__ = "builtins"


class _NotChecked(pytest.skip.Exception):  # allure marks a step ended by a skip as skipped
    pass


def step(title: str):
    return allure.step(title)


def check(text: str, ok: bool, finding: str = "") -> None:
    """A check as a step of its own, marked failed in the report when not met, with `finding`
    (the finding it filed: "DE-0001 checkout: expected tax 19 %, the order shows 0 % (AS-5)") as
    what went wrong (the journey goes on: findings are collected and fail the test at its end)."""
    mark = "✓" if ok else "✗"
    with contextlib.suppress(Finding):
        with allure.step(f"{mark} {text}"):
            if not ok:
                raise Finding(finding or text)


@contextlib.contextmanager
def check_step(outcome):
    """One check as a step holding its comparisons, ended as `outcome` says once the body has
    filled it in: failed with its findings (each on its line, as the journey's result says them),
    skipped when it was not checked (the reason as a step of its own), passed otherwise."""
    with contextlib.suppress(Finding, _NotChecked):
        with allure.step(f"check: {outcome.check}"):
            yield
            if outcome.status == "passed":
                return
            if outcome.status == "failed":
                raise Finding("\n".join(str(f) for f in outcome.findings) or outcome.check)
            with allure.step(f"{outcome.status}: {outcome.why}"):
                pass
            raise _NotChecked(f"{outcome.status}: {outcome.why}")


def not_done(text: str) -> None:
    """A task the journey left out (the adapter cannot do it, or the journey stopped before)."""
    with contextlib.suppress(_NotChecked):
        with allure.step(text):
            raise _NotChecked(text)


def screenshot(page, name: str) -> None:
    """A picture of the page at a milestone of the journey."""
    try:
        # JPEG: several times cheaper for Chromium to encode than PNG, and plenty to see a page by.
        picture = page.screenshot(full_page=False, timeout=5000, type="jpeg", quality=70)
    except Exception:  # a page that cannot be pictured must not end the journey
        return
    allure.attach(picture, name=name, attachment_type=allure.attachment_type.JPG)


def text(body: str, name: str) -> None:
    allure.attach(body, name=name, attachment_type=allure.attachment_type.TEXT)


def trace(path: str, name: str = "Playwright trace") -> None:
    allure.attach.file(path, name=name, attachment_type=PLAYWRIGHT_TRACE, extension="zip")
