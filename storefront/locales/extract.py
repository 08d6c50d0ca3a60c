"""Regenerate storefront/locales/<domain>.pot from the sources and check the catalogues.

    .venv/bin/python storefront/locales/extract.py          # write the .pot files, report
    .venv/bin/python storefront/locales/extract.py --check  # report only; exit 1 on problems

Domains: a file under storefront/help/, support/ or aftersales/ (or templates/help/, ...)
belongs to that domain's catalogue, everything else to `messages`. Each language keeps one
<lang>/LC_MESSAGES/<domain>.po per domain; at run time they are merged (i18n.py).

Where msgids come from:
- templates (templates/**/*.html, *.txt): every `_("...")` / `_('...')` with a literal;
- Python: `<anything>._("...")` calls (ctx._, fmt._), `N_("...")` (a msgid the code looks
  up later, marked where it is written), the message argument of
  `CheckoutError(code, "...")` and `FormRejected(status, "...")`, string constants stored
  into `<x>.errors[...]` (addresses.py) and strings returned by `register_customer`;
- dynamic msgids the code builds at run time: shipping method ids title-cased
  (`_(o.method.id|title)`), every `region_label` in config/markets.yaml
  (`_(form.region_label)`) and the checkout step names of `place_order`.

The check reports, per language, msgids missing from its messages.po, empty
translations and translations whose `{placeholders}` differ from the msgid's.
Missing msgids make the script exit 1 (in both modes); with --check, empty or
mismatched translations do too, and a stale messages.pot is reported.
"""
from __future__ import annotations

import argparse
import ast
import io
import re
import sys
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

LOCALES = Path(__file__).resolve().parent
ROOT = LOCALES.parent  # storefront/
TEMPLATES = ROOT / "templates"
MARKETS = ROOT / "config" / "markets.yaml"
DOMAINS = ("messages", "help", "support", "aftersales")

# Shipping methods every market may offer; ids found in markets.yaml are added to these.
SHIPPING_METHODS = ["standard", "express", "pickup", "economy"]
# checkout.place_order: `for step in ("address", "shipping", "payment")`.
CHECKOUT_STEPS = ["address", "shipping", "payment"]

_TEMPLATE_CALL = re.compile(r"""\b_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*[,)]""")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _unescape(s: str) -> str:
    return ast.literal_eval('"' + s.replace('"', '\\"') + '"') if "\\" in s else s


def _rel(path: Path) -> str:
    return path.relative_to(ROOT.parent).as_posix()


def from_templates() -> list[tuple[str, str, str | None]]:
    out = []
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix not in (".html", ".txt") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for m in _TEMPLATE_CALL.finditer(text):
            msgid = _unescape(m.group(1) if m.group(1) is not None else m.group(2))
            out.append((msgid, _rel(path), None))
    return out


def _str(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _call_name(func) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def from_python() -> list[tuple[str, str, str | None]]:
    out = []
    for path in sorted(ROOT.rglob("*.py")):
        if LOCALES in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            found: list[str | None] = []
            if isinstance(node, ast.Call):
                name = _call_name(node.func)
                if (isinstance(node.func, ast.Attribute) and name == "_" or name == "N_") and node.args:
                    found.append(_str(node.args[0]))
                elif name in ("CheckoutError", "FormRejected") and len(node.args) >= 2:
                    found.append(_str(node.args[1]))
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Attribute)
                            and target.value.attr == "errors"):
                        found.append(_str(node.value))
            elif isinstance(node, ast.FunctionDef) and node.name == "register_customer":
                for sub in ast.walk(node):
                    if isinstance(sub, ast.Return) and sub.value is not None:
                        found.append(_str(sub.value))
            out.extend((msgid, _rel(path), None) for msgid in found if msgid)
    return out


def dynamic() -> list[tuple[str, str, str | None]]:
    out = []
    raw = yaml.safe_load(MARKETS.read_text(encoding="utf-8"))
    method_ids = list(SHIPPING_METHODS)
    labels = []
    for market in (raw.get("markets") or {}).values():
        for method in ((market.get("shipping") or {}).get("methods") or []):
            if method.get("id") and method["id"] not in method_ids:
                method_ids.append(method["id"])
        label = (market.get("address") or {}).get("region_label")
        if label and label not in labels:
            labels.append(label)
    rel = _rel(MARKETS)
    # Jinja's `title` filter: first letter of each word upper-case, the rest lower-case.
    out += [(m.title(), rel, "shipping method id, title-cased: _(method.id|title)") for m in method_ids]
    out += [(label, rel, "address region_label: _(form.region_label)") for label in labels]
    out += [(step, "storefront/checkout.py", "checkout step name, the {step} of 'Please complete the {step} step.'")
            for step in CHECKOUT_STEPS]
    return out


