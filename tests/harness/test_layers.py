"""The harness imports without a cycle: between its packages, and between any two of its
modules; and what every part reads (its errors, settings, the journey registry, the typed
results) reads almost nothing, so that any part can be read and tested alone.

Read from the source (tests/import_graph.py, every import counted, those inside functions too).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from ..import_graph import cycles, explain, graph

HARNESS = Path(__file__).resolve().parents[2] / "harness"
# module -> the harness modules it may import (inside functions too)
FOUNDATIONS = {"errors": set(), "results": set(), "journeys": {"errors"}, "shipped": set(), "shards": {"errors"},
               "settings": {"errors", "journeys", "personas", "persona_context", "shards"}}


@pytest.mark.parametrize("level", [1, 2, 3], ids=["packages", "subpackages", "modules"])
def test_no_import_cycle_inside_the_harness(level):
    assert cycles(HARNESS, level) == [], explain(HARNESS, level)


@pytest.mark.parametrize("module", sorted(FOUNDATIONS))
def test_what_every_part_reads_reads_almost_nothing(module):
    beyond = [i for target, found in graph(HARNESS).get(module, {}).items() if target not in FOUNDATIONS[module]
              for i in found]
    assert beyond == [], "\n".join(f"{i.where()}: {module} imports {i.module}" for i in beyond)


def test_the_adapter_interface_needs_no_journey_machinery():
    """An adapter author's package (harness.shop) is below the screenplay, the plugin and the jobs."""
    above = {"screenplay", "plugin", "job", "load", "tasks", "expectations", "cli"}
    upward = [i for target, found in graph(HARNESS).get("shop", {}).items() if target in above for i in found]
    assert upward == [], "\n".join(f"{i.where()}: shop imports {i.module}" for i in upward)
