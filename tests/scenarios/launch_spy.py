"""A pytest plugin for a test's journeys run (`-p tests.scenarios.launch_spy`): writes the keyword
arguments of every browser launch, as Playwright got them, to $HARNESS_TEST_LAUNCH_SPY (a JSON line
each), so a test can tell how the browser that walked was started."""
from __future__ import annotations

import json
import os

from playwright.sync_api import BrowserType

_launch = BrowserType.launch


def _spied(self, **kwargs):
    with open(os.environ["HARNESS_TEST_LAUNCH_SPY"], "a", encoding="utf-8") as out:
        out.write(json.dumps({"engine": self.name, **{k: v for k, v in kwargs.items() if k != "env"}}) + "\n")
    return _launch(self, **kwargs)


BrowserType.launch = _spied
