"""A real MailDev (SMTP mail catcher with an HTTP API) for tests, on loopback only.

    with MailDev() as maildev:                     # raises MailDevUnavailable(reason)
        smtplib.SMTP("127.0.0.1", maildev.smtp_port).send_message(msg)
        MailDevMailbox(maildev.url).messages("anna@example.com")

Installed by scripts/ensure-maildev under .tools/maildev (npm, once); each instance listens on
two free loopback ports, keeps mail in memory (its .eml copies in a temporary folder of its own,
removed on stop), relays nothing and prints nothing.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from .helpers import ROOT, free_port, last_line, run_ensure_script

SCRIPT = ROOT / "scripts" / "ensure-maildev"
BINARY = ROOT / ".tools" / "maildev" / "node_modules" / ".bin" / "maildev"
INSTALL_TIMEOUT = 300.0
START_TIMEOUT = 20.0


class MailDevUnavailable(Exception):
    """MailDev cannot be installed or started here; the message says why, in one line."""


class MailDev:
    def __init__(self):
        self.smtp_port = 0
        self.web_port = 0
        self._process: subprocess.Popen | None = None
        self._home: Path | None = None

    @property
    def url(self) -> str:
        """Base of the web API (`{url}/api/email`)."""
        return f"http://127.0.0.1:{self.web_port}"

    def __enter__(self) -> MailDev:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> MailDev:
        _install()
        for _ in range(3):  # a free port can be taken between choosing it and MailDev binding it
            self.smtp_port, self.web_port = free_port(), free_port()
            self._home = Path(tempfile.mkdtemp(prefix="maildev-"))
            with (self._home / "stderr").open("wb") as stderr:
                self._process = subprocess.Popen(
                    [str(BINARY), "--ip", "127.0.0.1", "--smtp", str(self.smtp_port),
                     "--web-ip", "127.0.0.1", "--web", str(self.web_port), "--silent"],
                    cwd=self._home, env=_environment(self._home), stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL, stderr=stderr)
            why = self._wait_until_up()
            if why is None:
                return self
            self.stop()
            if "EADDRINUSE" not in why:
                break
        raise MailDevUnavailable(f"MailDev did not start: {why}")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        if self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = None

    def _wait_until_up(self) -> str | None:
        """None once the web API answers (MailDev starts SMTP before it), else why not."""
        deadline = time.monotonic() + START_TIMEOUT
        with httpx.Client(timeout=1.0) as client:
            while time.monotonic() < deadline:
                if self._process.poll() is not None:
                    return last_line(self._home / "stderr") or f"it exited with {self._process.returncode}"
                try:
                    if client.get(f"{self.url}/api/healthz").status_code == 200:
                        return None
                except httpx.HTTPError:
                    pass
                time.sleep(0.05)
        return f"its web API on {self.url} did not answer within {START_TIMEOUT:.0f} s"


def _install() -> None:
    """Runs scripts/ensure-maildev, one process at a time (pytest -n 2 starts two MailDevs)."""
    run_ensure_script(SCRIPT, INSTALL_TIMEOUT, MailDevUnavailable, "the npm registry", _npm_reason)


def _environment(home: Path) -> dict[str, str]:
    """Ours, without MAILDEV_* settings (an outgoing relay, say); TMPDIR is where MailDev keeps
    its copies of the mail when it stores none elsewhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILDEV_")}
    env["TMPDIR"] = str(home)
    return env



def _npm_reason(stderr: str) -> str:
    """npm's own words for a failed install (many lines, a stack among them), in one line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if "reason:" in line:
            return line.removeprefix("npm error").strip()
    codes = [line.removeprefix("npm error").strip() for line in lines if line.startswith("npm error code")]
    return codes[0] if codes else (lines[-1] if lines else "")
