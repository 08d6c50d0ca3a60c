"""Which browser to drive and how to launch it: Chromium always (Playwright's own, else Debian's);
Firefox and WebKit only where Playwright has installed them (pytest-playwright's --browser); a
Chromium that can open a window for --headed."""
from __future__ import annotations

import os
from pathlib import Path

from .errors import UserInputError

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
DEBIAN_CANDIDATES = [Path("/usr/lib/chromium/chromium-headless-shell"), Path("/usr/bin/chromium")]


class NoChromium(UserInputError):
    """No browser to drive: the same one line and exit code 2 as any bad input, wherever it is
    found (a run's checks before anything starts, the plugin's option check, a fixture)."""


# Where `playwright install <browser>` puts each browser, under its cache.
PLAYWRIGHT_BUILDS = {
    "chromium-headless-shell": "chromium_headless_shell-*/chrome-*/headless_shell",
    "chromium": "chromium-*/chrome-linux*/chrome",
    "firefox": "firefox-*/firefox/firefox",
    "webkit": "webkit-*/pw_run.sh",
}
ENGINES = {"chromium": "Chromium", "firefox": "Firefox", "webkit": "WebKit"}  # pytest-playwright's --browser choices


def _playwright_cache() -> Path:
    return Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")


def _playwright_build(name: str) -> Path | None:
    found = sorted(_playwright_cache().glob(PLAYWRIGHT_BUILDS[name]), reverse=True)
    return found[0] if found else None


def check_video_recorder() -> None:
    """Playwright records videos with its own ffmpeg, at the revision its driver names (Linux)."""
    import json
    import sys

    import playwright

    if not sys.platform.startswith("linux"):
        return  # elsewhere `playwright install` names the file differently; Playwright says it then
    browsers = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    revision = next(b["revision"] for b in json.loads(browsers.read_text())["browsers"] if b["name"] == "ffmpeg")
    if not (_playwright_cache() / f"ffmpeg-{revision}" / "ffmpeg-linux").exists():
        raise NoChromium("--video: Playwright's ffmpeg, which records the videos, is not installed: run `playwright "
                         "install ffmpeg`, or scripts/ensure-ffmpeg to use Debian's")


def playwright_chromium(headed: bool = False) -> Path | None:
    """The browser `playwright install chromium` put in its cache, if any (its headless shell
    first, unless the browser must open a window)."""
    for name in (() if headed else ("chromium-headless-shell",)) + ("chromium",):
        found = _playwright_build(name)
        if found:
            return found
    return None


def chromium_executable(headed: bool = False) -> Path:
    """HARNESS_CHROMIUM, else Playwright's own browser, else Debian's (headless shell first; a
    full Chromium when it must open a window: the headless shell cannot)."""
    override = os.environ.get("HARNESS_CHROMIUM")
    if override:
        path = Path(override)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise NoChromium(f"HARNESS_CHROMIUM={override}: not an executable file")
        return path
    found = playwright_chromium(headed)
    if found:
        return found
    for candidate in DEBIAN_CANDIDATES:
        if headed and "headless" in candidate.name:
            continue
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    if headed:
        raise NoChromium("--headed: no Chromium that can open a window (only the headless shell): install Debian's "
                         "chromium, run `playwright install chromium`, or set HARNESS_CHROMIUM=/path")
    raise NoChromium("no Chromium found: run `make setup`, install Debian's chromium-headless-shell, or set HARNESS_CHROMIUM=/path")


def check_engine(name: str) -> None:
    """Firefox and WebKit only as Playwright builds them (its patched engines): one line when absent."""
    if name != "chromium" and _playwright_build(name) is None:
        raise NoChromium(f"--browser {name}: Playwright's {ENGINES[name]} is not installed here (`playwright "
                         f"install {name}`); Chromium is always available (leave --browser out)")


def check_display() -> None:
    """A headed browser needs a screen: one line instead of a launch that fails in every worker."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise NoChromium("--headed: no display to open the browser on (DISPLAY is not set): run under "
                         "`xvfb-run -a`, or leave --headed out")


def launch_options(headless: bool = True, engine: str = "chromium") -> dict:
    """Playwright's `launch` arguments. Firefox and WebKit: Playwright's own builds, as they come."""
    if engine != "chromium":
        return {"headless": headless}
    return {"executable_path": str(chromium_executable(headed=not headless)), "headless": headless,
            "args": list(LAUNCH_ARGS)}
