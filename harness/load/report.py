"""A load run in Allure: one result per region and service-level target, with the measured value
against the target and every gate of its region with the evidence behind its verdict, and the
run's Locust report, CSVs and two charts drawn with matplotlib: each region's p95 against its
target, and each region's p95 over the run (from Locust's statistics history).

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

import csv
import io
import math
from dataclasses import dataclass
from html import escape
from pathlib import Path

from allure_commons.logger import AllureFileLogger
from allure_commons.model2 import (ATTACHMENT_PATTERN, Attachment, Label, Parameter, Status, StatusDetails,
                                   TestBeforeResult, TestResult, TestResultContainer)
from allure_commons.types import AttachmentType
from allure_commons.utils import md5, now, uuid4

from ..policy import Policy
from ..report import market_epic
from .gates import EVIDENCE, FAILED, NAME, NOT_JUDGED, PASSED, Result, by_region


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


GREEN, RED, GREY = "#2e7d32", "#c62828", "#757575"


def latency_chart(env, markets: list[str], policy: Policy, results: list[Result] | None = None) -> str:
    """An SVG bar chart: each region's p95 latency beside its target (a dashed mark), coloured by
    its gate, with the requests behind it.

    `results` are the run's gate results (only the p95 ones are read); without them the figures
    come from Locust's statistics. A region without enough evidence gets no bar but a mark saying
    how much it had: a 0 ms bar would read as the fastest region. Each bar is the SVG group
    `p95-<market>`."""
    given = {r.market: r for r in (results if results is not None else measured_p95(env, markets, policy))
             if r.metric == "p95_ms"}
    rows = [given.get(m) or Result(m, "p95_ms", None, policy[m].service_levels.p95_ms, NOT_JUDGED, 0) for m in markets]
    top = max([r.target for r in rows] + [r.measured for r in rows if _drawn(r)] + [1.0])
    figure, ax = _figure(width=8.0, height=0.9 + 0.36 * max(1, len(rows)))
    for i, r in enumerate(rows):
        if _drawn(r):
            bar = ax.barh(i, r.measured, height=0.6, color=RED if r.failed else GREEN)[0]
            bar.set_gid(f"p95-{r.market}")
            ax.text(r.measured + top * 0.01, i, f"{r.measured:,.0f} ms ({r.samples} {EVIDENCE['p95_ms']})",
                    va="center", fontsize=8)
        else:
            ax.text(top * 0.01, i, _not_judged(r), va="center", fontsize=8, color=GREY, style="italic")
        ax.plot([r.target, r.target], [i - 0.4, i + 0.4], color="black", linestyle="--", linewidth=1)
    ax.set_yticks(range(len(rows)), [r.market for r in rows])
    ax.invert_yaxis()  # the first market on top
    ax.set_xlim(0, top * 1.35)
    ax.set_xlabel("p95 latency (ms)")
    ax.set_title("p95 latency per region; dashed: its target; no bar: too few requests to judge", fontsize=9)
    return _svg(figure)


def latency_over_time(history_csv: Path, markets: list[str], policy: Policy) -> str | None:
    """An SVG of each region's p95 latency over the run, a panel a region with its target dashed,
    from Locust's statistics history (locust_stats_history.csv, written with full_history): None
    when the run left no such file. A region's p95 at a moment is its requests' p95s then (Locust's
    window of the last seconds), weighted by their rates; a moment without its requests draws
    nothing, and a region without any says so in its panel. Each line is the SVG group
    `p95-over-time-<market>`."""
    series = p95_over_time(history_csv)
    return None if series is None else over_time_chart(series, markets, policy)


def over_time_chart(series: dict[str, list[tuple[float, float]]], markets: list[str], policy: Policy) -> str:
    """latency_over_time's chart, of series p95_over_time read."""
    cols = min(3, max(1, len(markets)))
    rows = math.ceil(len(markets) / cols) if markets else 1
    figure = _new_figure(width=3.6 * cols if cols > 1 else 7.0, height=0.8 + 2.0 * rows + (0.6 if cols == 1 else 0))
    axes = figure.subplots(rows, cols, squeeze=False, sharex=True)
    for ax in axes.flat[len(markets):]:
        ax.set_visible(False)
    for ax, market in zip(axes.flat, markets):
        target = policy[market].service_levels.p95_ms
        points = series.get(market, [])
        ax.axhline(target, color="black", linestyle="--", linewidth=1)
        if points:
            seconds, p95 = zip(*points)
            line = ax.plot(seconds, p95, color=RED if max(p95) > target else GREEN, linewidth=1.2)[0]
            line.set_gid(f"p95-over-time-{market}")
            # far under its target, the line is drawn to its own scale (the target, above, in the title)
            ax.set_ylim(0, max(p95) * 1.25 if max(p95) * 3 < target else max(max(p95), target) * 1.15)
        else:
            ax.text(0.5, 0.5, "no requests", transform=ax.transAxes, ha="center", va="center", color=GREY,
                    style="italic", fontsize=9, gid=f"p95-over-time-{market}-none")
            ax.set_ylim(0, target * 1.15)
        ax.set_title(f"{market}: target {target:,.0f} ms" + ("" if ax.get_ylim()[1] >= target else " (above)"), fontsize=9)
        ax.tick_params(labelsize=7)
    for ax in axes[-1]:
        ax.set_xlabel("seconds into the run", fontsize=8)
    for ax in axes[:, 0]:
        ax.set_ylabel("p95 (ms)", fontsize=8)
    figure.suptitle("p95 latency per region over the run; dashed: the region's target", fontsize=10)
    return _svg(figure)


