"""A load run in Allure: one result per region and service-level target, with the measured value
against the target, and the run's Locust report, CSVs and latency-per-region chart.

Results are written with allure-python-commons (no pytest in a load run). Allure 3 derives a
result's history from its `testCaseId` and its parameters, so the test case is the region and the
metric, and the figures that change from run to run (measured, samples, seed, the target's URL)
are excluded parameters: a region's p95 keeps one history across nightly runs, and a run label
("wave 2") is a parameter that keeps the waves of a rehearsal apart. A result's duration is the
measured value (milliseconds, or per mille for rates), so Allure's duration trend charts it.

Allure 3 links an attachment file to one result only (a second result naming the same file gets
a dead link), so the files the whole run shares hang on one "load run" set-up that every region
result of the run is a child of: the report shows them under each result's set-up.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from allure_commons.logger import AllureFileLogger
from allure_commons.model2 import (ATTACHMENT_PATTERN, Attachment, Label, Parameter, Status, StatusDetails,
                                   TestBeforeResult, TestResult, TestResultContainer)
from allure_commons.types import AttachmentType
from allure_commons.utils import md5, now, uuid4

from ..policy import Policy
from .gates import FAILED, NOT_JUDGED, PASSED, Result, by_region


@dataclass(frozen=True)
class Metric:
    title: str
    entry: str  # the catalogue entry a miss is
    severity: str  # a region that cannot sell is worse than one that is slow
    duration_per_unit: int  # the figure in the result's duration: ms as they are, seconds and rates x1000


METRICS = {
    "p95_ms": Metric("p95 latency", "CP-1", "normal", 1),
    "error_rate": Metric("error rate", "CP-1", "critical", 1000),
    "checkout_success": Metric("checkout success", "CP-1", "critical", 1000),
    "support_first_response_s": Metric("support first response", "CS-5", "normal", 1000),
}
STATUS = {PASSED: Status.PASSED, FAILED: Status.FAILED, NOT_JUDGED: Status.SKIPPED}
LOCUST_FILES = (("Locust report", "locust.html", AttachmentType.HTML),
                ("Locust statistics (CSV)", "locust_stats.csv", AttachmentType.CSV),
                ("Locust statistics over time (CSV)", "locust_stats_history.csv", AttachmentType.CSV),
                ("Locust failures (CSV)", "locust_failures.csv", AttachmentType.CSV))


def latency_chart(env, markets: list[str], policy: Policy, results: list[Result] | None = None) -> str:
    """An SVG bar chart: each region's p95 latency beside its target, coloured by its gate.

    `results` are the run's gate results (only the p95 ones are read); without them the figures
    come from Locust's statistics. A region without enough evidence gets no bar but a mark saying
    how much it had: a 0 ms bar would read as the fastest region."""
    given = {r.market: r for r in (results if results is not None else measured_p95(env, markets, policy))
             if r.metric == "p95_ms"}
    rows = [given.get(m) or Result(m, "p95_ms", None, policy[m].service_levels.p95_ms, NOT_JUDGED, 0) for m in markets]
    top = max([r.target for r in rows] + [r.measured for r in rows if _drawn(r)] + [1.0])
    bar_h, gap, left, width = 16, 6, 48, 520
    height = len(rows) * (bar_h + gap) + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 160}" height="{height}" font-family="sans-serif" font-size="12">',
             f'<text x="{left}" y="16" font-weight="bold">p95 latency per region (ms); the line is the target; '
             f'no bar: too few requests to judge</text>']
    for i, r in enumerate(rows):
        y = 28 + i * (bar_h + gap)
        tx = left + width * r.target / top
        parts.append(f'<text x="4" y="{y + 12}">{escape(r.market)}</text>')
        if _drawn(r):
            w = width * r.measured / top
            colour = "#c62828" if r.failed else "#2e7d32"
            parts += [f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>',
                      f'<text x="{left + w + 4:.1f}" y="{y + 12}">{r.measured:,.0f}</text>']
        else:
            parts.append(f'<text x="{left + 4}" y="{y + 12}" fill="#757575" font-style="italic">{escape(_not_judged(r))}</text>')
        parts.append(f'<line x1="{tx:.1f}" y1="{y - 2}" x2="{tx:.1f}" y2="{y + bar_h + 2}" stroke="#000" stroke-dasharray="3,2"/>')
    parts.append("</svg>")
    return "\n".join(parts)


def measured_p95(env, markets: list[str], policy: Policy) -> list[Result]:
    """Each region's p95 straight from Locust's statistics, held to its target without the
    gate's minimum of requests (only a region without any is not judged)."""
    regions = by_region(env.stats)
    out = []
    for m in markets:
        target = policy[m].service_levels.p95_ms
        entry = regions.get(m)
        if entry is None or not entry.num_requests:
            out.append(Result(m, "p95_ms", None, target, NOT_JUDGED, 0))
            continue
        p95 = entry.get_response_time_percentile(0.95)
        out.append(Result(m, "p95_ms", p95, target, PASSED if p95 <= target else FAILED, entry.num_requests))
    return out


