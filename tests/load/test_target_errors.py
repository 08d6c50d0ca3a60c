"""A target that is not there, does not answer, or is not the shop: exit 2 with one line, never a
pass and never a traceback. And an output that cannot be written is refused before anything starts.
Every target here is on loopback, started by the test."""
from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from .runs import HERE, harness_load, said_lines, summary_of

QUICK = ["--duration", "60s", "--users", "10", "--markets", "DE,JP"]


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


def test_a_closed_port_is_refused_before_any_user_starts(tmp_path):
    run = harness_load(tmp_path, "--target", f"http://127.0.0.1:{_closed_port()}", *QUICK)
    line = _one_line(run, "is unreachable")
    assert line.startswith("harness: --target: http://127.0.0.1:") and len(said_lines(run)) == 1


def test_a_server_that_never_answers_is_refused_before_any_user_starts(tmp_path):
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


def test_an_html_page_that_is_not_the_shop_is_refused_before_a_user_starts(tmp_path, hello_site):
    # The harness's own users walk the reference storefront: the probe lands on the target through
    # its adapter first.
    summary = tmp_path / "summary.json"
    run = harness_load(tmp_path, "--target", hello_site, *QUICK, "--summary", str(summary))
    line = _one_line(run, "does not look like the shop the adapter")
    assert "('hello') shows no market, no products and no categories" in line
    assert not summary.exists(), "a user started"


def test_a_locustfile_whose_pages_are_not_there_is_a_target_error_not_a_miss(tmp_path, hello_site):
    # A locustfile's users are the user's own: no adapter says what their shop looks like, so the
    # run finds out from the answers (nearly every page beyond the front one is not there).
    summary = tmp_path / "summary.json"
    run = harness_load(tmp_path, "--target", hello_site, *QUICK, "--locustfile", str(HERE / "ticket_rush.py"),
                       "--summary", str(summary))
    line = _one_line(run, "the target is not the shop the users were written for")
    assert line.startswith("harness: ") and "answered 404, 405 or 501" in line
    assert "missed:" not in run.stdout and "every region met" not in run.stdout
    verdicts = summary_of(summary)
    assert verdicts["verdict"] == "target error" and verdicts["passed"] is False
    assert verdicts["seconds"] < 50, "the run went on long after the target was known to be wrong"


def _a_file(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    return blocker


@pytest.mark.parametrize("flag, where", [
    ("--summary", lambda tmp: _a_file(tmp) / "summary.json"),
    ("--alluredir", lambda tmp: _a_file(tmp) / "allure"),
    ("--out", lambda tmp: _a_file(tmp) / "reports"),
    ("--alluredir", lambda tmp: "/proc/harness-allure"),
])
def test_an_output_that_cannot_be_written_is_refused_before_anything_starts(tmp_path, flag, where):
    path = str(where(tmp_path))
    run = harness_load(tmp_path, "--markets", "DE", "--duration", "60s", flag, path)
    line = _one_line(run, f"{flag}: {path} cannot be written")
    assert line.startswith("harness: ") and len(said_lines(run)) == 1  # no storefront started, no progress


def test_a_summary_path_that_is_a_folder_is_refused(tmp_path):
    run = harness_load(tmp_path, "--markets", "DE", "--duration", "60s", "--summary", str(tmp_path))
    _one_line(run, "--summary:")
    assert "is a folder" in run.stdout + run.stderr
