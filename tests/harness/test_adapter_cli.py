"""`harness adapter new` and `harness adapter check`: a skeleton that is the interface and passes
the check as "not offered" throughout; the reference adapter working everywhere; a broken adapter
pointed out method by method. And `METHODS`, the one table of which method serves which
capability, kept whole: a new Protocol method cannot be forgotten."""
from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness.adapter import check as adapter_check
from harness.adapter.interface import all_methods, conforms, parts
from harness.shop import Account, Aftersales, Capability, Catalogue, Checkout, Mailbox, Refusal, Support
from harness.shop.capabilities import METHODS
from harness.shop.checkout import StoredOrder


ROOT = Path(__file__).resolve().parents[2]
PROTOCOLS = {"catalogue": Catalogue, "checkout": Checkout, "account": Account, "mailbox": Mailbox, "support": Support,
             "aftersales": Aftersales}


def harness(*args: str, pythonpath: Path | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "250"}
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(pythonpath), env.get("PYTHONPATH", "")) if p)
    return subprocess.run([sys.executable, "-m", "harness.entry", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=timeout)


def cell(output: str, title: str) -> str:
    """The market's cell of the table row for `title` (one market: the last column)."""
    line = next((ln for ln in output.splitlines() if re.search(r"│ " + re.escape(title) + r"\s+│", ln)), None)
    assert line is not None, f"no row {title!r} in:\n{output}"
    return line.split("│")[-2].strip()


def declared(output: str, title: str) -> str:
    line = next(ln for ln in output.splitlines() if re.search(r"│ " + re.escape(title) + r"\s+│", ln))
    return line.split("│")[3].strip()


ROWS = [s.title for s in adapter_check.rows()]


# ------------------------------------------------------------------------------ one table of methods


def test_every_protocol_method_is_named_in_METHODS():
    assert set(parts()) == set(PROTOCOLS), "Shop has a part this test does not know"
    defined = {f"{part}.{name}" for part, protocol in PROTOCOLS.items()
               for name, f in vars(protocol).items() if inspect.isfunction(f) and not name.startswith("_")}
    listed = {m for methods in METHODS.values() for m in methods}
    assert defined - listed == set(), "methods no capability names (harness/shop/capabilities.py: METHODS)"
    assert listed - defined == set(), "METHODS names methods no Protocol has"
    assert set(METHODS) == set(Capability)
    assert [c for c, methods in METHODS.items() if not methods] == [Capability.DELIVERY_ESTIMATES]


def test_every_protocol_method_says_what_it_returns_and_when_it_is_not_offered():
    for m in all_methods():
        named = re.findall(r"NotOffered\(Capability\.([A-Z_]+)\)", m.doc)
        assert named and {Capability[n] for n in named} <= set(m.capabilities), m.qualified
        returns = m.signature.return_annotation
        for name in re.findall(r"\b[A-Z]\w+", returns):  # the data classes it returns, and None where it may
            assert f"`{name}`" in m.doc or (name == "None" and "None" in m.doc), (m.qualified, name)


def test_the_check_calls_every_method_of_every_capability_once():
    called = [s.key for s in adapter_check.STEPS if not s.derived]
    assert len(called) == len(set(called))
    assert set(called) == {(c, m) for c, methods in METHODS.items() for m in methods}
    assert [s.capability for s in adapter_check.STEPS if s.derived] == [Capability.DELIVERY_ESTIMATES]


def test_a_return_value_is_checked_against_the_protocol():
    stored = next(m for m in all_methods() if m.qualified == "checkout.stored_order").returns
    assert conforms(Refusal("no", "de", status=403), stored)
    assert not conforms(None, stored) and not conforms({"ref": "x"}, stored)
    messages = next(m for m in all_methods() if m.qualified == "mailbox.messages").returns
    assert conforms([], messages) and not conforms(["a mail"], messages)
    assert StoredOrder  # the union's other half, imported to keep the names above honest


def test_a_call_that_hangs_is_cut_off():
    # cut off, or the sleep would end without raising: no clock needed to tell
    with pytest.raises(adapter_check.CallTimedOut):
        with adapter_check.deadline(0.3):
            time.sleep(5)


# ------------------------------------------------------------------------------------ adapter new


@contextlib.contextmanager
def imported(folder: Path, name: str):
    """The package `name` written in `folder`, freshly imported (and forgotten again after)."""
    def forget():
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]

    forget()
    sys.path.insert(0, str(folder))
    importlib.invalidate_caches()
    try:
        yield importlib.import_module(name)
    finally:
        sys.path.remove(str(folder))
        forget()


