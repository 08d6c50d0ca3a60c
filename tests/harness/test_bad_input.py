"""Every kind of bad input, from every command, refused the same way: one line on the terminal
naming the flag, file or field and the value (with the nearest valid name for a typo), exit
code 2, no traceback, and nothing started. One table, so a new command joins it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "personas" / "policy"


def _bad_policy(tmp: Path, market: str, old: str, new: str) -> str:
    folder = tmp / "policy"
    folder.mkdir(exist_ok=True)
    for path in POLICY.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        (folder / path.name).write_text(text.replace(old, new, 1) if path.stem == market else text, encoding="utf-8")
    return str(folder)


def _file(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return str(path)


H = ["harness"]
CASES = [
    # what, argv (built with tmp), environment, words the line must hold
    ("unknown market", lambda t: H + ["run", "--markets", "DX"], {}, ["--markets", "'DX'", "did you mean"]),
    ("unknown market (personas)", lambda t: H + ["personas", "--market", "XX"], {}, ["--market", "'XX'"]),
    ("zero personas", lambda t: H + ["personas", "--market", "DE", "--count", "0"], {}, ["--count", "0"]),
    ("huge personas per market", lambda t: H + ["run", "--personas-per-market", "5000"], {}, ["--personas-per-market", "5000"]),
    ("negative seed", lambda t: H + ["run", "--seed", "-1"], {}, ["--seed", "-1"]),
    ("seed not a number", lambda t: H + ["run", "--seed", "abc"], {}, ["--seed", "abc"]),
    ("unknown journey", lambda t: H + ["run", "--journeys", "chekout"], {}, ["--journeys", "chekout"]),
    ("bad duration", lambda t: H + ["run", "--load-duration", "forever"], {}, ["--load-duration", "forever"]),
    ("absurd duration", lambda t: H + ["load", "--duration", "99h"], {}, ["--duration", "99h"]),
    ("misspelt shape", lambda t: H + ["load", "--shape", "flashsale"], {}, ["--shape", "did you mean flash-sale"]),
    ("zero users", lambda t: H + ["load", "--users", "0"], {}, ["--users", "0"]),
    ("too many users", lambda t: H + ["run", "--load-users", "900000"], {}, ["--load-users", "900000"]),
    ("unknown new market", lambda t: H + ["load", "--shape", "market-opening", "--markets", "DE,FR", "--new-markets", "JP"], {}, ["--new-markets", "'JP'"]),
    ("malformed URL", lambda t: H + ["run", "--target", "ftp://shop"], {}, ["--target", "ftp://shop"]),
    ("credentials in the URL", lambda t: H + ["run", "--no-load", "--target", "http://qa:pw@127.0.0.1:9"], {}, ["--target", "HARNESS_BASIC_AUTH"]),
    ("unreachable host", lambda t: H + ["run", "--no-load", "--target", "http://127.0.0.1:9"], {}, ["--target", "unreachable"]),
    ("load to a host not allowed", lambda t: H + ["load", "--target", "http://shop.example.com"], {}, ["shop.example.com", "--allow-host"]),
    ("bad allow-list entry", lambda t: H + ["load", "--allow-host", "300.1.1.1/99"], {}, ["--allow-host", "300.1.1.1/99"]),
    ("bad egress proxy", lambda t: ["pytest", "scenarios", "--egress-proxy", "DE:http://x"], {}, ["--egress-proxy", "DE:http://x"]),
    ("bad retries", lambda t: ["pytest", "scenarios", "--retries", "9"], {}, ["--retries", "9"]),
    ("unknown persona", lambda t: ["pytest", "scenarios", "--persona", "DE-x"], {}, ["--persona", "DE-x"]),
    ("malformed basic auth", lambda t: H + ["run", "--markets", "DE"], {"HARNESS_BASIC_AUTH": "no-colon"}, ["HARNESS_BASIC_AUTH", "user:password"]),
    ("secrets file inside the repo", lambda t: H + ["run"], {"HARNESS_SECRETS_FILE": str(ROOT / "README.md")}, ["HARNESS_SECRETS_FILE", "inside the repository"]),
    ("no policy directory", lambda t: H + ["run", "--policy", str(t / "nope")], {}, ["nope", "no such policy directory"]),
    ("unknown currency", lambda t: H + ["run", "--policy", _bad_policy(t, "DE", "currency: EUR", "currency: EUX")], {}, ["DE.yaml", "currency", "'EUX'"]),
    ("unknown time zone", lambda t: H + ["run", "--policy", _bad_policy(t, "JP", "time_zone: Asia/Tokyo", "time_zone: Asia/Tokio")], {}, ["JP.yaml", "time_zone", "Asia/Tokio"]),
    ("policy YAML syntax", lambda t: H + ["run", "--policy", _bad_policy(t, "DE", "currency: EUR", "currency: [EUR")], {}, ["DE.yaml:", "YAML syntax error"]),
    ("negative traffic weight", lambda t: H + ["personas", "--market", "DE", "--policy", _bad_policy(t, "DE", "traffic_weight: 8", "traffic_weight: -8")], {}, ["DE.yaml", "traffic_weight", "-8"]),
    ("missing plan", lambda t: H + ["rehearse", str(t / "nope.yaml")], {}, ["nope.yaml", "no such rehearsal plan"]),
    ("plan with a market twice", lambda t: H + ["rehearse", _file(t, "p.yaml", "waves: [{markets: [DE]}, {markets: [DE]}]")], {}, ["p.yaml", "waves.1.markets.0", "'DE'"]),
    ("plan with an unknown market", lambda t: H + ["rehearse", _file(t, "p.yaml", "waves: [{markets: [DEU]}]")], {}, ["p.yaml", "'DEU'"]),
    ("plan with a wrong type", lambda t: H + ["rehearse", _file(t, "p.yaml", "load: {users: lots}\nwaves: [{markets: [DE]}]")], {}, ["p.yaml", "load.users", "'lots'"]),
    ("plan YAML syntax", lambda t: H + ["rehearse", _file(t, "p.yaml", "waves: [{markets: [DE]}\n  - x")], {}, ["p.yaml:2:", "YAML syntax error"]),
    ("shape file with an unknown shape", lambda t: H + ["load", "--shape-file", _file(t, "s.yaml", "shape: steedy\nusers: 5\nduration: 10s")], {}, ["steedy"]),
    ("locustfile that does not exist", lambda t: H + ["load", "--locustfile", str(t / "nope.py")], {}, ["nope.py"]),
    ("reports folder not writable", lambda t: H + ["run", "--reports", str(Path(_file(t, "f", "x")) / "r")], {}, ["--reports", "cannot be written"]),
    ("no results for a report", lambda t: H + ["report", "--results", str(t / "none")], {}, ["none", "no Allure results"]),
    ("unknown option", lambda t: H + ["run", "--market", "DE"], {}, ["--market"]),
    ("bad run id", lambda t: H + ["run", "--run-id", "Nightly_42"], {}, ["--run-id", "'Nightly_42'", "lower-case"]),
    ("run id too long in the environment", lambda t: H + ["run", "--markets", "DE"], {"HARNESS_RUN_ID": "x" * 25}, ["HARNESS_RUN_ID", "'" + "x" * 25 + "'"]),
    ("unknown e-mail placeholder", lambda t: H + ["run", "--email-pattern", "{local}+{runid}@{domain}"], {}, ["--email-pattern", "{runid}", "did you mean {run}"]),
    ("e-mail pattern without an @", lambda t: H + ["rehearse", str(ROOT / "plans" / "opening-europe.yaml"), "--email-pattern", "{local}+{run}"], {}, ["--email-pattern", "'{local}+{run}'", "0 @"]),
    ("e-mail pattern with two @", lambda t: H + ["load", "--journeys-under-load", "1", "--email-pattern", "{local}@{run}@{domain}"], {}, ["--email-pattern", "2 @"]),
    ("e-mail pattern giving no address", lambda t: ["pytest", "scenarios"], {"HARNESS_EMAIL_PATTERN": "{local} {run}@{domain}"}, ["HARNESS_EMAIL_PATTERN", "not an e-mail address"]),
    ("bad run id (pytest)", lambda t: ["pytest", "scenarios", "--run-id", "a b"], {}, ["--run-id", "'a b'"]),
]


@pytest.mark.parametrize("what, argv, environ, words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_and_exit_2(tmp_path, what, argv, environ, words):
    args = argv(tmp_path)
    cmd = ([sys.executable, "-m", "harness.entry", *args[1:]] if args[0] == "harness"
           else [sys.executable, "-m", "pytest", *args[1:], "-p", "no:cacheprovider", "--collect-only", "-q"])
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "COLUMNS": "100", **environ})
    said = done.stdout + done.stderr
    assert "Traceback" not in said, said[-2000:]
    assert done.returncode in (2, 4), (done.returncode, said[-1500:])  # pytest's usage errors exit 4
    lines = [line for line in said.splitlines() if line.strip()]
    if args[0] == "harness":
        assert len(lines) == 1, lines
    line = next((line for line in lines if all(w in line for w in words)), None)
    assert line is not None, (words, lines[-5:])


def test_the_table_covers_at_least_thirty_inputs():
    assert len(CASES) >= 30
