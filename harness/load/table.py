"""The service levels per region as a table: what `harness load`, `harness run` and `harness
rehearse` show at their end."""
from __future__ import annotations

from rich.table import Table

from ..results import RegionResult


def service_levels(results: list[RegionResult], title: str) -> Table:
    table = Table(title=title)
    for col in ("region", "p95 ms", "error rate", "checkout success", "first response s"):
        table.add_column(col, justify="right" if col != "region" else "left")
    by_market: dict[str, dict[str, RegionResult]] = {}
    for r in results:
        by_market.setdefault(r.market, {})[r.metric] = r
    for market, metrics in by_market.items():
        table.add_row(market, *[_value(metrics.get(m)) for m in ("p95_ms", "error_rate", "checkout_success",
                                                                 "support_first_response_s")])
    return table


def _value(r: RegionResult | None) -> str:
    if not r:
        return "[dim]-[/dim]"
    if r.undriven:
        return "[dim]not driven[/dim]"
    if r.status == "not judged" or r.measured is None:  # too little evidence: never shown as a pass
        return f"[dim]n/j {r.samples}/{r.minimum or '?'}[/dim]"
    text = f"{r.measured:.1%}" if r.metric in ("error_rate", "checkout_success") else f"{r.measured:,.1f}"
    return text if r.passed else f"[red]{text}[/red]"
