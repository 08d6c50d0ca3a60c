"""A failed journey carries its Playwright trace in Allure (opens inline) and a picture of the page
it ended on; a passed one has only its milestone pictures. The trace holds actions, network and
console; --trace-dom adds a DOM snapshot of every step."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from ..allure_results import journey_results
from .journeys import run_journeys

pytestmark = pytest.mark.slow

TRACE = "application/vnd.allure.playwright-trace"
CH_LANDS = ("-m", "service_area", "-k", "lands_in_its_market", "--markets", "CH,DE")


def _attachments(result: dict) -> list[dict]:
    found = list(result.get("attachments", []))
    for step in result.get("steps", []):
        found += _attachments(step)
    return found


def _results(results: Path) -> dict[str, dict]:
    """Persona -> its Allure result."""
    out = {}
    for result in journey_results(results):
        out[next(p["value"].strip("'") for p in result["parameters"] if p["name"] == "persona")] = result
    return out


def _traces(results: Path) -> dict[str, list[str]]:
    """Persona -> the event types inside each trace attached to its result."""
    out = {}
    for persona, result in _results(results).items():
        for attachment in _attachments(result):
            if attachment["type"] == TRACE:
                with zipfile.ZipFile(results / attachment["source"]) as zf:
                    events = zf.read("trace.trace").decode().splitlines()
                out[persona] = [json.loads(e).get("type") for e in events if e.strip()]
    return out


@pytest.mark.parametrize("dom", [False, True], ids=["actions", "dom-snapshots"])
def test_only_the_failed_journey_carries_its_trace(tmp_path, running_shop, dom):
    results = tmp_path / "allure"
    run = run_journeys(tmp_path, *CH_LANDS, "--target", running_shop("wrong-currency"), "--alluredir", str(results),
                       *(["--trace-dom"] if dom else []))
    assert run.failed("CH-0001") and not run.failed("DE-0001"), run.output
    traces = _traces(results)
    assert set(traces) == {"CH-0001"}, "a trace for a passed journey, or none for the failed one"
    assert "action" in traces["CH-0001"] or "before" in traces["CH-0001"], "no steps in the trace"
    assert ("frame-snapshot" in traces["CH-0001"]) is dom
    pictures = {persona: [a["name"] for a in _attachments(r) if a["type"].startswith("image/")]
                for persona, r in _results(results).items()}
    assert "landing" in pictures["DE-0001"] and "landing" in pictures["CH-0001"], "no milestone pictures"
    assert "at the end of the journey" in pictures["CH-0001"]
    assert "at the end of the journey" not in pictures["DE-0001"]
