"""Coverage: per market, which failure-catalogue entries were checked, which failed, and which
could not be checked and why, from the outcomes of every journey's checks.

A cell of the grid (market x catalogue entry) is
  ✓ every check of the entry that was made passed, and none was left out;
  ◐ some passed, some (or parts of some) could not be checked;
  ✗ a check of the entry failed;
  – nothing of the entry could be checked (the reasons are listed under the grid);
  · no journey checked the entry for the market (not walked, or not promised by its policy).
A market where no check at all passed was not tested: it is never green.
"""
from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path

from .report import market_epic

AREAS = ("SA", "CS", "AS", "PD", "CP")
MARKS = {"passed": "[green]✓[/green]", "partly": "[yellow]◐[/yellow]", "failed": "[red]✗[/red]",
         "not checked": "[dim]–[/dim]", "none": "[dim]·[/dim]"}
TEXT_MARKS = {"passed": "✓", "partly": "◐", "failed": "✗", "not checked": "–", "none": "·"}


@dataclass
class Cell:
    passed: int = 0
    failed: int = 0
    not_checked: int = 0
    partly: int = 0  # passed with parts it could not compare
    reasons: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # why not -> scenario -> checks

    @property
    def state(self) -> str:
        if self.failed:
            return "failed"
        if self.passed and (self.not_checked or self.partly):
            return "partly"
        if self.passed:
            return "passed"
        return "not checked" if self.not_checked else "none"


Coverage = dict[str, dict[str, Cell]]  # market -> entry -> cell


def entry_order(entry: str) -> tuple[int, int]:
    area, _, number = entry.partition("-")
    return (AREAS.index(area) if area in AREAS else len(AREAS), int(number) if number.isdigit() else 0)


def tally(rows: Iterable[tuple[str, str, list[dict]]]) -> Coverage:
    """`rows`: (market, scenario, the check outcomes of its journey) for every journey walked."""
    coverage: Coverage = {}
    for market, scenario, checks in rows:
        cells = coverage.setdefault(market, {})
        for outcome in checks:
            for entry in outcome["entries"]:
                cell = cells.setdefault(entry, Cell())
                status = outcome["status"]
                if status == "failed":
                    if entry in outcome.get("failed_entries", outcome["entries"]):
                        cell.failed += 1
                    elif outcome.get("seen"):
                        cell.passed += 1
                elif status == "passed":
                    cell.passed += 1
                    if outcome.get("gaps"):
                        cell.partly += 1
                elif status == "not checked":
                    cell.not_checked += 1
                if status == "not checked" or (status == "passed" and outcome.get("gaps")):
                    for why in ([outcome["why"]] if status == "not checked" else outcome["gaps"]):
                        made = cell.reasons.setdefault(why, {}).setdefault(scenario, [])
                        if outcome["check"] not in made:
                            made.append(outcome["check"])
    return coverage


def scenario_of(nodeid: str) -> str:
    """"scenarios/test_checkout.py::test_guest_checkout[chromium-DE-0001]" -> "guest checkout"."""
    return nodeid.rpartition("::")[2].split("[")[0].removeprefix("test_").replace("_", " ")


def entries_of(coverage: Coverage) -> list[str]:
    return sorted({e for cells in coverage.values() for e in cells}, key=entry_order)


def untested(coverage: Coverage, markets: Iterable[str]) -> list[str]:
    """Markets where no check passed and none failed: walked, but nothing could be checked."""
    out = []
    for market in markets:
        cells = coverage.get(market, {}).values()
        if not any(c.passed or c.failed for c in cells):
            out.append(market)
    return out


def reasons(coverage: Coverage, limit: int = 12) -> list[str]:
    """Why checks were not made: each reason once, with its markets, scenarios and checks."""
    grouped: dict[str, tuple[dict[str, list[str]], list[str]]] = {}
    for market, cells in coverage.items():
        for cell in cells.values():
            for why, made in cell.reasons.items():
                scenarios, markets = grouped.setdefault(why, ({}, []))
                for scenario, checks in made.items():
                    known = scenarios.setdefault(scenario, [])
                    known.extend(c for c in checks if c not in known)
                if market not in markets:
                    markets.append(market)
    lines = []
    for why, (scenarios, markets) in sorted(grouped.items(), key=lambda item: -len(item[1][1])):
        where = ", ".join(markets) if len(markets) <= 6 else f"{', '.join(markets[:5])} and {len(markets) - 5} more"
        what = "; ".join(f"{scenario}: {', '.join(checks)}" if len(checks) <= 3 else f"{scenario} ({len(checks)} checks)"
                         for scenario, checks in scenarios.items())
        lines.append(f"{why} ({where}): {what}")
    return lines[:limit] + ([f"... and {len(lines) - limit} more reasons (the report has them all)"]
                            if len(lines) > limit else [])


