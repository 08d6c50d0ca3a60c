"""Pictures for the README from the last `make run`: the summary grid (reports/summary.svg), the
Allure report's front page and the load run's p95 per region over time (its latency-over-time.svg),
taken in headless Chromium.

    .venv/bin/python scripts/readme-images.py
"""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import report  # noqa: E402
from harness.browser import launch_options  # noqa: E402


def main() -> int:
    reports, out = ROOT / "reports", ROOT / "docs" / "img"
    if not (reports / "summary.svg").exists() or not (reports / "allure-report" / "index.html").exists():
        print("readme-images: run `make run` first (no reports/summary.svg or reports/allure-report)", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    server, url = report.serve(reports / "allure-report")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            page = browser.new_page(viewport={"width": 1100, "height": 900}, device_scale_factor=1)
            page.goto((reports / "summary.svg").as_uri())
            page.locator("svg").screenshot(path=str(out / "summary.png"))
            page.set_viewport_size({"width": 1400, "height": 860})
            page.goto(url)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1500)  # the report draws its tree and charts after loading its data
            page.screenshot(path=str(out / "report.png"))
            charts = sorted(reports.glob("load-*/latency-over-time.svg"))
            if charts:  # the last load run's
                page.goto(charts[-1].as_uri())
                page.locator("svg").first.screenshot(path=str(out / "latency-over-time.png"))
            browser.close()
    finally:
        server.shutdown()
    print(f"wrote {out / 'summary.png'}, {out / 'report.png'} and {out / 'latency-over-time.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
