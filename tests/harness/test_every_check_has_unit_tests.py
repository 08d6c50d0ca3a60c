"""Every check in `harness/expectations/` has unit tests: its name is built (`name()`) in one of
`tests/harness/test_*_checks.py`, where a fabricated actor holds it to what a clean shop and a
broken one show. A check added without them fails here, naming it."""
from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import harness.expectations
from harness.screenplay import REGISTRY, Check

HERE = Path(__file__).parent
SCENARIOS = HERE.parent.parent / "scenarios"


def expectation_checks() -> dict[str, str]:
    """Every public check of `harness/expectations/`, name -> module: a function defined there
    that takes nothing and returns a `Check` (what `@check` makes of a verify function)."""
    found: dict[str, str] = {}
    for info in pkgutil.iter_modules(harness.expectations.__path__, f"{harness.expectations.__name__}."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (name.startswith("_") or not inspect.isfunction(obj) or obj.__module__ != module.__name__
                    or inspect.signature(obj).parameters):
                continue
            if isinstance(obj(), Check):
                found[name] = module.__name__
    return found


def unit_test_files() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(HERE.glob("test_*_checks.py"))}


def untested(checks: dict[str, str], files: dict[str, str]) -> list[str]:
    """The checks no unit-test file builds, each with its module."""
    return [f"{name} ({module})" for name, module in sorted(checks.items())
            if not any(re.search(rf"\b{re.escape(name)}\s*\(\s*\)", text) for text in files.values())]


def scenario_checks() -> set[str]:
    """The names a scenario passes to `customer.should(...)`, built as `name()`."""
    names = set()
    for path in SCENARIOS.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "should":
                names |= {arg.func.id for arg in node.args if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name)}
    return names


def test_all_checks_in_the_expectations_have_unit_tests():
    missing = untested(expectation_checks(), unit_test_files())
    assert not missing, ("checks without unit tests (build each as name() in a tests/harness/test_*_checks.py "
                         "and hold it to a clean and a broken shop): " + ", ".join(missing))


def test_the_checks_found_are_every_registered_check_of_the_expectations():
    found = expectation_checks()
    registered = {made.verify.__name__ for made in REGISTRY.values()
                  if made.verify.__module__.startswith(f"{harness.expectations.__name__}.")}
    assert len(found) >= 40, sorted(found)
    assert set(found) == registered, (sorted(set(found) ^ registered))


def test_the_checks_scenarios_use_are_among_them():
    used = scenario_checks()
    assert used, "no customer.should(...) found in scenarios/"
    assert used <= set(expectation_checks()), sorted(used - set(expectation_checks()))


def test_the_guard_names_checks_no_file_builds():
    checks = {"lands_in_its_market": "harness.expectations.service_area",
              "logs_in_from_abroad": "harness.expectations.traveller"}
    files = {"test_a_checks.py": "LANDS = lands_in_its_market()\n# logs_in_from_abroad is only named here"}
    assert untested(checks, files) == ["logs_in_from_abroad (harness.expectations.traveller)"]
    files["test_b_checks.py"] = "run_check(actor, logs_in_from_abroad ( ))"
    assert untested(checks, files) == []
