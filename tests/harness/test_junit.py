"""JUnit keeps apart what the shop did wrong (<failure>), what the harness could not do
(<error>) and what it could not check (<skipped>), each with the journey's finding as its message."""
from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from harness.plugin.outcomes import refile_junit
from ..helpers import journey_lines
from harness.shop import Capability
from harness.shop.reference import make_shop
from harness.shop.reference.catalogue import ReferenceCatalogue

ROOT = Path(__file__).resolve().parents[2]


def _cases(junit: Path) -> dict[str, tuple[str, str]]:
    """test name -> (failure | error | skipped | passed, message)"""
    out = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        said = next((node for node in case if node.tag in ("failure", "error", "skipped")), None)
        out[case.get("name")] = (said.tag, said.get("message")) if said is not None else ("passed", "")
    return out


def test_journeys_are_filed_failed_broken_and_skipped_each_with_its_finding(tmp_path):
    junit, progress = tmp_path / "junit.xml", tmp_path / "progress.jsonl"
    done = subprocess.run([sys.executable, "-m", "pytest", "scenarios", "--personas", "1", "-q", "-p", "no:cacheprovider",
                           "-m", "service_area or support", "-k", "lands_in_its_market or buys_what or finds_help",
                           "--markets", "CH", "--faults", "wrong-currency", "--retries", "0",
                           "--adapter", "tests.harness.test_junit:priceless_without_support",
                           f"--junitxml={junit}", "-o", "junit_family=xunit2", "--progress-file", str(progress)],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 1, done.stdout[-3000:]
    cases = _cases(junit)
    kind, findings = cases["test_lands_in_its_market[chromium-CH-0001]"]
    assert kind == "failure", kind
    assert findings.startswith("CH-0001 service-area: expected currency CHF, the landing page shows EUR (SA-3)\n")
    assert all(line.startswith("CH-0001 service-area: expected ") for line in findings.splitlines()), findings
    assert cases["test_buys_what_its_market_allows[chromium-CH-0001]"] == (
        "error", "CH-0001 service-area: could not run: the adapter's catalogue.open_product raised KeyError: 'price'")
    kind, why = cases["test_finds_help_in_its_language[chromium-CH-0001]"]
    assert kind == "skipped" and why.startswith("CH support: nothing checked: the adapter reads no help centre"), why
    suite = ET.parse(junit).getroot().find("testsuite")
    assert (suite.get("failures"), suite.get("errors"), suite.get("skipped"), suite.get("tests")) == ("1", "1", "1", "3")
    lines = {line["nodeid"].rpartition("::")[2]: line for line in journey_lines(progress)}
    assert {name: (line["outcome"], line["message"]) for name, line in lines.items()} == {
        name: ({"failure": "failed", "error": "broken"}.get(kind, kind), message) for name, (kind, message) in cases.items()}


def test_a_broken_journey_filed_as_failure_becomes_an_error(tmp_path):
    junit = tmp_path / "junit.xml"
    junit.write_text(
        '<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests">'
        '<testsuite name="pytest" errors="0" failures="2" skipped="0" tests="3">'
        '<testcase classname="scenarios.test_checkout" name="test_guest_checkout[chromium-DE-0001]">'
        '<failure message="KeyError: \'price\'">Traceback ...</failure></testcase>'
        '<testcase classname="scenarios.test_checkout" name="test_guest_checkout[chromium-CH-0001]">'
        '<failure message="Failed: CH-0001 checkout: ...">...</failure></testcase>'
        '<testcase classname="scenarios.test_checkout" name="test_guest_checkout[chromium-JP-0001]"/>'
        '</testsuite></testsuites>', encoding="utf-8")
    node = "scenarios/test_checkout.py::test_guest_checkout[chromium-{}-0001]"
    refile_junit(junit, {
        node.format("DE"): {"outcome": "broken", "message": "DE-0001 checkout: could not run: the browser crashed"},
        node.format("CH"): {"outcome": "failed", "message": "CH-0001 checkout: expected tax 8.1 %, the order shows 0 %"},
        node.format("JP"): {"outcome": "passed", "message": ""},
    })
    cases = _cases(junit)
    assert cases == {
        "test_guest_checkout[chromium-DE-0001]": ("error", "DE-0001 checkout: could not run: the browser crashed"),
        "test_guest_checkout[chromium-CH-0001]": ("failure", "CH-0001 checkout: expected tax 8.1 %, the order shows 0 %"),
        "test_guest_checkout[chromium-JP-0001]": ("passed", ""),
    }
    suite = ET.parse(junit).getroot().find("testsuite")
    assert (suite.get("failures"), suite.get("errors"), suite.get("tests")) == ("1", "1", "3")
    assert ET.parse(junit).getroot().find(".//error").text == "Traceback ...", "the details stay for whoever wants them"


# --------------------------------------------------------------------------- the adapter the run above walks with


class PricelessCatalogue(ReferenceCatalogue):
    """Lands as the reference adapter does; its product pages raise, as a field renamed on a shop would."""

    def open_product(self, page, sku):
        raise KeyError("price")


def priceless_without_support(url: str):
    shop = make_shop(url).without(*[c for c in Capability if c.part == "support"])
    return replace(shop, support=None, catalogue=PricelessCatalogue())
