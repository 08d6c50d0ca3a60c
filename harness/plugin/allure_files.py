"""What the plugin writes among the Allure results itself: the run's environment and the
categories of failure beside them; the result of a journey whose test process died; and the
flaky mark on journeys that passed only when walked again; the link from a kept trace to the
report's own copy of Playwright's trace viewer."""
from __future__ import annotations

import hashlib
import json
import time
import uuid
from pathlib import Path

import pytest

from .options import settings_of

# The failure catalogue's areas (../shared/docs/failure-catalogue.md), as the report files them:
# the category a finding of the area falls in (every finding ends with its entry, e.g. "(SA-3)"),
# and the severity of a journey that checks the area, a journey taking its gravest area's.
# Exposed or mangled customer data first; then who may buy what at which price and the tax,
# price and after-sales promises; what the shop says and in which words, last.
AREAS = {
    "PD": ("Customer data defects (PD)", "blocker"),
    "AS": ("Broken after-sales promises (AS)", "critical"),
    "SA": ("Service area defects (SA)", "critical"),
    "CP": ("Capacity defects (CP)", "critical"),
    "CS": ("Support and communication defects (CS)", "normal"),
}
SEVERITIES = ("blocker", "critical", "normal", "minor", "trivial")  # Allure's, gravest first

# The product's defects by area, then what is not the product's fault: an unreachable shop, and
# the harness itself. A pattern matches a whole message in Allure 2 and a part of it in Allure 3
# (JavaScript, which has no (?s)): `[\s\S]*` on both sides reads the same in both.
CATEGORIES = [
    *({"name": name, "matchedStatuses": ["failed"], "messageRegex": rf"[\s\S]*\({area}-\d+\)[\s\S]*"}
      for area, (name, _) in AREAS.items()),
    {"name": "Target unreachable", "matchedStatuses": ["broken", "failed"],
     "messageRegex": r"[\s\S]*(ERR_CONNECTION_REFUSED|ECONNREFUSED|ConnectError|unreachable|ERR_PROXY_CONNECTION_FAILED"
                     r"|ERR_EMPTY_RESPONSE)[\s\S]*"},
    {"name": "Harness errors", "matchedStatuses": ["broken"]},
]


def severity_of(entries) -> str:
    """The severity of a journey checking these catalogue entries ("SA-3", "PD-2"): its gravest
    area's; "normal" for none."""
    found = [AREAS[entry.partition("-")[0]][1] for entry in entries if entry.partition("-")[0] in AREAS]
    return min(found, key=SEVERITIES.index, default="normal")


def write_report_files(alluredir: Path, config: pytest.Config, target: str, browser: str) -> None:
    alluredir.mkdir(parents=True, exist_ok=True)
    (alluredir / "categories.json").write_text(json.dumps(CATEGORIES, indent=2), encoding="utf-8")
    settings = settings_of(config)
    faults = ",".join(settings.faults) or "none"
    env = {
        "target": target + ("" if settings.target else f" (embedded storefront, faults: {faults})"),
        "seed": settings.seed,
        "markets": settings.persona or settings.markets,
        "personas": settings.personas,
        "browser": browser,  # "chromium 156.0.7558.0" (or firefox, webkit: --browser)
        "adapter": settings.adapter,
        "run_id": settings.run_id,  # in every persona's e-mail address (docs/nightly.md)
        "email_pattern": settings.email_pattern,
    }
    lines = [f"{key}={str(value).replace(chr(10), ' ')}" for key, value in env.items()]
    environment = alluredir / "environment.properties"
    if settings.run_label and environment.exists():
        return  # journeys walked again (under load, a wave) join a run that described itself
    environment.write_text("\n".join(lines) + "\n", encoding="utf-8")


def title(persona: str, scenario: str, run_label: str | None = None) -> str:
    """A journey's title in the report: "DE-0001 · guest checkout"; walked again under conditions:
    "DE-0001 · guest checkout, under load" (labels.title_result gives it)."""
    return f"{persona} · {scenario}" + (f", {run_label}" if run_label else "")


def write_crashed_result(alluredir: Path, nodeid: str, line: dict, trace: str = "",
                         market_name: str | None = None) -> None:
    """A worker that died (a browser or the process killed) took its journey's Allure result with
    it: the controller writes one from the journey's progress line, so every journey that
    started is in the report, titled and under its market (named `market_name`) as the others.
    (`harness merge` writes one so for each journey of a shard that did not report.)"""
    from ..coverage import scenario_of
    from ..report import market_epic

    epic = market_epic(market_name, line["market"]) if market_name else None

    now = int(time.time() * 1000)
    name = title(line["persona"], scenario_of(nodeid)) if line["persona"] else nodeid.rpartition("::")[2]
    result = {"uuid": str(uuid.uuid4()), "historyId": hashlib.md5(nodeid.encode()).hexdigest(),
              "name": name, "fullName": nodeid, "status": line["outcome"],
              "statusDetails": {"message": line["message"], "trace": (trace or "")[-4000:]},
              "stage": "finished", "start": now, "stop": now,
              "labels": [{"name": "feature", "value": line["journey"]}, {"name": "market", "value": line["market"]},
                         {"name": "persona", "value": line["persona"]}, {"name": "tag", "value": "crashed"},
                         *([{"name": "epic", "value": epic}] if epic else [])]}
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
            details["message"] = ("passed only when walked again: the walk before failed or broke (its result is "
                                  "among this one's retries, the trace of this walk is attached)")
            path.write_text(json.dumps(result), encoding="utf-8")


def link_traces(alluredir: Path) -> None:
    """Every Playwright trace in a result gets a link that opens it in the trace viewer the report
    carries (harness.report.TRACE_VIEWER), on the report's own server: Allure's own trace button
    sends the trace to trace.playwright.dev, which a CI runner or an air-gapped laptop cannot reach."""
    from ..report import PLAYWRIGHT_TRACE, trace_viewer_link

    for path in alluredir.glob("*-result.json"):
        text = path.read_text(encoding="utf-8")
        if PLAYWRIGHT_TRACE not in text:
            continue
        result = json.loads(text)
        links = result.setdefault("links", [])
        for attachment in _attachments(result):
            if attachment.get("type") == PLAYWRIGHT_TRACE:
                link = {"name": f"{attachment.get('name') or 'Playwright trace'} (offline viewer)",
                        "url": trace_viewer_link(attachment["source"]), "type": "link"}
                if link not in links:
                    links.append(link)
        path.write_text(json.dumps(result), encoding="utf-8")


def _attachments(item: dict) -> list[dict]:
    """An Allure result's attachments, its steps' included."""
    found = list(item.get("attachments", []))
    for step in item.get("steps", []):
        found += _attachments(step)
    return found
