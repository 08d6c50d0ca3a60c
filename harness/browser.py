"""Which Chromium to drive and how to launch it."""
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


def playwright_chromium() -> Path | None:
    """The browser `playwright install chromium` put in its cache, if any."""
    root = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    for pattern in ("chromium_headless_shell-*/chrome-*/headless_shell", "chromium-*/chrome-linux*/chrome"):
        found = sorted(root.glob(pattern), reverse=True)
        if found:
            return found[0]
    return None


def chromium_executable() -> Path:
    """HARNESS_CHROMIUM, else Playwright's own browser, else Debian's (headless shell first)."""
    override = os.environ.get("HARNESS_CHROMIUM")
    if override:
        path = Path(override)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise NoChromium(f"HARNESS_CHROMIUM={override}: not an executable file")
        return path
    found = playwright_chromium()
    if found:
        return found
    for candidate in DEBIAN_CANDIDATES:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise NoChromium("no Chromium found: run `make setup`, install Debian's chromium-headless-shell, or set HARNESS_CHROMIUM=/path")


def launch_options(headless: bool = True) -> dict:
    return {"executable_path": str(chromium_executable()), "headless": headless, "args": list(LAUNCH_ARGS)}
