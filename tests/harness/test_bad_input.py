"""Every kind of bad input, from every command, refused the same way: one line on the terminal
naming the flag, file or field and the value (with the nearest valid name for a typo), exit
code 2 (4 under bare pytest, its convention for usage errors), no traceback, and nothing started:
no row gets as far as a connection. One table, so a new command joins it.

How a row is run (a refusal takes milliseconds; a Python process starting takes a second or more):

- most rows run the command in this process: `harness_in_process` calls harness.entry.main with
  sys.argv patched and captures file descriptors 1 and 2; it puts back what a call may change
  (signal handlers, sys.excepthook, the working directory) and fails a row that changes the
  environment, starts a process, leaves a thread running or runs past a minute, so nothing
  carries over to the next row;
- `harness load` rows (entry.main monkey-patches the process for gevent) and bare-pytest rows run
  in a process of their own per kind, one row after another (`RUN_ROWS`), never in this one;
- one row per command also runs as a process of its own, exactly as a user types it, and must say
  the same: the real entry point behaves as the in-process one does.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from harness.yamlfile import MAX_BYTES

from .conftest import Said
from .test_safe_yaml import laughs

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "personas" / "policy"
NOWHERE = "http://127.0.0.1:9"  # a target that refuses connections: no row may get as far as sending anything
PLAN = str(ROOT / "plans" / "opening-europe.yaml")


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


def _bytes(tmp: Path, name: str, data: bytes) -> str:
    path = tmp / name
    path.write_bytes(data)
    return str(path)


def _under_a_file(tmp: Path, *rest: str) -> str:
    """A path whose parent is a regular file: it can never be created."""
    return str(Path(_file(tmp, "regular", "x"), *rest))


def _results(tmp: Path) -> str:
    folder = tmp / "results"
    folder.mkdir()
    (folder / "0-result.json").write_text('{"uuid": "0", "name": "x", "status": "passed", "start": 1, "stop": 2}',
                                          encoding="utf-8")
    return str(folder)


_HELD: list[socket.socket] = []  # listening sockets kept open while the table runs


def _busy_port() -> str:
    """A loopback port something already listens on."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    _HELD.append(sock)
    return str(sock.getsockname()[1])