HEADER = """\
# Translations template for the reference storefront.
# Generated by storefront/locales/extract.py: do not edit by hand.
#"""


def domain_of(where: str) -> str:
    parts = Path(where).parts[1:]  # below storefront/
    if parts and parts[0] == "templates":
        parts = parts[1:]
    return parts[0] if parts and parts[0] in DOMAINS else "messages"


def build_catalogs() -> dict[str, Catalog]:
    """Locations are files without line numbers, so a .pot changes only when msgids or files do."""
    catalogs = {d: Catalog(project="storefront", domain=d, version="1.0", charset="UTF-8", fuzzy=False,
                           header_comment=HEADER, copyright_holder="storefront") for d in DOMAINS}
    for msgid, where, comment in from_templates() + from_python() + dynamic():
        catalog = catalogs[domain_of(where)]
        loc = (where, None)
        if msgid not in catalog:
            catalog.add(msgid, locations=[loc], auto_comments=[comment] if comment else [])
            continue
        message = catalog[msgid]
        if loc not in message.locations:
            message.locations.append(loc)
        if comment and comment not in message.auto_comments:
            message.auto_comments.append(comment)
    return catalogs


def pot_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, omit_header=False, sort_output=False, include_lineno=False)
    return buf.getvalue()


def _strip_date(data: bytes) -> bytes:
    return re.sub(rb'"(POT-Creation-Date|Generated-By): [^"]*"\n', b"", data)


def placeholders(s: str) -> set[str]:
    return set(_PLACEHOLDER.findall(s))


def check(domain: str, msgids: list[str]) -> tuple[int, int]:
    """Prints the report for one domain; returns (missing, bad) counts over all languages."""
    total_missing = total_bad = 0
    languages = sorted(p.parent.parent.name for p in LOCALES.glob("*/LC_MESSAGES/messages.po"))
    if not languages:
        print("no catalogues found under", LOCALES)
    for lang in languages:
        po = LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"
        if po.exists():
            with po.open("rb") as fh:
                cat = read_po(fh, locale=lang)
        else:
            cat = Catalog(locale=lang)
        missing = [m for m in msgids if m not in cat]
        bad = []
        for m in msgids:
            if m not in cat:
                continue
            s = cat[m].string
            if not s or not s.strip():
                bad.append(f"empty translation: {m!r}")
            elif placeholders(s) != placeholders(m):
                bad.append(f"placeholders {sorted(placeholders(s))} != {sorted(placeholders(m))}: {m!r}")
        extra = [m.id for m in cat if m.id and m.id not in msgids]
        status = "ok" if not missing and not bad else "PROBLEMS"
        print(f"{domain:10} {lang:8} {len(msgids) - len(missing):4}/{len(msgids)} translated  {status}"
              + (f"  ({len(extra)} obsolete)" if extra else ""))
        for m in missing:
            print(f"    missing: {m!r}")
        for b in bad:
            print(f"    {b}")
        total_missing += len(missing)
        total_bad += len(bad)
    return total_missing, total_bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write the .pot files (only say if one is stale); exit 1 on missing, empty or mismatched translations")
    parser.add_argument("--domain", choices=DOMAINS, help="only this domain")
    args = parser.parse_args(argv)
    failed = False
    for domain, catalog in build_catalogs().items():
        if args.domain and domain != args.domain:
            continue
        msgids = [m.id for m in catalog if m.id]
        if not msgids and domain != "messages":
            continue
        pot = LOCALES / f"{domain}.pot"
        data = pot_bytes(catalog)
        stale = not pot.exists() or _strip_date(pot.read_bytes()) != _strip_date(data)
        if args.check:
            if stale:
                print(f"{_rel(pot)} is out of date: run {_rel(Path(__file__))} without --check")
        else:
            if stale:
                pot.write_bytes(data)
            print(f"{_rel(pot)}: {len(msgids)} msgids" + (" (rewritten)" if stale else " (unchanged)"))
        missing, bad = check(domain, msgids)
        print(f"{domain}: {len(msgids)} msgids; {missing} missing, {bad} empty or mismatched")
        failed = failed or bool(missing) or (args.check and bool(bad))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