def grid(coverage: Coverage, markets: list[str]):
    """The grid as a Rich table: a row per market, a narrow column per catalogue entry."""
    from rich.table import Table

    entries = entries_of(coverage)
    table = Table(box=None, padding=(0, 0), show_edge=False)
    table.add_column("market", no_wrap=True)
    for entry in entries:
        table.add_column(entry.replace("-", "\n"), justify="center", width=3)
    for market in markets:
        cells = coverage.get(market, {})
        table.add_row(market, *[MARKS[cells[e].state] if e in cells else MARKS["none"] for e in entries])
    return table


def legend() -> str:
    return ("✓ checked and passed  ◐ partly checked  ✗ failed  – not checked (why below)  "
            "· not walked or not promised")


# --------------------------------------------------------------------------- in the Allure report


def write_allure(coverage: Coverage, names: dict[str, str], alluredir: Path, label: str | None = None,
                 personas: dict[str, list[str]] | None = None) -> None:
    """One result per market, "coverage of <market>": the entries checked, failed and not checked
    (with why), under the market's epic: what a QA lead asks ("how is Germany?"); with the
    covering personas, what each of them stood for (`personas`: market -> lines)."""
    alluredir.mkdir(parents=True, exist_ok=True)
    for market, cells in coverage.items():
        states = {entry: cells[entry].state for entry in sorted(cells, key=entry_order)}
        failed = [e for e, s in states.items() if s == "failed"]
        checked = [e for e, s in states.items() if s in ("passed", "partly", "failed")]
        status = "failed" if failed else "passed" if checked else "skipped"
        rows = "".join(
            f"<tr><td>{html_escape(e)}</td><td>{TEXT_MARKS[s]} {html_escape(s)}</td><td>"
            + html_escape("; ".join(f"{why}: " + ", ".join(f"{scenario} ({', '.join(checks)})"
                                                            for scenario, checks in made.items())
                                    for why, made in cells[e].reasons.items()))
            + "</td></tr>" for e, s in states.items())
        name = names.get(market, market)
        message = (f"failed: {', '.join(failed)}" if failed else
                   f"nothing could be checked for {name}" if not checked else
                   f"{len(checked)} entries checked, {sum(s == 'partly' for s in states.values())} of them partly")
        result = {
            "uuid": str(uuid.uuid4()), "historyId": f"coverage-{market}-{label or ''}", "testCaseId": f"coverage-{market}",
            "name": f"coverage of {name} ({market})", "fullName": f"coverage::{market}", "status": status,
            "statusDetails": {"message": message}, "stage": "finished",
            "descriptionHtml": "<table><tr><th>entry</th><th>checked</th><th>not checked, why</th></tr>"
                               f"{rows}</table>" + _personas_html((personas or {}).get(market)),
            "labels": [{"name": "epic", "value": market_epic(name, market)}, {"name": "feature", "value": "coverage"},
                       {"name": "market", "value": market}, {"name": "suite", "value": "coverage"},
                       *([{"name": "tag", "value": label}, {"name": "parentSuite", "value": label}] if label else [])],
            "parameters": [{"name": "conditions", "value": label}] if label else [],
        }
        safe = re.sub(r"[^A-Za-z0-9-]", "", market)
        (alluredir / f"{result['uuid']}-coverage-{safe}-result.json").write_text(json.dumps(result), encoding="utf-8")


def _personas_html(lines: list[str] | None) -> str:
    """The covering personas: a summary line, then each persona and what it stands for."""
    if not lines:
        return ""
    items = "".join(f"<li>{html_escape(line)}</li>" for line in lines[1:])
    return f"<p>{html_escape(lines[0])}</p><ul>{items}</ul>"
