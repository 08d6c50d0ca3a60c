"""`harness adapter new NAME`: a skeleton adapter package to start a shop's adapter from.

`NAME/__init__.py` builds the `Shop` with every capability listed and commented out; one module
per part has a class with every method of its Protocol, stubbed to raise `NotOffered`, with the
Protocol's signature and docstring (generated from `harness/shop/`, so the skeleton is the
interface of the harness it was written by); `ids.py` holds empty `IdMap`s. As written it
passes `harness adapter check` with every method "not offered".
"""
from __future__ import annotations

import ast
import builtins
import importlib.util
import keyword
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserInputError, shown_path
from ..shop.capabilities import ABOUT, REQUIRES, Capability
from .interface import Method, methods, module_of, parts

WIDTH = 110  # where a generated signature wraps
# Where one method serves several capabilities, the capability its arguments ask for.
CHOSEN = {"support.hand_off": 'Capability.CALLBACK if way == "callback" else Capability.TICKETS'}


@dataclass(frozen=True)
class Written:
    path: Path
    about: str


def write_skeleton(name: str, into: Path) -> list[Written]:
    """Writes package `into/name`; refuses (UserInputError) a bad name, a missing directory and
    an existing package. Returns what it wrote."""
    check_name(name)
    into = Path(into)
    if not into.exists():
        raise UserInputError(f"--into: {shown_path(into)!r} does not exist; create it or give another directory")
    if not into.is_dir():
        raise UserInputError(f"--into: {shown_path(into)!r} is not a directory")
    target = into / name
    if target.exists() or target.is_symlink():
        raise UserInputError(f"{shown_path(target)} exists already; `harness adapter new` never overwrites: "
                             "choose another NAME or --into")
    files = render(name)
    try:  # written beside the target, then moved in place whole: never a half-written package
        staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=into))
    except OSError as exc:
        raise UserInputError(f"--into: {shown_path(into)!r}: cannot write there ({exc.strerror})") from None
    try:
        for filename, (text, _) in files.items():
            (staging / filename).write_text(text, encoding="utf-8")
        os.chmod(staging, 0o755)
        os.rename(staging, target)
    except OSError as exc:
        for leftover in staging.glob("*"):
            leftover.unlink()
        staging.rmdir()
        raise UserInputError(f"{shown_path(target)}: cannot write it ({exc.strerror})") from None
    return [Written(target / filename, about) for filename, (_, about) in files.items()]


def check_name(name: str) -> None:
    if not name.isidentifier() or keyword.iskeyword(name):
        suggestion = re.sub(r"\W", "_", name.strip()).lower()
        if suggestion[:1].isdigit():
            suggestion = f"shop_{suggestion}"
        hint = (f"; try {suggestion!r}" if suggestion.isidentifier() and not keyword.iskeyword(suggestion)
                and suggestion != name else "")
        raise UserInputError(f"NAME: {name!r} is not a Python package name (letters, digits and _, not starting "
                             f"with a digit, not a keyword){hint}")
    if name in sys.stdlib_module_names:
        raise UserInputError(f"NAME: {name!r} is a module of Python's standard library; choose another name")
    try:
        found = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        found = None
    if found is not None:
        where = f" ({shown_path(found.origin)})" if found.origin and found.origin not in ("built-in", "frozen") else ""
        raise UserInputError(f"NAME: {name!r} is the name of an installed module{where}; choose another name")


def class_name(name: str, part: str) -> str:
    """`acme_shop`, `checkout` -> `AcmeShopCheckout`."""
    stem = "".join(word[:1].upper() + word[1:] for word in name.split("_") if word)
    return stem + parts()[part].__name__


# ---------------------------------------------------------------------------------------- the files


def render(name: str) -> dict[str, tuple[str, str]]:
    """file name -> (its text, what it holds)."""
    files = {"__init__.py": (init_module(name), "make_shop(url): the Shop, every capability listed and switched off")}
    for part in parts():
        count = len(methods(part))
        files[f"{part}.py"] = (part_module(name, part),
                               f"{class_name(name, part)}: {count} method{'s' if count != 1 else ''}, "
                               "each raising NotOffered")
    files["ids.py"] = (IDS, "empty IdMaps for payment methods, categories and shipping methods")
    return files


