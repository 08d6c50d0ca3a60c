"""The Allure HTML report: built with history, opened offline without a request leaving the machine."""
from __future__ import annotations

import json
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import allure
import pytest
from playwright.sync_api import sync_playwright

from harness import report
from harness.browser import launch_options
from harness.errors import UserInputError


def _results(folder: Path, status: str = "passed") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for market, name in (("DE", "Germany"), ("JP", "Japan")):
        result = {"uuid": str(uuid.uuid4()), "historyId": f"landing-{market}", "name": f"{market}-0001 service-area: lands",
                  "fullName": f"scenarios.test_service_area#{market}", "status": status, "stage": "finished",
                  "start": 1_700_000_000_000, "stop": 1_700_000_001_000,
                  "statusDetails": {"message": "" if status == "passed" else f"{market}-0001 service-area: expected currency (SA-3)"},
                  "labels": [{"name": "epic", "value": f"{name} ({market})"}, {"name": "feature", "value": "service-area"},
                             {"name": "story", "value": "Lands in its market"}, {"name": "tag", "value": "SA-3"}]}
        (folder / f"{result['uuid']}-result.json").write_text(json.dumps(result), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    first = report.build(_results(root / "run1"), root / "allure-report")
    second = report.build(_results(root / "run2", status="failed"), root / "allure-report")
    return first, second


def test_history_is_kept_between_runs(built):
    first, second = built
    assert second.history == first.history and second.history.exists()
    runs = [line for line in second.history.read_text().splitlines() if line.strip()]
    assert len(runs) == 2


def test_no_analytics_in_any_page(built):
    _, second = built
    for page in second.path.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "googletagmanager" not in text and "gtag(" not in text, page


def test_the_report_renders_offline_with_every_outside_request_blocked(built):
    _, second = built
    server, url = report.serve(second.path)
    attempted = []

    def only_loopback(route):
        host = urlsplit(route.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            page = browser.new_page()
            page.route("**/*", only_loopback)
            page.goto(url)
            page.get_by_text("JP-0001 service-area: lands").first.wait_for(timeout=20_000)
            allure.attach(page.screenshot(), name="the report, offline", attachment_type=allure.attachment_type.PNG)
            assert page.get_by_text("DE-0001 service-area: lands").count() >= 1
            browser.close()
    finally:
        server.shutdown()
    assert attempted == []


def test_no_results_is_a_clear_error(tmp_path):
    with pytest.raises(UserInputError, match="no Allure results to build a report from"):
        report.build(tmp_path / "nothing", tmp_path / "out")