def every_method_is_stubbed(package) -> None:
    """The skeleton is the interface: each method has the Protocol's signature and docstring, and
    raises NotOffered for one of its own capabilities."""
    from harness.shop import NotOffered

    shop = package.make_shop("http://127.0.0.1:9")
    assert shop.offers == frozenset(), shop.offers
    for m in all_methods():
        implemented = getattr(getattr(shop, m.part), m.name)
        assert inspect.signature(implemented) == inspect.signature(m.function.__get__(object())), m.qualified
        assert inspect.getdoc(implemented) == m.doc, m.qualified
        arguments = [None] * (len(inspect.signature(implemented).parameters))
        with pytest.raises(NotOffered) as raised:
            implemented(*arguments)
        assert raised.value.capability in m.capabilities, (m.qualified, raised.value.capability)


def test_adapter_new_writes_a_skeleton_that_is_the_interface(tmp_path, harness_in_process):
    done = harness_in_process("adapter", "new", "acme_shop", "--into", str(tmp_path))
    assert done.code == 0, done.err
    package = tmp_path / "acme_shop"
    files = sorted(p.name for p in package.iterdir())
    assert files == sorted(["__init__.py", "ids.py", *(f"{part}.py" for part in PROTOCOLS)])
    assert "harness adapter check --adapter acme_shop:make_shop --target URL" in done.out
    assert f"PYTHONPATH={tmp_path}" in done.out
    for name in files:
        assert name in done.out

    with imported(tmp_path, "acme_shop") as acme_shop:
        every_method_is_stubbed(acme_shop)
        importlib.import_module("acme_shop.ids")
        assert acme_shop.ids.PAYMENT_METHODS.to_shop("card") == "card"

    for path in package.glob("*.py"):  # imports read well: every name imported is used
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        names = {a.asname or a.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                 and getattr(node, "module", "") != "__future__" for a in node.names}
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        assert names <= used, (path.name, names - used)
        assert max(len(line) for line in source.splitlines()) <= 125, path.name

    # switching a capability on is removing its "#": every one listed, and all of them together add up
    init = (package / "__init__.py").read_text(encoding="utf-8")
    listed = re.findall(r"^    # Capability\.([A-Z_]+),", init, flags=re.M)
    assert listed == [c.name for c in Capability]
    (package / "__init__.py").write_text(init.replace("    # Capability.", "    Capability."), encoding="utf-8")
    with imported(tmp_path, "acme_shop") as acme_shop:
        assert len(acme_shop.make_shop("http://x").offers) == len(Capability)


@pytest.mark.parametrize("what, argv, words", [
    ("not a package name", lambda t: ["acme-shop", "--into", str(t)], ["NAME", "'acme-shop'", "try 'acme_shop'"]),
    ("a keyword", lambda t: ["class", "--into", str(t)], ["NAME", "'class'"]),
    ("a standard module", lambda t: ["json", "--into", str(t)], ["NAME", "'json'", "standard library"]),
    ("no such directory", lambda t: ["acme", "--into", str(t / "nowhere")], ["--into", "nowhere", "does not exist"]),
    ("not a directory", lambda t: ["acme", "--into", str(t / "file.txt")], ["--into", "not a directory"]),
    ("exists already", lambda t: ["taken", "--into", str(t)], ["taken", "exists already", "never overwrites"]),
])
def test_adapter_new_refuses_in_one_line(tmp_path, what, argv, words, harness_in_process):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "mine.py").write_text("KEEP = 1\n", encoding="utf-8")
    (tmp_path / "file.txt").write_text("", encoding="utf-8")
    done = harness_in_process("adapter", "new", *argv(tmp_path))
    assert done.code == 2, (what, done.out, done.err)
    lines = done.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("harness: ") and not done.out, done.text
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert (tmp_path / "taken" / "mine.py").read_text(encoding="utf-8") == "KEEP = 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "taken"], "it wrote something"