def init_module(name: str) -> str:
    offers = []
    width = max(len(f"# Capability.{c.name},") for c in Capability)
    for capability in Capability:
        needs = REQUIRES.get(capability, ())
        note = ABOUT[capability][0] + (f" (needs {', '.join(n.value for n in needs)})" if needs else "")
        offers.append(f"    {f'# Capability.{capability.name},':<{width}}  # {note}")
    imports = "\n".join(f"from .{part} import {class_name(name, part)}" for part in sorted(parts()))
    fields = "\n".join(f"        {part}={class_name(name, part)}()," for part in parts())
    return f'''"""{name}: the harness's adapter for one shop (started with `harness adapter new`).

    harness adapter check --adapter {name}:make_shop --target https://staging.example.com

calls every method once as a persona of each market and shows which work. Write a part (its
module here says what each method must return), check it, then switch its capabilities on in
OFFERS: the journeys' checks that need a capability run only where it is declared.
docs/adapters.md explains the parts; `harness.shop.reference` is a complete adapter to read.
"""
from __future__ import annotations

from harness.shop import Capability, Shop

{imports}

# What this adapter can ask its shop. Switch a capability on (remove its "#") once
# `harness adapter check` shows its methods working; one that needs another is refused
# without it when the shop is built.
OFFERS: list[Capability] = [
{chr(10).join(offers)}
]


def make_shop(url: str) -> Shop:
    """The shop at `url`, as the journeys reach it. Give a part what it needs here (an HTTP
    client for the staging hooks and the mail sink, say, as `harness.shop.reference` does)."""
    return Shop(
        url=url,
        offers=OFFERS,
{fields}
    )
'''


IDS = '''"""The shop's own ids for the policy's, where they differ (`harness.shop.IdMap`).

The market policy names payment methods, categories and shipping methods the business's way
(`card`, `books`, `express`). List here only the ids the shop names otherwise, and translate at
the adapter's edge: `PAYMENT_METHODS.to_shop("card")` before filling a form, `to_policy(...)`
for what a page offers. Ids without an entry pass through unchanged.
"""
from __future__ import annotations

from harness.shop import IdMap

# policy id -> the shop's, e.g. IdMap({"card": "stripe_card", "invoice": "bank-invoice"})
PAYMENT_METHODS = IdMap({})
# policy id -> the shop's, e.g. IdMap({"books": "category-12"})
CATEGORIES = IdMap({})
# policy id -> the shop's, e.g. IdMap({"express": "next-day"})
SHIPPING_METHODS = IdMap({})
'''


def part_module(name: str, part: str) -> str:
    protocol = parts()[part]
    module = module_of(part)
    summary = (module.__doc__ or "").strip().split("\n\n")[0]
    used = set()
    stubs = []
    for m in methods(part):
        used |= names_in(m)
        stubs.append(stub(m))
    imports = import_lines(module, used)
    cls = class_name(name, part)
    return f'''"""{summary}

`{cls}` is `{module.__name__}.{protocol.__name__}` for this shop. Every method raises
`NotOffered` until it is written: replace a stub, run `harness adapter check`, and declare its
capability in `__init__.py` once it works. The docstrings say what each method must return.
"""
from __future__ import annotations

{imports}


class {cls}:
    """The shop's {part}: `{module.__name__}.{protocol.__name__}`."""

{chr(10).join(stubs)}'''


def stub(m: Method) -> str:
    capabilities = m.capabilities
    if not capabilities:
        raise LookupError(f"{m.qualified} is in no capability's methods (harness/shop/capabilities.py: METHODS)")
    which = CHOSEN.get(m.qualified, f"Capability.{capabilities[0].name}")
    doc = m.doc.replace("\\", "\\\\")
    if '"""' in doc:
        raise ValueError(f"{m.qualified}: its docstring holds triple quotes")
    body = "\n".join(f"        {line}" if line else "" for line in doc.splitlines())
    return f'''    {header(m)}
        """{body.lstrip()}
        """
        raise NotOffered({which})
'''


