"""Fixtures of the harness's CLI suites: `harness_in_process`, a `harness` command run in the
test process as the console script runs it (for refusals and work that starts nothing)."""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.adapter.walk import deadline


@dataclass
class Said:
    """What a command line did: its exit code and what it wrote."""

    code: int | None
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err

    @property
    def lines(self) -> list[str]:
        return [line for line in self.text.splitlines() if line.strip()]


class StartedSomething(AssertionError):
    """A command run in this process tried to start a process: a refusal never gets that far."""


def _no_process(self, args, *rest, **kwargs):
    raise StartedSomething(f"the command started a process: {args!r}")


def _gevent_patched() -> bool:
    monkey = sys.modules.get("gevent.monkey")
    return bool(monkey and monkey.is_module_patched("socket"))


_QUIET_WARNINGS = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)  # Python's default filters


@pytest.fixture
def harness_in_process(monkeypatch, capfd, caplog, tmp_path_factory):
    """`harness_in_process(*args, env={...})`: `harness ARGS` run in this process as the console
    script runs it (harness.entry.main, sys.argv patched, COLUMNS=100 and `env` over os.environ),
    in `cwd` (by default an empty folder: a regression that gets as far as writing its default
    reports/ writes nothing in the working tree); a Said. For a command that refuses its input or
    does its work without starting anything: starting a process, leaving a thread running,
    monkey-patching for gevent or changing the environment fails the call (`harness load` is
    never run here), and what it may change (signal handlers, sys.excepthook, the working
    directory) is put back. What a process of its own would have shown on its terminal is in the
    Said: a logged warning or a Python warning counts as a line."""
    from harness.entry import main

    def run(*args: str, env: dict | None = None, cwd: Path | None = None, timeout: float = 60) -> Said:
        assert args and args[0] != "load", "harness load monkey-patches the process for gevent: run it in its own"
        capfd.readouterr()
        caplog.clear()
        threads = set(threading.enumerate())
        patched = _gevent_patched()
        with monkeypatch.context() as m:
            m.chdir(cwd or tmp_path_factory.mktemp("cwd"))
            m.setattr(sys, "argv", ["harness", *args])
            m.setattr(sys, "excepthook", sys.excepthook)  # typer sets its own
            m.delenv("HARNESS_PROBED", raising=False)  # as a user's shell has it: no job marked a target
            m.setenv("COLUMNS", "100")
            for name, value in (env or {}).items():
                m.setenv(name, value)
            m.setattr(subprocess.Popen, "__init__", _no_process)
            environ = dict(os.environ)
            handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
            code = 0
            try:
                with warnings.catch_warnings(record=True) as caught, deadline(timeout):
                    warnings.simplefilter("always")
                    try:
                        main()
                    except SystemExit as exc:
                        code = 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1
            finally:
                for signum, handler in handlers.items():
                    signal.signal(signum, handler)
            assert dict(os.environ) == environ, "the command changed this process's environment"
        out, err = capfd.readouterr()
        assert not _gevent_patched() or patched, "the command monkey-patched this process for gevent"
        left = [t.name for t in threading.enumerate() if t not in threads and t.is_alive()]
        assert not left, f"the command left threads running: {left}"
        err += "".join(warnings.formatwarning(w.message, w.category, w.filename, w.lineno)
                       for w in caught if not issubclass(w.category, _QUIET_WARNINGS))
        err += "".join(f"{r.levelname}: {r.getMessage()}\n" for r in caplog.records if r.levelno >= logging.WARNING)
        return Said(code, out, err)

    return run
