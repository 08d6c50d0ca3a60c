"""One registry of journeys: what the plugin, the command line, `harness run`, rehearsal plans and
the docs read. A journey of one's own is one test file plus one registry entry."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from harness import journeys as registry
from ..helpers import journey_lines
from harness.errors import UserInputError
from harness.job.plan import RehearsalPlan

ROOT = Path(__file__).resolve().parents[2]


def _catalogue_markers(path: Path) -> set[str]:
    """Every id in the file's @pytest.mark.catalogue(...)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("mark.catalogue"):
            found |= {arg.value for arg in node.args}
    return found


@pytest.mark.parametrize("journey", registry.BUILT_IN, ids=lambda j: j.name)
def test_each_entry_says_what_its_test_file_checks(journey):
    path = journey.test_file()
    text = path.read_text(encoding="utf-8")
    assert f"pytestmark = pytest.mark.{journey.marker}" in text or f"pytestmark = [pytest.mark.{journey.marker}," in text
    assert set(journey.catalogue) == _catalogue_markers(path)


def test_every_scenario_file_is_a_registered_journey():
    files = {p.name for p in (ROOT / "scenarios").glob("test_*.py")}
    assert files == {j.test_file().name for j in registry.BUILT_IN}


@pytest.mark.parametrize("given", ["after-sales", "after_sales"])
def test_one_spelling_on_the_command_line_the_other_taken_with_a_hint(given):
    assert [j.name for j in registry.parse(given)] == ["after-sales"]
    assert bool(registry.hint(given)) is (given == "after_sales")


def test_an_unknown_journey_is_refused_naming_the_flag_the_value_and_the_nearest():
    with pytest.raises(UserInputError, match=r"^--journeys: 'chekout': unknown journey \(did you mean checkout\?\)"):
        registry.parse("service-area,chekout")


def test_a_rehearsal_plan_reads_the_registry():
    plan = RehearsalPlan(waves=[{"markets": ["DE"], "journeys": ["after_sales", "checkout"]}])
    assert plan.waves[0].journeys == ["after-sales", "checkout"]
    assert plan.journeys == registry.names()


def test_a_bad_journey_name_is_refused_where_it_is_registered():
    with pytest.raises(ValueError, match="gift_cards"):
        registry.Journey("gift_cards", "x", ())


TOY_JOURNEY = '''
    from harness import Journey

    JOURNEY = Journey("gift-cards", "toyjourney.test_gift_cards", ("SA-3",), needs=("catalogue",),
                      summary="a toy: lands and is offered its market's languages")
'''

TOY_TESTS = '''
    """A journey of one's own: one test file."""
    import pytest

    from harness import Land, offers_the_markets_languages

    pytestmark = pytest.mark.gift_cards


    @pytest.mark.catalogue("SA-3")
    def test_offered_its_languages_before_buying_a_gift_card(customer):
        customer.attempts_to(Land.on_the_shop())
        customer.should(offers_the_markets_languages())
'''


def _installed_toy(where: Path) -> dict:
    """The toy journey as a distribution would register it: an entry point in its dist-info."""
    package = where / "toyjourney"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent(TOY_JOURNEY), encoding="utf-8")
    (package / "test_gift_cards.py").write_text(textwrap.dedent(TOY_TESTS), encoding="utf-8")
    info = where / "toyjourney-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toyjourney\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[{registry.ENTRY_POINTS}]\ngift-cards = toyjourney:JOURNEY\n",
                                           encoding="utf-8")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(where), str(ROOT)])}


@pytest.mark.slow
def test_a_registered_toy_journey_is_walked_by_harness_run(tmp_path):
    env = _installed_toy(tmp_path / "site")
    listed = subprocess.run([sys.executable, "-m", "harness.entry", "journeys"], capture_output=True, text=True,
                            env=env, timeout=60)
    assert "gift-cards  (-m gift_cards)  SA-3" in listed.stdout
    reports = tmp_path / "reports"
    walked = subprocess.run([sys.executable, "-m", "harness.entry", "run", "--journeys", "gift_cards", "--markets", "CH",
                             "--personas", "1", "--no-load", "--workers", "1", "--reports", str(reports)],
                            capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path)
    out = walked.stdout + walked.stderr
    assert walked.returncode == 0, out[-3000:]
    assert "journey 'gift_cards' is spelt 'gift-cards'" in out
    walks = journey_lines(reports / "journeys-progress.jsonl")
    assert [(w["journey"], w["persona"], w["outcome"]) for w in walks] == [("gift-cards", "CH-0001", "passed")]
    assert "gift-cards" in (reports / "summary.txt").read_text(encoding="utf-8")  # the grid's column
