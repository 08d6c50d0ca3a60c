"""The storefront's packages are layered: no import cycle between them, the HTTP toolkit below
every part that builds pages on it, and the policy facts and fault base below every part.

Read from the source (tests/import_graph.py): no server, nothing of the shop imported.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from ..import_graph import cycles, explain, graph, imports

STOREFRONT = Path(__file__).resolve().parents[2] / "storefront"
# What is built on the toolkit: the commerce pages and rules, the other parts, and the modules
# that put the shop together.
ABOVE_TOOLKIT = {"web", "checkout", "help", "support", "aftersales",
                 "faults", "loading", "schema", "app", "server", "__main__"}
# Modules every part reads, and so may read nothing but the settings.
SETTINGS_ONLY = ("policy", "fault_base")


@pytest.fixture(scope="module")
def storefront_graph():
    return graph(STOREFRONT)


def test_no_import_cycle_between_the_storefront_packages():
    assert cycles(STOREFRONT) == [], explain(STOREFRONT)


def test_the_toolkit_imports_nothing_built_on_it(storefront_graph):
    upward = [i for target, found in storefront_graph["toolkit"].items() if target in ABOVE_TOOLKIT for i in found]
    assert upward == [], "\n".join(f"{i.where()}: toolkit imports {i.module}" for i in upward)


@pytest.mark.parametrize("module", SETTINGS_ONLY)
def test_what_every_part_reads_reads_only_the_settings(storefront_graph, module):
    beyond = [i for target, found in storefront_graph.get(module, {}).items() if target != "settings" for i in found]
    assert beyond == [], "\n".join(f"{i.where()}: {module} imports {i.module}" for i in beyond)


# ---------------------------------------------------------------- the graph itself


def _package(root: Path, files: dict[str, str]) -> Path:
    pkg = root / "pkg"
    for name, source in {"__init__.py": "", **files}.items():
        path = pkg / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return pkg


def test_a_cycle_is_found_and_each_step_named_with_file_and_line(tmp_path):
    pkg = _package(tmp_path, {
        "a/__init__.py": "",
        "a/x.py": "import os\n\nfrom ..b import y\n",
        "b/__init__.py": "",
        "b/y.py": "def later():\n    from pkg.c import z\n",  # inside a function, absolute: still an import
        "c.py": "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from .b import y\n\nfrom .a import x\n",
    })
    assert cycles(pkg) == [["a", "b", "c"]]
    message = explain(pkg)
    assert "import cycle a -> b -> c -> a" in message
    for step in ("a -> b: pkg/a/x.py:3 imports pkg.b", "b -> c: pkg/b/y.py:2 imports pkg.c",
                 "c -> a: pkg/c.py:6 imports pkg.a.x"):
        assert step in message, message


def test_an_import_only_for_type_checking_makes_no_cycle(tmp_path):
    pkg = _package(tmp_path, {
        "low.py": "import typing\n\nif typing.TYPE_CHECKING:\n    from .high import H\nelse:\n    H = None\n",
        "high.py": "from .low import H\n",
    })
    assert cycles(pkg) == [] and explain(pkg) == ""
    assert set(graph(pkg)) == {"high"}


def test_modules_count_as_their_package_at_the_level_asked(tmp_path):
    pkg = _package(tmp_path, {
        "part/__init__.py": "from . import inner\n",  # a submodule: part -> part, no edge
        "part/inner.py": "from .. import base\nfrom pkg import helper_name\n",
        "base.py": "import importlib\nimportlib.import_module('pkg.part.inner')\n",
    })
    assert {(i.source, i.target, i.module) for i in imports(pkg)} == {
        ("part", "base", "pkg.base"), ("part", "__init__", "pkg"), ("base", "part", "pkg.part.inner")}
    assert cycles(pkg) == [["base", "part"]]
    assert cycles(pkg, level=2) == [["base", "part.inner"]]
