"""`harness` command line."""
from __future__ import annotations

import sys
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from .browser import NoChromium, launch_options
from .target import EmbeddedStorefront, TargetError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Multi-region simulation test harness for e-commerce.")
console = Console()


def _markets(value: str | None) -> list[str] | None:
    return [m.strip().upper() for m in value.split(",") if m.strip()] if value else None


@app.command()
def run(
    target: Optional[str] = typer.Option(None, help="staging shop URL; default: start the embedded storefront"),
    markets: Optional[str] = typer.Option(None, help="comma-separated markets, e.g. DE,JP (default: all sample customers)"),
    faults: str = typer.Option("", help="fault profiles for the embedded storefront, comma-separated"),
) -> None:
    """Walk a browser checkout as a customer of each market and report pass/fail per market."""
    from playwright.sync_api import sync_playwright

    from .checkout_walk import sample_customers, walk_checkout

    customers = sample_customers(_markets(markets))
    if not customers:
        console.print(f"[red]--markets: no sample customer for {markets!r}[/red]")
        raise typer.Exit(2)
    embedded = None
    try:
        if target is None:
            embedded = EmbeddedStorefront(tuple(f for f in faults.split(",") if f))
            with console.status("starting the embedded storefront ..."):
                target = embedded.start()
            console.print(f"embedded storefront at {target}")
        options = launch_options()
        table = Table(title="Checkout per market")
        for col in ("market", "customer", "order", "total", "result"):
            table.add_column(col)
        failed = 0
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**options)
            for customer in customers:
                with console.status(f"checkout as {customer.id} ..."):
                    result = walk_checkout(browser, target, customer)
                failed += not result.passed
                table.add_row(customer.market, customer.id, result.order_ref or "-", result.total or "-",
                              "[green]pass[/green]" if result.passed else "[red]fail[/red]: " + "; ".join(result.problems))
            browser.close()
        console.print(table)
        raise typer.Exit(1 if failed else 0)
    except (TargetError, NoChromium) as exc:
        console.print(f"[red]harness: {exc}[/red]")
        raise typer.Exit(2)
    finally:
        if embedded:
            embedded.stop()


@app.command()
def version() -> None:
    """Print the harness version."""
    from . import __version__

    console.print(__version__)


def main() -> None:
    app(prog_name="harness")


if __name__ == "__main__":
    sys.exit(main())
