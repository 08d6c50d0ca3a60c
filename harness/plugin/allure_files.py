"""Files beside the Allure results: the run's environment and the categories of failure."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from .options import email_pattern, personas_wanted, run_id

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
    faults = config.getoption("--faults") or "none"
    env = {
        "target": target + ("" if config.getoption("--target") else f" (embedded storefront, faults: {faults})"),
        "seed": config.getoption("--seed"),
        "markets": config.getoption("--persona") or config.getoption("--markets"),
        "personas": personas_wanted(config),
        "browser": f"Chromium {browser_version}",
        "adapter": config.getoption("--adapter"),
        "run_id": run_id(config),  # in every persona's e-mail address (docs/nightly.md)
        "email_pattern": email_pattern(config),
    }
    lines = [f"{key}={str(value).replace(chr(10), ' ')}" for key, value in env.items()]
    environment = alluredir / "environment.properties"
    if config.getoption("--run-label") and environment.exists():
        return  # journeys walked again (under load, a wave) join a run that described itself
    environment.write_text("\n".join(lines) + "\n", encoding="utf-8")
