"""Helpers the suites share: read what a run wrote, start the storefront as the harness does,
run the CLI, wait for a line. Fixtures built on them are in tests/conftest.py."""
from __future__ import annotations

import fcntl
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]


def run_ensure_script(script: Path, timeout: float, unavailable: type[Exception], where: str,
                      why: Callable[[str], str]) -> None:
    """One of scripts/ensure-* (it installs a real server a test needs), one process at a time:
    xdist workers share the machine's package managers. When it cannot, `unavailable` is raised
    with why: too slow (`where` the packages come from) or what `why(stderr)` makes of its output."""
    lock = ROOT / ".tools" / f"{script.name.removeprefix('ensure-')}.lock"
    lock.parent.mkdir(exist_ok=True)
    try:
        with lock.open("w") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            done = subprocess.run(["bash", str(script)], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise unavailable(f"{script.name} took over {timeout:.0f} s (is {where} reachable?)") from None
    if done.returncode != 0:
        raise unavailable(f"scripts/{script.name} failed: {why(done.stderr) or f'exit {done.returncode}'}")


def free_port() -> int:
    """A loopback port nobody listens on now (a server the tests start binds it next)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def last_line(path: Path) -> str:
    """The last non-blank line of a server's log, "" when there is none (why it would not start)."""
    try:
        return last_line_of(path.read_text(errors="replace"))
    except OSError:
        return ""


def last_line_of(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def loopback_only(attempted: list[str]) -> Callable:
    """A Playwright route handler (`page.route("**/*", ...)`) that lets through 127.0.0.1 and the
    page's own data: and blob: URLs, and aborts every other request, noting it in `attempted`:
    a report or trace viewer opened this way proves it works offline when `attempted` stays empty."""
    from urllib.parse import urlsplit

    def route(route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            attempted.append(url)
            route.abort()

    return route


def journey_lines(progress: Path) -> list[dict]:
    """Each journey's line of a progress file, as a dict (the first line, the count, left out)."""
    if not progress.exists():
        return []
    lines = [json.loads(line) for line in progress.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if "nodeid" in line]


def run_cli(*args: str, timeout: float = 600, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`harness ARGS...` in a process of its own, as a user types it."""
    return subprocess.run([sys.executable, "-m", "harness.entry", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, env={**os.environ, **(env or {})})


def wait_for_line(stream, pattern: str, timeout: float = 60) -> re.Match:
    """Reads `stream` (a process's text stdout) until a line matches `pattern`; the match."""
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        seen.append(line)
        found = re.search(pattern, line)
        if found:
            return found
    raise AssertionError(f"no line matching {pattern!r} within {timeout:.0f} s; saw:\n{''.join(seen[-20:])}")


def made_once(tmp_path_factory, name: str, make: Callable[[Path], Any]) -> tuple[Any, Path]:
    """(what make(folder) returned, folder): `make` called once per test session, whichever
    pytest-xdist worker asks first, in a folder of the session's temporary folder that every worker
    shares; a worker that asks while another makes it waits for it and reads what it made (kept
    as JSON, so `make` returns what JSON holds). For what costs much and several tests read: a
    module-scoped fixture runs again in each worker that runs one of the module's tests."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the session's, above each worker's own
    folder, result = root / f"once-{name}", root / f"once-{name}.json"
    with open(root / f"once-{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not result.exists():
            folder.mkdir(exist_ok=True)
            result.write_text(json.dumps(make(folder)), encoding="utf-8")
        return json.loads(result.read_text(encoding="utf-8")), folder


def kept(run: subprocess.CompletedProcess) -> dict:
    """A finished process as JSON keeps it (`once` keeps what it made so); `process` gives it back."""
    return {"args": [str(a) for a in run.args], "returncode": run.returncode, "stdout": run.stdout, "stderr": run.stderr}


def process(kept: dict) -> subprocess.CompletedProcess:
    return subprocess.CompletedProcess(kept["args"], kept["returncode"], kept["stdout"], kept["stderr"])