def header(m: Method) -> str:
    """`def name(self, a: T, b: U = 1) -> R:` as the Protocol writes it, wrapped under the
    opening parenthesis where it runs past WIDTH."""
    params = []
    for p in m.signature.parameters.values():
        text = p.name
        if p.annotation is not p.empty:
            text += f": {annotation(p.annotation)}"
        if p.default is not p.empty:
            text += (" = " if p.annotation is not p.empty else "=") + default(p.default)
        params.append(text)
    returns = m.signature.return_annotation
    tail = f") -> {annotation(returns)}:" if returns is not m.signature.empty else "):"
    pieces = [f"{p}, " for p in params[:-1]] + [(params[-1] if params else "") + tail]
    return wrapped(f"def {m.name}(", pieces, indent=4)


def wrapped(start: str, pieces: list[str], indent: int) -> str:
    """`start` then the pieces, filled up to WIDTH, further lines aligned under the first piece."""
    lines, line = [], start
    for piece in pieces:
        if line.strip() and line != start and indent + len(line) + len(piece.rstrip()) > WIDTH:
            lines.append(line.rstrip())
            line = " " * len(start)
        line += piece
    lines.append(line.rstrip())
    return ("\n" + " " * indent).join(lines)


def default(value) -> str:
    if isinstance(value, str) and '"' not in value and "\\" not in value:
        return f'"{value}"'
    return repr(value)


def annotation(value) -> str:
    return value if isinstance(value, str) else getattr(value, "__name__", repr(value))


def names_in(m: Method) -> set[str]:
    """The names a method's annotations use (`dt` of `dt.date`), builtins left out."""
    found = set()
    hints = [p.annotation for p in m.signature.parameters.values()] + [m.signature.return_annotation]
    for hint in hints:
        if isinstance(hint, str):
            for node in ast.walk(ast.parse(hint, mode="eval")):
                if isinstance(node, ast.Name) and not hasattr(builtins, node.id):
                    found.add(node.id)
    return found


def import_lines(module, names: set[str]) -> str:
    """The imports a part module needs: the names its annotations use, imported from where the
    Protocol's module gets them (absolute), and `Capability`, `NotOffered`."""
    source = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    plain: set[str] = set()  # `import x as y`
    froms: dict[str, set[str]] = {"harness.shop": {"Capability", "NotOffered"}}
    for node in source.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if (alias.asname or alias.name) in names:
                    plain.add(f"import {alias.name}" + (f" as {alias.asname}" if alias.asname else ""))
                    names = names - {alias.asname or alias.name}
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            origin = _absolute(node, module.__package__)
            for alias in node.names:
                if (alias.asname or alias.name) in names:
                    froms.setdefault(origin, set()).add(alias.name)
                    names = names - {alias.asname or alias.name}
    if names:  # defined in the Protocol's module itself
        froms.setdefault(module.__name__, set()).update(names)
    groups: dict[int, list[str]] = {0: [], 1: []}
    for line in sorted(plain):
        groups[_group(line.split()[1])].append(line)
    for origin in sorted(froms):
        imported = sorted(froms[origin])
        line = f"from {origin} import {', '.join(imported)}"
        if len(line) > WIDTH:
            line = wrapped(f"from {origin} import (", [f"{n}, " for n in imported[:-1]] + [imported[-1] + ")"], 0)
        groups[_group(origin)].append(line)
    return "\n\n".join("\n".join(lines) for lines in groups.values() if lines)


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module
    base = package.split(".")
    base = base[: len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _group(module_name: str) -> int:
    """0: the standard library; 1: installed packages (the harness among them)."""
    return 0 if module_name.split(".")[0] in sys.stdlib_module_names else 1
