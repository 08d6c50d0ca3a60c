"""What a job shows at its end: the markets x journeys grid, the regions' service levels, and
the findings."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .journeys import JOURNEYS, JourneyResult

MARKS = {"passed": "[green]✓[/green]", "failed": "[red]✗[/red]", "broken": "[yellow]![/yellow]",
         "skipped": "[dim]–[/dim]"}


def cell(results: list[JourneyResult]) -> str:
    if not results:
        return "[dim]·[/dim]"
    failed = sum(r.outcome == "failed" for r in results)
    broken = sum(r.outcome == "broken" for r in results)
    if failed:
        return f"[red]✗ {failed}[/red]" if len(results) > 1 else MARKS["failed"]
    if broken:
        return f"[yellow]! {broken}[/yellow]" if len(results) > 1 else MARKS["broken"]
    if all(r.outcome == "skipped" for r in results):
        return MARKS["skipped"]
    return MARKS["passed"]


def grid(results: list[JourneyResult], markets: list[str], names: dict[str, str], title: str) -> Table:
    journeys = [j for j in JOURNEYS if any(r.journey == j for r in results)] or list(JOURNEYS)
    table = Table(title=title)
    table.add_column("market")
    for journey in journeys:
        table.add_column(journey, justify="center")
    for market in markets:
        mine = [r for r in results if r.market == market]
        table.add_row(f"{market} {escape(names.get(market, ''))}", *[cell([r for r in mine if r.journey == j]) for j in journeys])
    return table


def service_levels(summary: dict, title: str) -> Table:
    table = Table(title=title)
    for col in ("region", "p95 ms", "error rate", "checkout success", "first response s"):
        table.add_column(col, justify="right" if col != "region" else "left")
    by_market: dict[str, dict[str, dict]] = {}
    for r in summary["results"]:
        by_market.setdefault(r["market"], {})[r["metric"]] = r
    for market, metrics in by_market.items():
        table.add_row(market, *[_value(metrics.get(m)) for m in ("p95_ms", "error_rate", "checkout_success",
                                                                 "support_first_response_s")])
    return table


def _value(r: dict | None) -> str:
    if not r:
        return "[dim]-[/dim]"
    if r.get("undriven"):
        return "[dim]not driven[/dim]"
    if r.get("status") == "not judged" or r["measured"] is None:  # too little evidence: never shown as a pass
        return f"[dim]n/j {r['samples']}/{r.get('minimum', '?')}[/dim]"
    text = f"{r['measured']:.1%}" if r["metric"] in ("error_rate", "checkout_success") else f"{r['measured']:,.1f}"
    return text if r["passed"] else f"[red]{text}[/red]"


def findings(console: Console, results: list[JourneyResult], limit: int = 20) -> None:
    """Each finding on its line, as the plugin said it: a failed journey's findings (red), a
    broken one's "could not run: why" (yellow: not the shop's doing); both start with the persona."""
    lines = []
    for r in results:
        if r.outcome in ("failed", "broken"):
            style = "red" if r.outcome == "failed" else "yellow"
            said = [line for line in r.message.splitlines() if line.strip() and line.startswith(r.persona)]
            said = said or [f"{r.persona} {r.journey}: {'failed' if r.outcome == 'failed' else 'could not run'}"
                            + (f": {r.message.strip().splitlines()[0][:200]}" if r.message.strip() else "")]
            lines += [(line, style) for line in said]
    for line, style in lines[:limit]:
        console.print(f"  [{style}]{escape(line)}[/{style}]", highlight=False)
    if len(lines) > limit:
        console.print(f"  ... and {len(lines) - limit} more in the report")
