"""A load run in Allure: one result per region and service-level target, with the measured value
against the target, Locust's HTML report and CSVs, and a latency-per-region chart attached.

Results are written as Allure result files directly (no pytest in a load run). Each keeps a
stable history id per region and metric, and its duration is the measured value (milliseconds,
or per mille for rates), so Allure's duration trend charts the figure across nightly runs.
"""
from __future__ import annotations

import hashlib
import json
import time
import uuid
from pathlib import Path
from xml.sax.saxutils import escape

from ..policy import Policy
from .gates import Result, by_region

TITLES = {"p95_ms": "p95 latency", "error_rate": "error rate", "checkout_success": "checkout success",
          "support_first_response_s": "support first response"}
PD_ENTRY = {"p95_ms": "CP-1", "error_rate": "CP-1", "checkout_success": "CP-1", "support_first_response_s": "CS-5"}


def latency_chart(env, markets: list[str], policy: Policy) -> str:
    """An SVG bar chart: each region's p95 latency beside its target."""
    regions = by_region(env.stats)
    rows = [(m, regions[m].get_response_time_percentile(0.95) if m in regions else 0.0, policy[m].service_levels.p95_ms)
            for m in markets]
    top = max([max(p95, target) for _, p95, target in rows] + [1.0])
    bar_h, gap, left, width = 16, 6, 48, 520
    height = len(rows) * (bar_h + gap) + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 120}" height="{height}" font-family="sans-serif" font-size="12">',
             f'<text x="{left}" y="16" font-weight="bold">p95 latency per region (ms); the line is the target</text>']
    for i, (market, p95, target) in enumerate(rows):
        y = 28 + i * (bar_h + gap)
        w = width * p95 / top
        colour = "#c62828" if p95 > target else "#2e7d32"
        tx = left + width * target / top
        parts += [f'<text x="4" y="{y + 12}">{escape(market)}</text>',
                  f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>',
                  f'<line x1="{tx:.1f}" y1="{y - 2}" x2="{tx:.1f}" y2="{y + bar_h + 2}" stroke="#000" stroke-dasharray="3,2"/>',
                  f'<text x="{left + w + 4:.1f}" y="{y + 12}">{p95:,.0f}</text>']
    parts.append("</svg>")
    return "\n".join(parts)


def write_allure(alluredir: Path, results: list[Result], policy: Policy, out: Path, chart_svg: str,
                 shape: str, seed: int, target: str, stopped_early: str | None, label: str = "load",
                 run_label: str | None = None) -> None:
    alluredir.mkdir(parents=True, exist_ok=True)
    shared = []
    for name, source, mime in (("Locust report", out / "locust.html", "text/html"),
                               ("Locust statistics (CSV)", out / "locust_stats.csv", "text/csv"),
                               ("Locust statistics over time (CSV)", out / "locust_stats_history.csv", "text/csv"),
                               ("Locust failures (CSV)", out / "locust_failures.csv", "text/csv")):
        if source.exists():
            shared.append(_attach(alluredir, name, source.read_bytes(), mime, source.suffix))
    shared.append(_attach(alluredir, "p95 latency per region", chart_svg.encode(), "image/svg+xml", ".svg"))
    now = int(time.time() * 1000)
    for r in results:
        market = policy[r.market]
        status = "passed" if r.passed else "failed"
        message = r.said if r.passed else f"{r.said} (missed; {PD_ENTRY[r.metric]})"
        if stopped_early:
            message += f"; the run stopped early: {stopped_early}"
        value = r.measured or 0.0
        duration = int(value * (1 if r.metric == "p95_ms" else 1000 if r.metric == "support_first_response_s" else 1000))
        result = {
            "uuid": str(uuid.uuid4()),
            "historyId": hashlib.md5(f"{run_label or ''}{label}:{r.market}:{r.metric}".encode()).hexdigest(),
            "testCaseId": hashlib.md5(f"{label}:{r.metric}".encode()).hexdigest(),
            "name": f"{r.market} {TITLES[r.metric]} under {shape} load",
            "fullName": f"load.{r.market}.{r.metric}",
            "status": status,
            "statusDetails": {"message": message},
            "stage": "finished",
            "start": now,
            "stop": now + max(0, duration),
            "labels": [{"name": "epic", "value": f"{market.name} ({r.market})"},
                       {"name": "feature", "value": label},
                       {"name": "story", "value": TITLES[r.metric]},
                       {"name": "market", "value": r.market},
                       {"name": "severity", "value": "critical"},
                       {"name": "tag", "value": PD_ENTRY[r.metric]},
                       {"name": "suite", "value": f"{label} ({shape})"}]
                      + ([{"name": "parentSuite", "value": run_label}, {"name": "tag", "value": run_label}] if run_label else []),
            "parameters": [{"name": "measured", "value": "n/a" if r.measured is None else f"{r.measured:.4g}"},
                           {"name": "target", "value": f"{r.target:.4g}"}, {"name": "samples", "value": str(r.samples)},
                           {"name": "shape", "value": shape}, {"name": "seed", "value": str(seed)},
                           {"name": "target URL", "value": target}],
            "attachments": shared,
        }
        (alluredir / f"{result['uuid']}-result.json").write_text(json.dumps(result), encoding="utf-8")


def _attach(alluredir: Path, name: str, body: bytes, mime: str, suffix: str) -> dict:
    source = f"{uuid.uuid4()}-attachment{suffix}"
    (alluredir / source).write_bytes(body)
    return {"name": name, "source": source, "type": mime}
