"""Live progress of a load run: users, requests per second, and per region its rate, failures
and p95 so far."""
from __future__ import annotations

from rich.console import Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from .gates import by_region

SHOWN_REGIONS = 10


class Progress:
    def __init__(self, console, duration: float, shape: str):
        self.live = Live(console=console, refresh_per_second=2, transient=False)
        self.duration, self.shape = duration, shape

    def __enter__(self) -> "Progress":
        self.live.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.live.__exit__(*exc)
        if not self.live.console.is_terminal:  # Rich leaves the last frame without its line end there
            self.live.console.line()

    def __call__(self, env, elapsed: float) -> None:
        total = env.stats.total
        runner = env.runner
        head = Text(f"{self.shape}: {elapsed:5.0f}/{self.duration:.0f} s   users {runner.user_count:5d}   "
                    f"{total.current_rps:7.1f} req/s   {total.num_requests} requests, {total.num_failures} failed",
                    style="bold")
        table = Table(box=None, pad_edge=False)
        for col in ("region", "req/s", "requests", "failures", "p95 ms"):
            table.add_column(col, justify="right" if col != "region" else "left")
        regions = sorted(by_region(env.stats).items(), key=lambda kv: -kv[1].num_requests)[:SHOWN_REGIONS]
        for market, entry in regions:
            failures = f"[red]{entry.num_failures}[/red]" if entry.num_failures else "0"
            table.add_row(market, f"{entry.current_rps:.1f}", str(entry.num_requests), failures,
                          f"{entry.get_response_time_percentile(0.95):,.0f}")
        self.live.update(Group(head, table))
