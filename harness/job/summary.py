"""What a job shows at its end: the markets x journeys grid, the regions' service levels, and
the findings."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .. import journeys as registry
from ..results import JourneyResult

MARKS = {"passed": "[green]✓[/green]", "failed": "[red]✗[/red]", "broken": "[yellow]![/yellow]",
         "skipped": "[dim]–[/dim]", "flaky": "[magenta]~[/magenta]"}


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
    return MARKS["flaky"] if any(r.flaky for r in results) else MARKS["passed"]


def grid(results: list[JourneyResult], markets: list[str], names: dict[str, str], title: str) -> Table:
    known = registry.names()
    journeys = [j for j in known if any(r.journey == j for r in results)] or known
    table = Table(title=title)
    table.add_column("market")
    for journey in journeys:
        table.add_column(journey, justify="center")
    for market in markets:
        mine = [r for r in results if r.market == market]
        table.add_row(f"{market} {escape(names.get(market, ''))}", *[cell([r for r in mine if r.journey == j]) for j in journeys])
    return table


def findings(console: Console, results: list[JourneyResult], limit: int = 20) -> None:
    """Each finding on its line, as the plugin said it: a failed journey's findings (red), a
    broken one's "could not run: why" (yellow: not the shop's doing); both start with the persona.
    A flaky journey (magenta) says what its first walk found: a defect that shows now and then is
    still worth reading."""
    lines = []
    for r in results:
        if r.outcome == "passed" and r.flaky:
            first = r.flaky.strip().splitlines()[0][:200]
            lines.append((f"{r.persona} {r.journey}: flaky, passed when walked again; the walk before: {first}", "magenta"))
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
