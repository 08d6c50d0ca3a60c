"""Reading back the Allure results a run wrote: the journeys' own, and the per-market coverage."""
from __future__ import annotations

import json
from pathlib import Path


def journey_results(folder: Path) -> list[dict]:
    """Every result but the per-market coverage ones (`harness.coverage.write_allure`)."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*-result.json"))
            if "-coverage-" not in p.name]


def coverage_results(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*-coverage-*-result.json"))]