BUSY = _busy_port()
BOMB = laughs(10)  # the "billion laughs": 10 ** 10 values from a few hundred bytes
H = ["harness"]
CASES = [
    # what, argv (built with tmp), environment, words the line must hold
    ("unknown market", lambda t: H + ["run", "--markets", "DX"], {}, ["--markets", "'DX'", "did you mean"]),
    ("unknown market (personas)", lambda t: H + ["personas", "--market", "XX"], {}, ["--market", "'XX'"]),
    ("zero personas", lambda t: H + ["personas", "--market", "DE", "--count", "0"], {}, ["--count", "0"]),
    ("huge personas per market", lambda t: H + ["run", "--personas-per-market", "5000"], {}, ["--personas-per-market", "5000"]),
    ("personas neither covering nor a number", lambda t: H + ["run", "--personas", "cover"], {}, ["--personas", "'cover'", "covering"]),
    ("personas and personas per market disagree", lambda t: H + ["run", "--personas", "2", "--personas-per-market", "3"], {}, ["--personas-per-market", "--personas 2"]),
    ("zero personas (rehearse)", lambda t: H + ["rehearse", PLAN, "--personas", "0"], {}, ["--personas", "'0'"]),
    ("zero personas (pytest)", lambda t: ["pytest", "scenarios", "--personas", "0"], {}, ["--personas", "'0'"]),
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
    # the browser and the adapter, refused before any journey process starts
    ("no such Chromium", lambda t: H + ["run"], {"HARNESS_CHROMIUM": "/nonexistent"}, ["HARNESS_CHROMIUM=/nonexistent", "not an executable file"]),
    ("Chromium a directory", lambda t: H + ["run", "--no-load"], {"HARNESS_CHROMIUM": str(ROOT)}, [f"HARNESS_CHROMIUM={ROOT}", "not an executable file"]),
    ("no such Chromium (rehearse)", lambda t: H + ["rehearse", PLAN], {"HARNESS_CHROMIUM": "/nonexistent"}, ["HARNESS_CHROMIUM=/nonexistent"]),
    ("no such Chromium (pytest)", lambda t: ["pytest", "scenarios"], {"HARNESS_CHROMIUM": "/nonexistent"}, ["HARNESS_CHROMIUM=/nonexistent", "not an executable file"]),
    ("no such Chromium (pytest, an option given)", lambda t: ["pytest", "scenarios", "--markets", "DE"], {"HARNESS_CHROMIUM": "/nonexistent"}, ["HARNESS_CHROMIUM=/nonexistent"]),
    ("no such adapter module", lambda t: H + ["run", "--adapter", "nosuch.module:make_shop"], {}, ["--adapter", "'nosuch.module:make_shop'", "no module"]),
    ("adapter not a function", lambda t: H + ["run", "--adapter", "os:path"], {}, ["--adapter", "'os:path'"]),
    ("no such adapter module (load)", lambda t: H + ["load", "--adapter", "nosuch.module:make_shop", "--markets", "DE"], {}, ["--adapter", "'nosuch.module:make_shop'", "no module"]),
    ("adapter not a function (rehearse)", lambda t: H + ["rehearse", PLAN, "--adapter", "os:path"], {}, ["--adapter", "'os:path'"]),
    ("adapter not a function (adapter check)", lambda t: H + ["adapter", "check", "--adapter", "os:path"], {}, ["--adapter", "'os:path'"]),
    ("no such adapter module (pytest)", lambda t: ["pytest", "scenarios", "--adapter", "nosuch.module:make_shop"], {}, ["--adapter", "'nosuch.module:make_shop'"]),
    ("adapter not a function (pytest)", lambda t: ["pytest", "scenarios", "--adapter", "os:path"], {}, ["--adapter", "'os:path'"]),
    # YAML a user hands over: bounded in size and in what its aliases expand to
    ("billion laughs in a plan", lambda t: H + ["rehearse", _file(t, "p.yaml", BOMB + "waves: [{markets: [DE]}]\n")], {}, ["p.yaml", "too many YAML aliases", "refused"]),
    ("billion laughs in a policy file", lambda t: H + ["personas", "--market", "DE", "--policy", _bad_policy(t, "DE", "currency: EUR", "currency: EUR\n" + BOMB)], {}, ["DE.yaml", "too many YAML aliases"]),
    ("billion laughs in a shape file", lambda t: H + ["load", "--target", NOWHERE, "--shape-file", _file(t, "s.yaml", BOMB + "shape: steady\n")], {}, ["s.yaml", "too many YAML aliases"]),
    ("alias inside its own anchor", lambda t: H + ["rehearse", _file(t, "p.yaml", "waves: &w [{markets: [DE]}, *w]")], {}, ["p.yaml", "alias inside the anchor"]),
    ("plan over the size limit", lambda t: H + ["rehearse", _file(t, "p.yaml", "waves: [{markets: [DE]}]\n" + "# padding\n" * (MAX_BYTES // 10 + 1))], {}, ["p.yaml", f"more than the {MAX_BYTES:,}"]),
    ("plan not UTF-8", lambda t: H + ["rehearse", _bytes(t, "p.yaml", b"name: \xff\nwaves: [{markets: [DE]}]\n")], {}, ["p.yaml", "not UTF-8"]),
    ("plan a list", lambda t: H + ["rehearse", _file(t, "p.yaml", "- DE\n- AT\n")], {}, ["p.yaml", "expected a mapping", "list"]),
    # --allow-host: only the flag is judged; every row fails before any connection
    ("allow-host wildcard", lambda t: H + ["load", "--target", NOWHERE, "--allow-host", "*"], {}, ["--allow-host", "'*'", "wildcard"]),
    ("allow-host wildcard domain", lambda t: H + ["load", "--target", NOWHERE, "--allow-host", "*.example.com"], {}, ["--allow-host", "'*.example.com'", "wildcard"]),
    ("allow-host the whole internet", lambda t: H + ["load", "--target", NOWHERE, "--allow-host", "0.0.0.0/0"], {}, ["--allow-host", "'0.0.0.0/0'", "wider than /16"]),
    ("allow-host wider than /16", lambda t: H + ["load", "--target", NOWHERE, "--allow-host", "10.0.0.0/8"], {}, ["--allow-host", "'10.0.0.0/8'", "wider than /16"]),
    ("allow-host a public network", lambda t: H + ["load", "--target", NOWHERE, "--allow-host", "8.8.0.0/24"], {}, ["--allow-host", "'8.8.0.0/24'", "public network"]),
    ("allow-host with a port", lambda t: H + ["load", "--target", NOWHERE, "--allow-host", "staging.example.invalid:8080"], {}, ["--allow-host", "'staging.example.invalid:8080'"]),
    ("allow-host wildcard (run)", lambda t: H + ["run", "--target", NOWHERE, "--allow-host", "*.example.com"], {}, ["--allow-host", "'*.example.com'"]),
    ("allow-host without a target (run)", lambda t: H + ["run", "--allow-host", "10.0.0.0/8"], {}, ["--allow-host", "'10.0.0.0/8'"]),
    ("allow-host the whole internet (rehearse)", lambda t: H + ["rehearse", PLAN, "--target", NOWHERE, "--allow-host", "0.0.0.0/0"], {}, ["--allow-host", "'0.0.0.0/0'"]),
    # bounds
    ("negative workers", lambda t: H + ["run", "--workers", "-2"], {}, ["--workers", "-2", "give 0 to 64"]),
    ("too many workers", lambda t: H + ["run", "--workers", "65"], {}, ["--workers", "65"]),
    ("negative workers (rehearse)", lambda t: H + ["rehearse", PLAN, "--workers", "-2"], {}, ["--workers", "-2"]),
    ("negative Locust workers", lambda t: H + ["load", "--target", NOWHERE, "--workers", "-1"], {}, ["--workers", "-1"]),
    ("too many personas", lambda t: H + ["personas", "--market", "DE", "--count", "100001"], {}, ["--count", "100001"]),
    ("zero ramp users (rehearse)", lambda t: H + ["rehearse", PLAN, "--load-users", "0"], {}, ["--load-users", "0"]),
    ("zero spawn rate", lambda t: H + ["load", "--target", NOWHERE, "--spawn-rate", "0"], {}, ["--spawn-rate", "0"]),
    ("master port out of range", lambda t: H + ["load", "--target", NOWHERE, "--master-port", "70000"], {}, ["--master-port", "70000"]),
    ("journeys under load out of range", lambda t: H + ["run", "--journeys-under-load", "11"], {}, ["--journeys-under-load", "11"]),
    ("misspelt load shape (run)", lambda t: H + ["run", "--load-shape", "flashsale"], {}, ["--load-shape", "'flashsale'", "did you mean flash-sale"]),
    ("step timeout too short (pytest)", lambda t: ["pytest", "scenarios", "--step-timeout", "0.1"], {}, ["--step-timeout", "0.1"]),
    ("zero personas per market (pytest)", lambda t: ["pytest", "scenarios", "--personas-per-market", "0"], {}, ["--personas-per-market", "0"]),
    # where a command writes: refused before it starts
    ("load results under a file", lambda t: H + ["load", "--target", NOWHERE, "--alluredir", _under_a_file(t, "a")], {}, ["--alluredir", "regular"]),
    ("load summary under a file", lambda t: H + ["load", "--target", NOWHERE, "--summary", _under_a_file(t, "s.json")], {}, ["--summary", "s.json"]),
    ("load output under a file", lambda t: H + ["load", "--target", NOWHERE, "--out", _under_a_file(t, "o")], {}, ["--out", "regular"]),
    ("report port not a port", lambda t: H + ["report", "--results", _results(t), "--out", str(t / "r"), "--open", "--port", "70000"], {}, ["--port", "70000"]),
    ("report port busy", lambda t: H + ["report", "--results", _results(t), "--out", str(t / "r"), "--open", "--port", BUSY], {}, ["--port", BUSY]),
]


# ------------------------------------------------------------------------- how a row is run


# Runs each row of a JSON list, `harness ARGS` through harness.entry.main (as the console script)
# or `pytest ARGS` through pytest.main, one after another in this one process, each with its
# environment and with file descriptors 1 and 2 going to a file of its own; one JSON line per row.
RUN_ROWS = r"""
import json, os, sys, tempfile, traceback

rows = json.loads(open(sys.argv[1], encoding="utf-8").read())
with open(sys.argv[2], "w", encoding="utf-8") as results:
    for argv, environ in rows:
        before = dict(os.environ)
        os.environ.update(environ)
        sys.argv = list(argv)
        code = 0
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as said:
            sys.stdout.flush(); sys.stderr.flush()
            saved = os.dup(1), os.dup(2)
            os.dup2(said.fileno(), 1); os.dup2(said.fileno(), 2)
            try:
                if argv[0] == "harness":
                    from harness.entry import main
                    main()
                else:
                    import pytest
                    code = int(pytest.main(argv[1:]))
            except SystemExit as exc:
                code = 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1
            except BaseException:
                traceback.print_exc()
                code = None
            finally:
                sys.stdout.flush(); sys.stderr.flush()
                os.dup2(saved[0], 1); os.dup2(saved[1], 2)
                os.close(saved[0]); os.close(saved[1])
                os.environ.clear(); os.environ.update(before)
            said.seek(0)
            results.write(json.dumps({"code": code, "said": said.read()}) + "\n")
"""


def _kind(args: list[str]) -> str:
    if args[0] == "pytest":
        return "pytest"
    return "load" if args[1] == "load" else "in-process"


def _command_line(args: list[str]) -> list[str]:
    """The row as a process runs it: `harness ARGS`, or bare pytest only collecting."""
    return args if args[0] == "harness" else [*args, "-p", "no:cacheprovider", "--collect-only", "-q"]


def _run_rows(kind: str, base: Path) -> dict[str, Said]:
    """Every row of `kind` ("load" or "pytest") run in one process (RUN_ROWS), each with a folder of
    its own under `base`; the row's name -> its Said."""
    names, rows = [], []
    for i, (what, argv, environ, _) in enumerate(CASES):
        folder = base / f"row-{i}"
        folder.mkdir()
        args = argv(folder)
        if _kind(args) == kind:
            names.append(what)
            rows.append([_command_line(args), {"COLUMNS": "100", **environ}])
    (base / "rows.json").write_text(json.dumps(rows), encoding="utf-8")
    # bare pytest finds `scenarios` in the repository; harness rows run where a default reports/ is harmless
    ran = subprocess.run([sys.executable, "-c", RUN_ROWS, str(base / "rows.json"), str(base / "said.jsonl")],
                         capture_output=True, text=True, timeout=600, cwd=ROOT if kind == "pytest" else base)
    lines = (base / "said.jsonl").read_text(encoding="utf-8").splitlines() if (base / "said.jsonl").exists() else []
    assert ran.returncode == 0 and len(lines) == len(rows), (ran.returncode, ran.stderr[-3000:])
    return {name: Said(row["code"], "", row["said"]) for name, row in zip(names, map(json.loads, lines))}


@pytest.fixture
def rows_in_a_process(once):
    """`rows_in_a_process(kind)`: the row's name -> its Said, for every row of that kind, run once
    per test run (`_run_rows`)."""
    def said(kind: str) -> dict[str, Said]:
        ran, _ = once(f"bad-input-{kind}-rows",
                      lambda folder: {name: [s.code, s.err] for name, s in _run_rows(kind, folder).items()})
        return {name: Said(code, "", err) for name, (code, err) in ran.items()}

    return said


def _refused_in_one_line(args: list[str], said: Said, words: list[str]) -> str:
    """The row's assertions: no traceback, exit 2 (pytest: 4), one line (harness) naming `words`; that line."""
    assert "Traceback" not in said.text, said.text[-2000:]
    expected = 2 if args[0] == "harness" else 4  # pytest's usage errors exit 4
    assert said.code == expected, (said.code, said.text[-1500:])
    lines = said.lines
    if args[0] == "harness":
        assert len(lines) == 1, lines
    line = next((line for line in lines if all(w in line for w in words)), None)
    assert line is not None, (words, lines[-5:])
    return line


def _in_process_or_with_its_kind(args: list[str], environ: dict, what: str, harness_in_process, rows_in_a_process,
                                 cwd: Path | None = None) -> Said:
    kind = _kind(args)
    if kind == "in-process":
        return harness_in_process(*args[1:], env=environ, cwd=cwd)
    return rows_in_a_process(kind)[what]


@pytest.mark.parametrize("what, argv, environ, words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_and_exit_2(tmp_path, what, argv, environ, words, harness_in_process, rows_in_a_process):
    args = argv(tmp_path)
    said = _in_process_or_with_its_kind(args, environ, what, harness_in_process, rows_in_a_process)
    _refused_in_one_line(args, said, words)


# One row per command (and bare pytest), run as a process of its own as a user types it.
AS_TYPED = ["unknown market", "zero personas", "zero personas (rehearse)", "zero users", "report port busy",
            "adapter not a function (adapter check)", "bad retries"]


@pytest.mark.parametrize("what", AS_TYPED)
def test_the_real_command_line_says_the_same(tmp_path, tmp_path_factory, what, harness_in_process, rows_in_a_process):
    _, argv, environ, words = next(c for c in CASES if c[0] == what)
    args = argv(tmp_path)
    cmd = _command_line(args)
    where = ROOT if cmd[0] == "pytest" else tmp_path_factory.mktemp("cwd")  # as harness_in_process and RUN_ROWS
    done = subprocess.run([sys.executable, "-m", "harness.entry" if cmd[0] == "harness" else "pytest", *cmd[1:]],
                          capture_output=True, text=True, timeout=120, cwd=where,
                          env={**os.environ, "COLUMNS": "100", **environ})
    said = Said(done.returncode, done.stdout, done.stderr)
    line = _refused_in_one_line(args, said, words)
    here = _in_process_or_with_its_kind(args, environ, what, harness_in_process, rows_in_a_process, cwd=where)
    assert (here.code, here.lines) == (said.code, said.lines)
    assert line in here.lines


def test_the_table_covers_at_least_sixty_inputs():
    assert len(CASES) >= 60
    assert len({c[0] for c in CASES}) == len(CASES), "two rows share a name"
    assert set(AS_TYPED) <= {c[0] for c in CASES}
