"""What journeys put in the Allure report: steps, checks and attachments.

Safe to call with reporting off (no --alluredir): allure's API then records nothing.
"""
from __future__ import annotations

import contextlib

import allure

PLAYWRIGHT_TRACE = "application/vnd.allure.playwright-trace"  # Allure opens these inline


class _CheckFailed(AssertionError):
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
