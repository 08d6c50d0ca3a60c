"""pytest-playwright's own flags, as the journeys honour them: --browser, --headed, --slowmo,
--browser-channel, --tracing, --video, --screenshot, --output and --base-url.

The browser, context and page are pytest-playwright's fixtures, so its recorder keeps the traces,
videos and screenshots the flags ask for in --output, one folder per walk. This module says how
the harness's launch and each persona's context take the flags, refuses in one line what cannot
be honoured here (an engine Playwright has not installed, a window without a display), and hands
the kept files to the journey's Allure result.
"""
from __future__ import annotations

from pathlib import Path

import allure
import pytest

from .. import browser as engines
from ..errors import UserInputError
from ..screenplay.report import PLAYWRIGHT_TRACE

# pytest-playwright's flags the harness reads, and their defaults there
DEFAULTS = {"--browser": [], "--headed": False, "--slowmo": 0, "--browser-channel": None, "--tracing": "off",
            "--video": "off", "--screenshot": "off"}
# what pytest-playwright names each kept file on the teardown report, and how Allure shows it
ARTIFACTS = {
    "playwright_trace": ("Playwright trace", PLAYWRIGHT_TRACE, "zip"),
    "playwright_video": ("video", allure.attachment_type.WEBM.mime_type, "webm"),
    "playwright_screenshot": ("screenshot (--screenshot)", allure.attachment_type.PNG.mime_type, "png"),
}


def given(config: pytest.Config) -> bool:
    """Whether any of pytest-playwright's flags differs from its default (worth checking early)."""
    return any(config.getoption(flag, default) != default for flag, default in DEFAULTS.items()) \
        or bool(config.getoption("--base-url", None))


def check(config: pytest.Config, remote: bool) -> None:
    """What the flags ask for exists here; a remote browser (--browser-ws, --cdp) is its own."""
    slowmo = config.getoption("--slowmo", 0)
    if slowmo < 0:
        raise UserInputError(f"--slowmo {slowmo}: give the milliseconds to wait before each action, 0 or more")
    if remote:
        return
    if config.getoption("--video", "off") != "off":
        engines.check_video_recorder()
    chosen = config.getoption("--browser", None) or ["chromium"]
    for engine in chosen:
        engines.check_engine(engine)
    if config.getoption("--headed", False):
        engines.check_display()
        if "chromium" in chosen and not config.getoption("--browser-channel", None):
            engines.chromium_executable(headed=True)


def launch_args(config: pytest.Config, engine: str) -> dict:
    """Playwright's `launch` arguments for `engine`: the harness's Chromium (or a --browser-channel
    one), headless unless --headed, slowed by --slowmo."""
    options = engines.launch_options(headless=not config.getoption("--headed", False), engine=engine)
    channel = config.getoption("--browser-channel", None)
    if channel and engine == "chromium":
        options.pop("executable_path")
        options["channel"] = channel
    slowmo = config.getoption("--slowmo", 0)
    return {**options, **({"slow_mo": slowmo} if slowmo else {})}


def context_args(config: pytest.Config, artifacts_folder: str) -> dict:
    """What --video adds to each persona's context: pytest-playwright's recorder keeps the file."""
    return {"record_video_dir": artifacts_folder} if config.getoption("--video", "off") != "off" else {}


def traced_by_pytest_playwright(config: pytest.Config) -> bool:
    """--tracing on or retain-on-failure: pytest-playwright traces every context itself (the harness
    then starts no trace of its own: a context has one)."""
    return config.getoption("--tracing", "off") != "off"


def attach_kept(report: pytest.TestReport) -> None:
    """The files pytest-playwright kept for this walk (named on its teardown report) into the
    journey's Allure result."""
    for name, path in report.user_properties:
        shown = ARTIFACTS.get(name)
        if shown and Path(path).is_file():
            title, mime, extension = shown
            allure.attach.file(str(path), name=title, attachment_type=mime, extension=extension)
