"""Fixtures for the storefront suite: the real storefront as a subprocess, reached over HTTP.

`storefront(faults=...)` starts one server per distinct fault set and keeps it for the
session; every response a test receives is checked to be below 500.
"""
from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import pytest

from .shopping import Server

ROOT = Path(__file__).resolve().parents[2]
LISTENING = re.compile(r"storefront listening on (http://\S+)")
STARTUP_TIMEOUT = 60.0


class _Process:
    """One `python -m storefront` child: spawned at once, waited for on first use."""

    def __init__(self, faults: tuple[str, ...]):
        self.faults = faults
        cmd = [sys.executable, "-m", "storefront", "--host", "127.0.0.1", "--port", "0"]
        if faults:
            cmd += ["--faults", ",".join(faults)]
        self.stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=self.stderr, text=True,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._drain, daemon=True).start()
        self.server: Server | None = None

    def _drain(self) -> None:
        for line in self.proc.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def stderr_tail(self, n: int = 15) -> str:
        self.stderr.flush()
        self.stderr.seek(0)
        return "\n".join(self.stderr.read().splitlines()[-n:])

    def wait(self) -> Server:
        if self.server is not None:
            return self.server
        deadline = time.monotonic() + STARTUP_TIMEOUT
        url = None
        while url is None:
            try:
                line = self._lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                if time.monotonic() < deadline and self.proc.poll() is None:
                    continue
                self.stop()
                raise RuntimeError(f"storefront {self.faults or '(clean)'} did not start:\n{self.stderr_tail()}")
            m = LISTENING.search(line)
            url = m.group(1) if m else None
        # The line is printed once the socket is bound; wait until it answers.
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{url}/health never answered 200:\n{self.stderr_tail()}")
            time.sleep(0.05)
        self.server = Server(url=url, faults=self.faults, stderr_tail=self.stderr_tail)
        return self.server

    def stop(self) -> str:
        """Ends the server; returns what it logged (stderr)."""
        if self.proc.poll() is None:
            self.proc.terminate()
        if self.proc.returncode is None:
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.stderr.closed:
            return ""
        self.stderr.seek(0)
        logged = self.stderr.read()
        self.stderr.close()
        return logged


class StorefrontFactory:
    """`storefront()` is the clean shop; `storefront(faults="vat-missing")` or a list/tuple of names a faulty one."""

    def __init__(self):
        self._procs: dict[tuple[str, ...], _Process] = {}

    @staticmethod
    def _key(faults) -> tuple[str, ...]:
        if isinstance(faults, str):
            faults = faults.split(",")
        return tuple(sorted({f.strip() for f in faults if f.strip()}))

    def warm(self, *fault_sets) -> None:
        """Spawn servers without waiting, so several start in parallel."""
        for faults in fault_sets:
            key = self._key(faults)
            if key not in self._procs:
                self._procs[key] = _Process(key)

    def __call__(self, faults=()) -> Server:
        self.warm(faults)
        return self._procs[self._key(faults)].wait()

    def close(self) -> dict[str, str]:
        """Ends every server; returns the tracebacks each logged, by fault set."""
        for p in self._procs.values():  # all at once, then wait for each
            if p.proc.poll() is None:
                p.proc.terminate()
        errors = {}
        for key, p in self._procs.items():
            logged = p.stop()
            if "Traceback" in logged:
                errors[",".join(key) or "clean"] = logged[logged.index("Traceback"):][-3000:]
        self._procs.clear()
        return errors


@pytest.fixture(scope="session")
def storefront():
    factory = StorefrontFactory()
    yield factory
    errors = factory.close()
    # An exception the shop logged without answering 500 (e.g. a mail it could not send) is a bug too.
    assert not errors, "\n\n".join(f"--- storefront[{k}] logged:\n{v}" for k, v in errors.items())


@pytest.fixture(scope="session")
def clean(storefront) -> Server:
    return storefront()
