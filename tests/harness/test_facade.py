"""`harness` is the one place journey, check, adapter and locustfile authors import from: one name
per thing, every name there, and nothing heavy loaded by `import harness` itself (the pytest
plugin and the command line import it on every start)."""
from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import harness
import harness.expectations
import harness.tasks

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.py"))
HEAVY = ("playwright", "locust", "faker", "pydantic", "gevent")


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def _public(package) -> dict[str, list[str]]:
    """Name -> the modules of the package defining a public class or function of that name."""
    defined = defaultdict(list)
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, value in vars(module).items():
            if not name.startswith("_") and (inspect.isclass(value) or inspect.isfunction(value)) \
                    and value.__module__ == module.__name__:  # a check's factory carries its module too
                defined[name].append(module.__name__)
    return defined


def _tasks_and_checks() -> dict[str, list[str]]:
    both = defaultdict(list)
    for package in (harness.tasks, harness.expectations):
        for name, modules in _public(package).items():
            both[name] += modules
    return both


def test_no_two_tasks_or_checks_share_a_name():
    shared = {name: modules for name, modules in _tasks_and_checks().items() if len(modules) > 1}
    assert not shared, f"one name, several meanings: {shared}"


def test_the_facade_names_each_thing_once():
    table = harness._FROM
    assert len(harness.__all__) == len(set(harness.__all__)) == sum(map(len, table.values())) + len(harness._MODULES)
    assert set(dir(harness)) >= set(harness.__all__)


def test_every_name_in_all_resolves():
    """In a process of its own: the Locust names patch the process for gevent."""
    found = json.loads(_python(
        "import json, harness, harness.screenplay.report as steps, harness.report as builds\n"
        "from harness import report\n"
        "missing = [n for n in harness.__all__ if getattr(harness, n, None) is None]\n"
        "print(json.dumps({'missing': missing, 'journey_report': harness.journey_report is steps,\n"
        "                  'report': report is builds, 'Journey': harness.Journey.__module__}))"))
    assert found == {"missing": [], "journey_report": True, "report": True, "Journey": "harness.journeys"}


def test_importing_harness_loads_nothing_heavy():
    loaded = json.loads(_python(
        "import json, sys, harness\n"
        f"dir(harness); harness.__version__; heavy = {HEAVY!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))"))
    assert loaded == []


def test_a_journey_author_imports_every_task_and_check_from_the_facade():
    tasks_and_checks = set(_tasks_and_checks())
    assert SCENARIOS
    for path in SCENARIOS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        blocks = [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                  and any(m == "harness" or m.startswith("harness.")
                          for m in ([node.module or ""] if isinstance(node, ast.ImportFrom)
                                    else [a.name for a in node.names]))]
        assert all(isinstance(b, ast.ImportFrom) and b.module == "harness" for b in blocks), \
            f"{path.name}: import from `harness`, not from its modules"
        assert len(blocks) <= 1, f"{path.name}: one `from harness import (...)` block"
        imported = {alias.name for b in blocks for alias in b.names}
        assert imported <= set(harness.__all__), f"{path.name}: not in the facade: {imported - set(harness.__all__)}"
        used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} & tasks_and_checks
        assert used <= set(harness.__all__), f"{path.name}: tasks or checks not in the facade: {used - set(harness.__all__)}"


def test_the_shop_needs_nothing_from_the_screenplay():
    """The adapters sit under the screenplay: `CannotPerform` is the shop's (the screenplay re-exports it)."""
    from harness.screenplay import CannotPerform as from_screenplay
    from harness.screenplay.actor import CannotPerform as from_actor
    from harness.shop import CannotPerform

    assert from_screenplay is from_actor is CannotPerform
    shop = ROOT / "harness" / "shop"
    wrong = []
    for path in sorted(shop.rglob("*.py")):
        package = ["harness", *path.parent.relative_to(shop.parent).parts]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):  # module level or inside functions
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package[:len(package) - node.level + 1] if node.level else []
                origin = ".".join(base + ([node.module] if node.module else []))
                targets = [origin] + [f"{origin}.{a.name}" for a in node.names]
            else:
                continue
            if any(t == "harness.screenplay" or t.startswith("harness.screenplay.") for t in targets):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not wrong, f"harness.shop imports harness.screenplay: {wrong}"