def _drawn(r: Result) -> bool:
    return r.judged and r.measured is not None


def _not_judged(r: Result) -> str:
    if r.minimum:
        return f"not judged ({r.samples}/{r.minimum})"
    return "not judged (no requests)" if not r.samples else f"not judged ({r.samples} requests)"


@dataclass(frozen=True)
class _Run:
    """What every result of one load run shares."""
    shape: str
    seed: int
    target: str
    stopped_early: str | None
    label: str
    run_label: str | None  # "wave 2": its own suite, tag and parameter, as the journeys walked in it
    start: int


def write_allure(alluredir: Path, results: list[Result], policy: Policy, out: Path, chart_svg: str,
                 shape: str, seed: int, target: str, stopped_early: str | None, label: str = "load",
                 run_label: str | None = None) -> None:
    """One result per region and metric, all children of the run's set-up with its files."""
    logger = AllureFileLogger(alluredir)
    run = _Run(shape, seed, target, stopped_early, label, run_label, now())
    children = []
    for r in results:
        result = _result(r, policy, run)
        logger.report_result(result)
        children.append(result.uuid)
    setup = TestBeforeResult(name=f"the {shape} load run: Locust's report and the latency chart",
                             status=Status.PASSED, stage="finished", start=run.start, stop=run.start,
                             statusDetails=StatusDetails(message=f"the run stopped early: {stopped_early}") if stopped_early else None,
                             attachments=_run_files(logger, out, chart_svg))
    logger.report_container(TestResultContainer(uuid=uuid4(), name=f"{label} ({shape})" + (f", {run_label}" if run_label else ""),
                                                children=children, befores=[setup], start=run.start, stop=run.start))


def _result(r: Result, policy: Policy, run: _Run) -> TestResult:
    metric = METRICS[r.metric]
    message = f"{r.said} (missed; {metric.entry})" if r.failed else r.said
    if run.stopped_early:
        message += f"; the run stopped early: {run.stopped_early}"
    duration = round((r.measured or 0.0) * metric.duration_per_unit)
    return TestResult(uuid=uuid4(), testCaseId=md5(f"{run.label}:{r.market}:{r.metric}"),  # this region's figure, whatever the run
                      historyId=md5(f"{run.run_label or ''}{run.label}:{r.market}:{r.metric}"),
                      name=f"{r.market} {metric.title} under {run.shape} load", fullName=f"load.{r.market}.{r.metric}",
                      status=STATUS[r.status], statusDetails=StatusDetails(message=message), stage="finished",
                      start=run.start, stop=run.start + max(0, duration),
                      labels=_labels(r, metric, policy, run), parameters=_parameters(r, run))


def _labels(r: Result, metric: Metric, policy: Policy, run: _Run) -> list[Label]:
    labels = [Label("epic", f"{policy[r.market].name} ({r.market})"), Label("feature", run.label),
              Label("story", metric.title), Label("market", r.market), Label("severity", metric.severity),
              Label("tag", metric.entry), Label("suite", f"{run.label} ({run.shape})")]
    if run.run_label:
        labels += [Label("parentSuite", run.run_label), Label("tag", run.run_label)]
    return labels


def _parameters(r: Result, run: _Run) -> list[Parameter]:
    """Only the shape and the run label tell results of one test case apart (Allure 3's history
    id); the others are this run's figures, shown but excluded."""
    parameters = [Parameter("measured", "n/a" if r.measured is None else f"{r.measured:.4g}", excluded=True),
                  Parameter("target", f"{r.target:.4g}", excluded=True),
                  Parameter("samples", str(r.samples) + (f" of {r.minimum} needed" if r.minimum else ""), excluded=True),
                  Parameter("shape", run.shape), Parameter("seed", str(run.seed), excluded=True),
                  Parameter("target URL", run.target, excluded=True)]
    if run.run_label:
        parameters.append(Parameter("conditions", run.run_label))
    return parameters


def _run_files(logger: AllureFileLogger, out: Path, chart_svg: str) -> list[Attachment]:
    """Locust's report and CSVs (those it wrote) and the chart, each written once."""
    attached = []
    for name, file_name, kind in LOCUST_FILES:
        if (out / file_name).exists():
            attached.append(_attachment(name, kind))
            logger.report_attached_file(out / file_name, attached[-1].source)
    attached.append(_attachment("p95 latency per region", AttachmentType.SVG))
    logger.report_attached_data(chart_svg, attached[-1].source)
    return attached


def _attachment(name: str, kind: AttachmentType) -> Attachment:
    return Attachment(name=name, source=ATTACHMENT_PATTERN.format(prefix=uuid4(), ext=kind.extension), type=kind.mime_type)
