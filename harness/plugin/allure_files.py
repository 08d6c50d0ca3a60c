"""What the plugin writes among the Allure results itself: the run's environment and the
categories of failure beside them; the result of a journey whose test process died; and the
flaky mark on journeys that passed only when walked again."""
from __future__ import annotations

import hashlib
import json
import time
import uuid
from pathlib import Path

import pytest

from .options import settings_of

# Product defects by failure-catalogue area (every finding ends with its entry, e.g. "(SA-3)"),
# then what is not the product's fault: an unreachable shop, and the harness itself.
CATEGORIES = [
    {"name": "Service area defects (SA)", "matchedStatuses": ["failed"], "messageRegex": r"(?s).*\(SA-\d+\).*"},
    {"name": "Support and communication defects (CS)", "matchedStatuses": ["failed"], "messageRegex": r"(?s).*\(CS-\d+\).*"},
    {"name": "Broken after-sales promises (AS)", "matchedStatuses": ["failed"], "messageRegex": r"(?s).*\(AS-\d+\).*"},
    {"name": "Customer data defects (PD)", "matchedStatuses": ["failed"], "messageRegex": r"(?s).*\(PD-\d+\).*"},
    {"name": "Capacity defects (CP)", "matchedStatuses": ["failed"], "messageRegex": r"(?s).*\(CP-\d+\).*"},
    {"name": "Target unreachable", "matchedStatuses": ["broken", "failed"],
     "messageRegex": r"(?s).*(ERR_CONNECTION_REFUSED|ECONNREFUSED|ConnectError|unreachable|ERR_PROXY_CONNECTION_FAILED|ERR_EMPTY_RESPONSE).*"},
    {"name": "Harness errors", "matchedStatuses": ["broken"]},
]


def write_report_files(alluredir: Path, config: pytest.Config, target: str, browser_version: str) -> None:
    alluredir.mkdir(parents=True, exist_ok=True)
    (alluredir / "categories.json").write_text(json.dumps(CATEGORIES, indent=2), encoding="utf-8")
    settings = settings_of(config)
    faults = ",".join(settings.faults) or "none"
    env = {
        "target": target + ("" if settings.target else f" (embedded storefront, faults: {faults})"),
        "seed": settings.seed,
        "markets": settings.persona or settings.markets,
        "personas": settings.personas,
        "browser": f"Chromium {browser_version}",
        "adapter": settings.adapter,
        "run_id": settings.run_id,  # in every persona's e-mail address (docs/nightly.md)
        "email_pattern": settings.email_pattern,
    }
    lines = [f"{key}={str(value).replace(chr(10), ' ')}" for key, value in env.items()]
    environment = alluredir / "environment.properties"
    if settings.run_label and environment.exists():
        return  # journeys walked again (under load, a wave) join a run that described itself
    environment.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_crashed_result(alluredir: Path, report: pytest.TestReport, line: dict) -> None:
    """A worker that died (a browser or the process killed) took its journey's Allure result with
    it: the controller writes one from the journey's progress line, so every journey that
    started is in the report."""
    now = int(time.time() * 1000)
    result = {"uuid": str(uuid.uuid4()), "historyId": hashlib.md5(report.nodeid.encode()).hexdigest(),
              "name": report.nodeid.rpartition("::")[2], "fullName": report.nodeid, "status": line["outcome"],
              "statusDetails": {"message": line["message"], "trace": (report.longreprtext or "")[-4000:]},
              "stage": "finished", "start": now, "stop": now,
              "labels": [{"name": "feature", "value": line["journey"]}, {"name": "market", "value": line["market"]},
                         {"name": "persona", "value": line["persona"]}, {"name": "tag", "value": "crashed"}]}
    alluredir.mkdir(parents=True, exist_ok=True)
    (alluredir / f"{result['uuid']}-result.json").write_text(json.dumps(result), encoding="utf-8")


def mark_flaky(alluredir: Path) -> None:
    """A journey that passed only when walked again is flaky in the report, not silently passed."""
    for path in alluredir.glob("*-result.json"):
        text = path.read_text(encoding="utf-8")
        if '"retried"' not in text:
            continue  # most results: no need to parse them
        result = json.loads(text)
        if result.get("status") == "passed" and {"name": "tag", "value": "retried"} in result.get("labels", []):
            details = result.setdefault("statusDetails", {})
            details["flaky"] = True
            details["message"] = "passed only when walked again: a step timed out or the browser went away the first time"
            path.write_text(json.dumps(result), encoding="utf-8")