def p95_over_time(history_csv: Path) -> dict[str, list[tuple[float, float]]] | None:
    """Market -> (seconds since the first row, p95 ms) from Locust's statistics history; None when
    there is no such file. Rows of requests named "[CC] ..." only; at each moment a region's p95 is
    its requests' current p95s weighted by their current rates (requests without traffic then, or
    without a figure, "N/A", are left out)."""
    if not history_csv.is_file():
        return None
    moments: dict[str, dict[float, list[tuple[float, float]]]] = {}
    first = None
    with history_csv.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                at = float(row["Timestamp"])
            except (KeyError, TypeError, ValueError):
                continue
            first = at if first is None else min(first, at)
            found = NAME.match(row.get("Name") or "")
            p95, rate = _number(row.get("95%")), _number(row.get("Requests/s"))
            if not found or p95 is None or rate is None or rate <= 0:
                continue
            moments.setdefault(found.group(1), {}).setdefault(at, []).append((p95, rate))
    return {market: [(at - first, sum(p * r for p, r in figures) / sum(r for _, r in figures))
                     for at, figures in sorted(by_moment.items())]
            for market, by_moment in moments.items()}


def _number(text: str | None) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None  # "N/A": no figure yet
    return value if math.isfinite(value) else None


def _new_figure(width: float, height: float):
    """A matplotlib Figure without pyplot: no global state, no display, thread-safe (matplotlib is
    imported here, where a chart is drawn, not when the load run starts)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _figure(width: float, height: float):
    figure = _new_figure(width, height)
    return figure, figure.subplots()


def _svg(figure) -> str:
    """The figure as SVG text: text kept as text (searchable, small), no date, the same ids each time."""
    import matplotlib

    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "harness"}):
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


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
                 run_label: str | None = None, over_time_svg: str | None = None) -> None:
    """One result per region and metric, all children of the run's set-up with its files and
    charts; each result describes every gate of its region with the evidence behind its verdict,
    and a region's p95 result carries the region's p95 over the run."""
    logger = AllureFileLogger(alluredir)
    run = _Run(shape, seed, target, stopped_early, label, run_label, now())
    children = []
    series = p95_over_time(out / "locust_stats_history.csv")
    for r in results:
        result = _result(r, policy, run)
        result.descriptionHtml = gates_html([g for g in results if g.market == r.market], r.metric)
        if r.metric == "p95_ms" and series is not None:  # the region's own, in its result (a file a result)
            result.attachments.append(_attachment(f"p95 latency of {r.market} over the run", AttachmentType.SVG))
            logger.report_attached_data(over_time_chart(series, [r.market], policy), result.attachments[-1].source)
        logger.report_result(result)
        children.append(result.uuid)
    setup = TestBeforeResult(name=f"the {shape} load run: Locust's report and the latency chart",
                             status=Status.PASSED, stage="finished", start=run.start, stop=run.start,
                             statusDetails=StatusDetails(message=f"the run stopped early: {stopped_early}") if stopped_early else None,
                             attachments=_run_files(logger, out, chart_svg, over_time_svg))
    logger.report_container(TestResultContainer(uuid=uuid4(), name=f"{label} ({shape})" + (f", {run_label}" if run_label else ""),
                                                children=children, befores=[setup], start=run.start, stop=run.start))


def _result(r: Result, policy: Policy, run: _Run) -> TestResult:
    metric = METRICS[r.metric]
    # "(CP-1)" as a journey's finding ends: the report's category for its catalogue area matches it
    message = f"missed: {r.said} ({metric.entry})" if r.failed else r.said
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
    labels = [Label("epic", market_epic(policy[r.market].name, r.market)), Label("feature", run.label),
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


def _run_files(logger: AllureFileLogger, out: Path, chart_svg: str, over_time_svg: str | None = None) -> list[Attachment]:
    """The charts, then Locust's report and CSVs (those it wrote), each written once."""
    attached = []
    for name, svg in (("p95 latency per region", chart_svg), ("p95 latency per region over the run", over_time_svg)):
        if svg:
            attached.append(_attachment(name, AttachmentType.SVG))
            logger.report_attached_data(svg, attached[-1].source)
    for name, file_name, kind in LOCUST_FILES:
        if (out / file_name).exists():
            attached.append(_attachment(name, kind))
            logger.report_attached_file(out / file_name, attached[-1].source)
    return attached


def gates_html(gates: list[Result], shown: str | None = None) -> str:
    """A region's gates as a table: each metric's figure, target, verdict and the evidence behind
    it (the samples it had, of the minimum a verdict needs); `shown`, the result's own metric, in bold."""
    rows = []
    for g in gates:
        metric = METRICS[g.metric].title
        figure = "n/a" if g.measured is None else f"{g.measured:.4g}"
        evidence = f"{g.samples} {EVIDENCE[g.metric]}" + (f" of {g.minimum} needed" if g.minimum else "")
        cells = [metric, figure, f"{g.target:.4g}", g.status, evidence]
        row = "".join(f"<td>{'<b>' + escape(c) + '</b>' if g.metric == shown else escape(c)}</td>" for c in cells)
        rows.append(f"<tr>{row}</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("gate", "measured", "target", "verdict", "evidence"))
    region = escape(gates[0].market) if gates else ""
    return f"<p>Every gate of {region} in this run, with the evidence behind its verdict:</p><table><tr>{head}</tr>{''.join(rows)}</table>"


def _attachment(name: str, kind: AttachmentType) -> Attachment:
    return Attachment(name=name, source=ATTACHMENT_PATTERN.format(prefix=uuid4(), ext=kind.extension), type=kind.mime_type)
