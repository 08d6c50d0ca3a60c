"""Trace on first retry: a journey that fails is walked again, the same persona with the same
seed, fully traced (DOM snapshots, screencast, network, console); the trace is kept in --output
and in the journey's Allure result, and opens in the report's own copy of Playwright's trace
viewer with every request off the machine refused. A journey that passes is never traced."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from harness import report
from harness.browser import launch_options

from ..allure_results import journey_results
from ..helpers import loopback_only
from .broken_shop import BrokenShop
from .journeys import run_journeys

pytestmark = pytest.mark.slow

TRACE = "application/vnd.allure.playwright-trace"
CH_LANDS = ("-m", "service_area", "-k", "lands_in_its_market", "--markets", "CH,DE")
SAID = "harness-trace-console-probe"


class SaysSomethingOnTheConsole:
    """Every page the shop serves writes a line on the browser's console, for the trace to hold."""

    def __call__(self, method: str, path: str, client: str):
        return None

    def rewrite(self, method: str, path: str, body: bytes) -> bytes:
        return body.replace(b"</body>", f"<script>console.log('{SAID}')</script></body>".encode(), 1)


def _attachments(result: dict) -> list[dict]:
    found = list(result.get("attachments", []))
    for step in result.get("steps", []):
        found += _attachments(step)
    return found


def _by_persona(results: Path) -> dict[str, list[dict]]:
    """Persona -> its Allure results, in the order walked."""
    out: dict[str, list[dict]] = {}
    for result in sorted(journey_results(results), key=lambda r: r["start"]):
        persona = next(label["value"] for label in result["labels"] if label["name"] == "persona")
        out.setdefault(persona, []).append(result)
    return out


def _events(trace: Path) -> dict[str, list[dict]]:
    """A trace's events by the file that holds them (trace.trace: actions, snapshots, console;
    trace.network: the requests)."""
    with zipfile.ZipFile(trace) as zf:
        return {name: [json.loads(line) for line in zf.read(name).decode().splitlines() if line.strip()]
                for name in zf.namelist() if name.endswith((".trace", ".network"))}


@pytest.fixture(scope="module")
def walked(tmp_path_factory, running_shop):
    tmp = tmp_path_factory.mktemp("traces")
    results, output = tmp / "allure", tmp / "playwright"
    with BrokenShop(running_shop("wrong-currency"), SaysSomethingOnTheConsole()) as shop:
        run = run_journeys(tmp, *CH_LANDS, "--target", shop.url, "--retries", "1", "--alluredir", str(results),
                           "--output", str(output))
    return run, results, output


def test_a_failed_journey_is_walked_again_with_a_complete_trace(walked):
    run, results, output = walked
    assert run.failed("CH-0001") and not run.failed("DE-0001"), run.output
    walks = _by_persona(results)
    assert [r["status"] for r in walks["CH-0001"]] == ["failed", "failed"], "not walked again, or passed the second time"
    assert [r["status"] for r in walks["DE-0001"]] == ["passed"], "a passing journey walked twice"
    traces = {p: [a for r in rs for a in _attachments(r) if a["type"] == TRACE] for p, rs in walks.items()}
    assert traces["DE-0001"] == [], "a passing journey paid for a trace"
    assert [a for a in _attachments(walks["CH-0001"][0]) if a["type"] == TRACE] == [], "the first walk was traced"
    assert len(traces["CH-0001"]) == 1
    kept = list(output.glob("*ch-0001-retry1/trace.zip"))
    assert len(kept) == 1 and not list(output.glob("*de-0001*")), sorted(output.rglob("*"))
    events = _events(results / traces["CH-0001"][0]["source"])
    kinds = [e.get("type") for e in events["trace.trace"]]
    assert "frame-snapshot" in kinds, "no DOM snapshots"
    assert "screencast-frame" in kinds, "no screencast"
    assert any(e.get("type") == "console" and SAID in json.dumps(e) for e in events["trace.trace"]), "no console"
    requested = [e["snapshot"]["request"]["url"] for e in events["trace.network"] if e.get("type") == "resource-snapshot"]
    assert requested and all(url.startswith("http://127.0.0.1") for url in requested), f"network entries: {requested}"


def test_the_trace_opens_offline_in_the_report(walked, tmp_path):
    """The report carries Playwright's trace viewer; the result links to it; opened from the
    report's loopback server with everything else refused, it shows the walk."""
    from playwright.sync_api import sync_playwright

    _, results, _ = walked
    failed = [r for r in journey_results(results) if r["status"] == "failed" and any(
        a["type"] == TRACE for a in _attachments(r))]
    link = next(link["url"] for link in failed[0]["links"] if "offline viewer" in link["name"])
    built = report.build(results, tmp_path / "report", history=tmp_path / "history.jsonl")
    server, url = report.serve(built.path)
    outside: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            context = browser.new_context()

            context.route("**/*", loopback_only(outside))
            page = context.new_page()
            page.goto(url + link)
            page.get_by_text("CH-0001 service-area").first.wait_for(timeout=20_000)
            page.get_by_text("Navigate").first.wait_for(timeout=20_000)
            page.get_by_text("Console").first.click()
            page.get_by_text(SAID).first.wait_for(timeout=20_000)
            browser.close()
    finally:
        server.shutdown()
    assert outside == [], f"the trace viewer asked the outside for {outside}"
