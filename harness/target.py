"""The shop under test: a URL, or the embedded reference storefront started on a free loopback port.

The storefront runs as its own process (`python -m storefront`), so the harness reaches it
exactly as it reaches any staging shop: over HTTP.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass

import httpx

# Set by a job (harness run, rehearse, load) to the target it probed or started itself, so the
# processes it starts do not probe it again.
PROBED = "HARNESS_PROBED"
LISTENING = re.compile(r"storefront listening on (http://\S+)")


class TargetError(RuntimeError):
    pass


@dataclass
class EmbeddedStorefront:
    faults: tuple[str, ...] = ()
    workers: int = 1  # web worker processes (one per core for load runs)
    database_url: str | None = None  # a database kept between starts (tests); default: a fresh one each start
    startup_timeout: float = 30.0
    process: subprocess.Popen | None = None
    url: str | None = None

    def start(self) -> str:
        import importlib.util

        if importlib.util.find_spec("storefront") is None:  # the harness installed without its extra
            raise TargetError("no --target given, and the embedded storefront is not installed: give --target URL "
                              "(your staging shop), or install the storefront from the harness's repository: "
                              "pip install ./storefront '.[storefront]'")
        cmd = [sys.executable, "-m", "storefront", "--host", "127.0.0.1", "--port", "0", "--workers", str(self.workers)]
        if self.faults:
            cmd += ["--faults", ",".join(self.faults)]
        if self.database_url:
            cmd += ["--database-url", self.database_url]
        # The shop's log goes to a file: a pipe nobody reads would stall it once full.
        self.log = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
        self.process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.log, text=True,
                                        env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                self.process.wait(5)
                raise TargetError(f"embedded storefront exited: {self.log_tail() or 'no output'}")
            m = LISTENING.search(line)
            if m:
                self.url = m.group(1)
                # what it prints after the line is read too: a full pipe nobody reads would stall it
                threading.Thread(target=_drain, args=(self.process.stdout,), name="storefront stdout", daemon=True).start()
                wait_healthy(self.url)
                return self.url
        self.stop()
        raise TargetError(f"embedded storefront did not start within {self.startup_timeout:.0f} s")

    def logged(self) -> str:
        """Everything the shop logged so far (its stderr). Read with pread: the file's offset is
        shared with the running shop, which writes at it."""
        log = getattr(self, "log", None)
        if log is None or log.closed:
            return ""
        fd = log.fileno()
        return os.pread(fd, os.fstat(fd).st_size, 0).decode("utf-8", errors="replace")

    def log_tail(self, n: int = 1) -> str:
        """The last `n` lines the shop logged."""
        return "\n".join(self.logged().strip().splitlines()[-n:])

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def __enter__(self) -> "EmbeddedStorefront":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _drain(stream) -> None:
    try:
        while stream.read(65536):
            pass
    except (OSError, ValueError):  # closed
        pass


def wait_healthy(url: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.1)
    raise TargetError(f"{url}/health did not answer 200 within {timeout:.0f} s ({last})")


def probe(url: str, flag: str = "--target") -> str:
    """A staging URL checked before anything starts: well-formed, answering, and a web shop
    rather than something else on that port. Returns it without a trailing slash."""
    from urllib.parse import urlsplit

    from .errors import UserInputError
    from .secrets import load_secrets

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserInputError(f"{flag}: {url!r} is not an http(s) URL such as https://staging.example.com")
    if parts.username or parts.password:
        raise UserInputError(f"{flag}: credentials in the URL would end up in logs and reports; "
                             "give them in HARNESS_BASIC_AUTH instead")
    try:
        answer = httpx.get(url, timeout=10, follow_redirects=True, auth=load_secrets().basic_auth)
    except httpx.ConnectError as exc:
        raise UserInputError(f"{flag}: {url} is unreachable ({_reason(exc)})") from None
    except httpx.TimeoutException:
        raise UserInputError(f"{flag}: {url} did not answer within 10 s") from None
    except httpx.HTTPError as exc:
        raise UserInputError(f"{flag}: {url}: {type(exc).__name__}: {_reason(exc)}") from None
    kind = answer.headers.get("content-type", "")
    if answer.status_code == 401:
        raise UserInputError(f"{flag}: {url} asks for credentials (401); set HARNESS_BASIC_AUTH=user:password")
    if answer.status_code >= 500 or "html" not in kind:
        raise UserInputError(f"{flag}: {url} answers {answer.status_code} {kind or 'without a content type'}, "
                             "not a shop's HTML page")
    return url.rstrip("/")


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:160]


def answers(url: str, timeout: float = 5) -> bool:
    """Whether anything answers at `url` at all, whatever the status: a target that stopped
    answering is named as such rather than read as a shop showing nothing."""
    try:
        httpx.get(url, timeout=timeout)
        return True
    except httpx.HTTPError:
        return False


def mark_probed(url: str) -> None:
    """The processes this one starts from now on take `url` as probed (see PROBED)."""
    os.environ[PROBED] = url.rstrip("/")