# ---------------------------------------------------------------------------------- adapter check


@pytest.mark.parametrize("argv, words", [
    (["--adapter", "no_such_adapter:make_shop"], ["--adapter", "no_such_adapter"]),
    (["--adapter", "harness.shop:no_such_function"], ["--adapter", "no_such_function"]),
    (["--target", "http://127.0.0.1:9"], ["--target", "unreachable"]),
    (["--markets", "DX"], ["--markets", "'DX'"]),
    (["--faults", "wrong-currency", "--target", "http://127.0.0.1:9"], ["--faults"]),
])
def test_adapter_check_refuses_in_one_line(argv, words, harness_in_process):
    done = harness_in_process("adapter", "check", *argv)
    assert done.code == 2, (done.out, done.err)
    lines = done.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("harness: ") and not done.out, done.text
    for word in words:
        assert word in lines[0]


@pytest.mark.slow
def test_the_skeleton_is_not_offered_throughout(tmp_path, harness_in_process, running_shop):
    """A skeleton asks the shop nothing, so the shared clean storefront serves."""
    assert harness_in_process("adapter", "new", "skeleton_shop", "--into", str(tmp_path)).code == 0
    done = harness("adapter", "check", "--adapter", "skeleton_shop:make_shop", "--markets", "DE", "--target", running_shop(),
                   pythonpath=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    for title in ROWS:
        assert cell(done.stdout, title) == "not offered", title
        assert declared(done.stdout, title) == "no"
    assert "nothing declared yet" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.slow
def test_the_reference_adapter_works_throughout():
    """Its own embedded storefront, started by the check (the default target): the check places orders."""
    done = harness("adapter", "check", "--markets", "DE")
    assert done.returncode == 0, done.stdout + done.stderr
    for title in ROWS:
        assert cell(done.stdout, title).startswith("works"), (title, cell(done.stdout, title))
        assert declared(done.stdout, title) == "yes"
    assert cell(done.stdout, "catalogue.land").startswith("works: DE, de, EUR,")
    assert f"all {len(Capability)} declared capabilities work (DE)" in done.stdout


BROKEN = '''
"""The reference adapter with its order API broken, its cart returning the wrong thing, and its
help centre working but not declared."""
from dataclasses import replace

from harness.shop import Capability
from harness.shop.reference import make_shop as reference


class Checkout:
    def __init__(self, checkout):
        self._checkout = checkout

    def __getattr__(self, name):
        return getattr(self._checkout, name)

    def stored_order(self, page, ref):
        raise RuntimeError("the order API moved to /v2\\nand this line is not shown")

    def open_cart(self, page):
        return {"lines": []}


def make_shop(url):
    shop = reference(url)
    return replace(shop, checkout=Checkout(shop.checkout), offers=shop.offers - {Capability.HELP_CENTRE})
'''


@pytest.mark.slow
def test_a_broken_adapter_is_pointed_out_method_by_method(tmp_path):
    (tmp_path / "broken_shop.py").write_text(BROKEN, encoding="utf-8")
    done = harness("adapter", "check", "--adapter", "broken_shop:make_shop", "--markets", "DE", pythonpath=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    out = done.stdout
    assert cell(out, "checkout.stored_order") == "errors: RuntimeError: the order API moved to /v2"
    assert cell(out, "checkout.open_cart") == "errors: returned dict, not Cart"
    assert "declared order_api does not work: checkout.stored_order errors in DE: RuntimeError: the order API moved" in out
    assert "declared cart does not work: checkout.open_cart errors in DE" in out
    assert cell(out, "support.open_help_centre").startswith("works: de,")
    assert declared(out, "support.open_help_centre") == "no"
    assert "help_centre works but is not declared: declare it to have its checks run" in out
    assert cell(out, "checkout.place_order").startswith("works")  # one broken method stops nothing else
    assert "2 of 19 declared capabilities do not work in every market (DE)" in out
    assert "Traceback" not in out + done.stderr
