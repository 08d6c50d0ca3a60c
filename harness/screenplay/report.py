"""What journeys put in the Allure report: steps, checks and attachments.

Safe to call with reporting off (no --alluredir): allure's API then records nothing.
"""
from __future__ import annotations

import contextlib

import allure
import pytest

PLAYWRIGHT_TRACE = "application/vnd.allure.playwright-trace"  # Allure opens these inline


class _CheckFailed(AssertionError):
    pass


class _NotChecked(pytest.skip.Exception):  # allure marks a step ended by a skip as skipped
    pass


def step(title: str):
    return allure.step(title)


def check(text: str, ok: bool) -> None:
    """A check as a step of its own, marked failed in the report when not met (the journey
    goes on: findings are collected and fail the test at its end)."""
    mark = "✓" if ok else "✗"
    with contextlib.suppress(_CheckFailed):
        with allure.step(f"{mark} {text}"):
            if not ok:
                raise _CheckFailed(text)


@contextlib.contextmanager
def check_step(outcome):
    """One check as a step holding its comparisons, ended as `outcome` says once the body has
    filled it in: failed with its findings, skipped when it was not checked (the reason as a step
    of its own), passed otherwise."""
    with contextlib.suppress(_CheckFailed, _NotChecked):
        with allure.step(f"check: {outcome.check}"):
            yield
            name = outcome.check
            if outcome.status == "passed":
                return
            if outcome.status == "failed":
                raise _CheckFailed(name)
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
