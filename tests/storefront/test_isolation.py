"""The harness reaches the storefront over HTTP only: harness/, personas/ and scenarios/ never import it."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from .conftest import ROOT

ISOLATED = ("harness", "personas", "scenarios")
PACKAGE = "storefront"
_LINE = re.compile(r"^\s*(?:import\s+storefront\b|from\s+storefront\b)", re.MULTILINE)


def _names_storefront(module: str | None) -> bool:
    return bool(module) and (module == PACKAGE or module.startswith(PACKAGE + "."))


def storefront_imports(path: Path) -> list[str]:
    """Lines of `path` that import the storefront package, as "path:line"."""
    source = path.read_text(encoding="utf-8", errors="replace")
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError:
        # A file being edited still must not import the shop: fall back to the lines.
        return [f"{path}:{source.count(chr(10), 0, m.start()) + 1}" for m in _LINE.finditer(source)]
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found = any(_names_storefront(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found = node.level == 0 and _names_storefront(node.module)
        elif isinstance(node, ast.Call):
            # __import__("storefront"), importlib.import_module("storefront.shop")
            fn = node.func
            name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
            arg = node.args[0] if node.args else None
            found = (name in ("__import__", "import_module") and isinstance(arg, ast.Constant)
                     and isinstance(arg.value, str) and _names_storefront(arg.value))
        else:
            continue
        if found:
            hits.append(f"{path}:{node.lineno}")
    return hits


def scan(root: Path, dirs=ISOLATED) -> list[str]:
    hits = []
    for d in dirs:
        for path in sorted((root / d).rglob("*.py")) if (root / d).is_dir() else []:
            hits += storefront_imports(path)
    return hits


def test_harness_personas_and_scenarios_do_not_import_the_storefront():
    assert scan(ROOT) == [], "talk to the storefront over HTTP (harness/target.py), do not import it"


@pytest.mark.parametrize("source", [
    "import storefront",
    "import storefront.shop",
    "import os, storefront.settings as s",
    "from storefront import faults",
    "from storefront.web.api import router",
    "def f():\n    try:\n        from storefront.shop import load_shop\n    except ImportError:\n        pass",
    "import importlib\nshop = importlib.import_module('storefront.shop')",
    "m = __import__('storefront')",
    "if True:\n    import storefront\n  broken indentation(",
])
def test_scanner_finds_an_import(tmp_path, source):
    (tmp_path / "scenarios" / "deep").mkdir(parents=True)
    (tmp_path / "scenarios" / "deep" / "bad.py").write_text(source + "\n", encoding="utf-8")
    (tmp_path / "harness").mkdir()
    (tmp_path / "harness" / "fine.py").write_text("import httpx\n", encoding="utf-8")
    hits = scan(tmp_path)
    assert len(hits) == 1 and "bad.py" in hits[0], hits


@pytest.mark.parametrize("source", [
    "import storefront_client",
    "from storefronts import x",
    "from . import storefront",
    "from .storefront import target",
    "# import storefront",
    "CMD = [sys.executable, '-m', 'storefront']",
    "'''\nimport storefront\n'''",
])
def test_scanner_ignores_what_is_not_an_import(tmp_path, source):
    (tmp_path / "personas").mkdir()
    (tmp_path / "personas" / "ok.py").write_text(source + "\n", encoding="utf-8")
    assert scan(tmp_path) == []
