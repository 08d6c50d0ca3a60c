"""A target that is not there, does not answer, or is not the shop: exit 2 with one line, never a
pass and never a traceback. And an output that cannot be written is refused before anything starts.
Every target here is on loopback, started by the test.

The refusals that need nothing started (a closed port, an output that cannot be written) are tried
in one process, once a session (runs.refused_in_one_process): a process each would cost a Python start
and the harness's imports. The target that never answers has a process of its own, as a user runs it."""
from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from ..helpers import kept, process
from .runs import HERE, harness_load, refused_in_one_process, said_lines, summary_of

QUICK = ["--duration", "60s", "--users", "10", "--markets", "DE,JP"]
OUTPUTS = [  # flag, where (in the case's own folder)
    ("--summary", lambda tmp: _a_file(tmp) / "summary.json"),
    ("--alluredir", lambda tmp: _a_file(tmp) / "allure"),
    ("--out", lambda tmp: _a_file(tmp) / "reports"),
    ("--alluredir", lambda tmp: "/proc/harness-allure"),
]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again on leaving: nothing listens there


def _one_line(run: subprocess.CompletedProcess, says: str) -> str:
    output = run.stdout + run.stderr
    assert run.returncode == 2, output
    assert "Traceback" not in output, output
    said = [line for line in said_lines(run) if says in line]
    assert len(said) == 1, output
    return said[0]


def _a_file(tmp):
    blocker = tmp / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    return blocker


@pytest.fixture(scope="module")
def refused(once):
    """The refusals that start nothing, all in one process, once a session: case -> the outcome,
    with the path each output case gave."""
    def make(tmp):
        cases, paths = {"closed-port": ["--target", f"http://127.0.0.1:{_closed_port()}", *QUICK]}, {}
        for i, (flag, where) in enumerate(OUTPUTS):
            (tmp / f"output-{i}").mkdir()
            paths[f"output-{i}"] = str(where(tmp / f"output-{i}"))
            cases[f"output-{i}"] = ["--markets", "DE", "--duration", "60s", flag, paths[f"output-{i}"]]
        (tmp / "summary-folder").mkdir()
        paths["summary-folder"] = str(tmp / "summary-folder")
        cases["summary-folder"] = ["--markets", "DE", "--duration", "60s", "--summary", paths["summary-folder"]]
        outcomes = refused_in_one_process(tmp, cases, timeout=300)
        return {case: {"run": kept(r), "path": paths.get(case)} for case, r in outcomes.items()}

    outcomes, _ = once("target-refusals", make)
    return {case: (process(o["run"]), o["path"]) for case, o in outcomes.items()}


def test_a_closed_port_is_refused_before_any_user_starts(refused):
    run, _ = refused["closed-port"]
    line = _one_line(run, "is unreachable")
    assert line.startswith("harness: --target: http://127.0.0.1:") and len(said_lines(run)) == 1


def test_a_server_that_never_answers_is_refused_before_any_user_starts(tmp_path):
    # Ten seconds, the probe's own patience: the test cannot be quicker than the harness waits.
    silent = socket.create_server(("127.0.0.1", 0), backlog=64)  # the kernel accepts; nobody ever answers
    try:
        run = harness_load(tmp_path, "--target", f"http://127.0.0.1:{silent.getsockname()[1]}", *QUICK)
    finally:
        silent.close()
    _one_line(run, "did not answer within 10 s")
    assert len(said_lines(run)) == 1


@pytest.fixture
def hello_site(tmp_path):
    """A web page that is not a shop: http.server serving one HTML page (404 for any other path,
    501 for a POST)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body>hello</body></html>", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
                               "--directory", str(site)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        first = server.stdout.readline()  # "Serving HTTP on 127.0.0.1 port N (http://127.0.0.1:N/) ..."
        yield first.split("(", 1)[1].split(")", 1)[0].rstrip("/")
    finally:
        server.terminate()
        server.wait(10)


@pytest.mark.slow  # a web server, and the probe lands on it in Chromium
def test_an_html_page_that_is_not_the_shop_is_refused_before_a_user_starts(tmp_path, hello_site):
    # The harness's own users walk the reference storefront: the probe lands on the target through
    # its adapter first.
    summary = tmp_path / "summary.json"
    run = harness_load(tmp_path, "--target", hello_site, *QUICK, "--summary", str(summary))
    line = _one_line(run, "does not look like the shop the adapter")
    assert "('hello') shows no market, no products and no categories" in line
    assert not summary.exists(), "a user started"


@pytest.mark.slow  # a web server, and a load run on it
def test_a_locustfile_whose_pages_are_not_there_is_a_target_error_not_a_miss(tmp_path, hello_site):
    # A locustfile's users are the user's own: no adapter says what their shop looks like, so the
    # run finds out from the answers (nearly every page beyond the front one is not there). A run
    # of a minute, which must stop long before: users enough to give the answers it needs at once.
    summary = tmp_path / "summary.json"
    run = harness_load(tmp_path, "--target", hello_site, "--duration", "60s", "--users", "40", "--markets", "DE,JP",
                       "--locustfile", str(HERE / "ticket_rush.py"), "--summary", str(summary))
    line = _one_line(run, "the target is not the shop the users were written for")
    assert line.startswith("harness: ") and "answered 404, 405 or 501" in line
    assert "missed:" not in run.stdout and "every region met" not in run.stdout
    verdicts = summary_of(summary)
    assert verdicts["verdict"] == "target error" and verdicts["passed"] is False
    assert verdicts["seconds"] < 50, "the run went on long after the target was known to be wrong"


@pytest.mark.parametrize("case, flag", [(f"output-{i}", flag) for i, (flag, _) in enumerate(OUTPUTS)])
def test_an_output_that_cannot_be_written_is_refused_before_anything_starts(refused, case, flag):
    run, path = refused[case]
    line = _one_line(run, f"{flag}: {path} cannot be written")
    assert line.startswith("harness: ") and len(said_lines(run)) == 1  # no storefront started, no progress


def test_a_summary_path_that_is_a_folder_is_refused(refused):
    run, path = refused["summary-folder"]
    _one_line(run, "--summary:")
    assert "is a folder" in run.stdout + run.stderr
