"""The typed results processes hand each other (harness/results.py): what a line of them says."""
from __future__ import annotations

import pytest

from harness.results import JourneyResult, tally


def walk(outcome: str) -> JourneyResult:
    return JourneyResult(nodeid="x", journey="checkout", persona="DE-0001", market="DE", outcome=outcome, message="")


@pytest.mark.parametrize("outcomes, said", [
    (["passed"] * 6 + ["skipped"], "6 of 7 passed, 1 skipped"),
    (["passed", "failed", "broken", "failed"], "1 of 4 passed, 2 failed, 1 broken"),
    (["passed", "passed"], "2 of 2 passed"),
    ([], "0 of 0 passed"),
])
def test_a_tally_names_every_outcome_that_occurred(outcomes, said):
    assert tally([walk(o) for o in outcomes]) == said


def test_a_flaky_pass_is_counted_apart_and_its_first_walk_is_shown():
    import io

    from rich.console import Console

    from harness.job.summary import cell, findings

    flaky = walk("passed").model_copy(update={"flaky": "DE-0001 checkout: expected currency EUR, the page shows USD (SA-3)"})
    assert tally([walk("passed"), flaky]) == "2 of 2 passed (1 flaky)"
    assert "~" in cell([flaky]) and "~" not in cell([walk("passed")])
    shown = io.StringIO()
    findings(Console(file=shown, width=200), [walk("passed"), flaky])
    assert "DE-0001 checkout: flaky, passed when walked again; the walk before: DE-0001 checkout: expected currency EUR" \
        in shown.getvalue()
