"""--browser-ws: the journeys drive a browser of Playwright's own server (a browser pool's), not a
Chromium of their own; a server that cannot be reached is one line."""
from __future__ import annotations

import pytest

from ..browser_server import browser_server
from ..helpers import run_cli
from .journeys import run_journeys

pytestmark = pytest.mark.slow

LANDING = ("-m", "service_area", "-k", "lands_in_its_market", "--markets", "DE")
NO_LOCAL_CHROMIUM = {"HARNESS_CHROMIUM": "/nonexistent/chromium"}  # a local launch would stop at it


def test_a_journey_walks_in_the_browser_of_a_playwright_server(tmp_path, running_shop):
    with browser_server(tmp_path) as server:
        run = run_journeys(tmp_path, *LANDING, "--target", running_shop(), "--browser-ws", server.ws,
                           env=NO_LOCAL_CHROMIUM)
        assert run.returncode == 0, run.output
        assert run.outcomes == {"test_lands_in_its_market[chromium-DE-0001]": "passed"}, run.output
        assert server.connections() == 1, server.log.read_text()


def test_harness_run_hands_browser_ws_to_the_journeys(tmp_path, running_shop):
    with browser_server(tmp_path) as server:
        r = run_cli("run", "--no-load", "--markets", "DE", "--journeys", "service-area", "--personas", "1",
                    "--workers", "1", "--retries", "0", "--target", running_shop(), "--reports", str(tmp_path / "reports"),
                    "--browser-ws", server.ws, env=NO_LOCAL_CHROMIUM)
        assert r.returncode == 0, r.stdout + r.stderr
        assert server.connections() == 1, r.stdout + r.stderr


def test_a_browser_server_nobody_listens_on_is_one_line(tmp_path, running_shop):
    run = run_journeys(tmp_path, *LANDING, "--target", running_shop(), "--browser-ws", "ws://127.0.0.1:9/pool")
    assert run.returncode == 2, run.output
    assert "harness: --browser-ws ws://127.0.0.1:9/pool: cannot connect (WebSocket error: connect ECONNREFUSED" \
        in run.output
    assert "Traceback" not in run.output and not run.outcomes, run.output


def test_a_cdp_browser_nobody_listens_on_is_one_line(tmp_path, running_shop):
    run = run_journeys(tmp_path, *LANDING, "--target", running_shop(), "--cdp", "http://127.0.0.1:9")
    assert run.returncode == 2, run.output
    assert "harness: --cdp http://127.0.0.1:9: cannot connect (" in run.output
    assert "Traceback" not in run.output and not run.outcomes, run.output
