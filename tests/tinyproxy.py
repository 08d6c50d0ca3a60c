"""A real HTTP proxy (Debian's tinyproxy) for tests, on loopback only: a market's egress proxy.

    with Tinyproxy(folder) as proxy:               # raises TinyproxyUnavailable(reason)
        ... --egress-proxy DE={proxy.url} ...
        proxy.requests()                           # ["GET http://127.0.0.1:8000/ HTTP/1.1", ...]

Installed by scripts/ensure-tinyproxy (apt-get, once, as root). Each instance listens on a free
loopback port and accepts loopback clients only, runs in the foreground (-d) as whoever starts it
(no User/Group: as root it says it "SHOULD" have one and carries on), goes straight to the
address asked for (no upstream), and logs each request line to `folder`/tinyproxy.log.
`add_header` has it add a header to every request it forwards (tinyproxy's AddHeader).
"""
from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

from .helpers import ROOT, free_port, last_line, last_line_of, run_ensure_script

SCRIPT = ROOT / "scripts" / "ensure-tinyproxy"
INSTALL_TIMEOUT = 300.0
START_TIMEOUT = 10.0
REQUEST = re.compile(r"Request \(file descriptor \d+\): (.+)$")


class TinyproxyUnavailable(Exception):
    """tinyproxy cannot be installed or started here; the message says why, in one line."""


class Tinyproxy:
    def __init__(self, folder: Path, add_header: tuple[str, str] | None = None):
        self.folder = Path(folder)
        self.add_header = add_header
        self.port = 0
        self.log = self.folder / "tinyproxy.log"
        self._process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Tinyproxy:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> Tinyproxy:
        binary = _install()
        self.folder.mkdir(parents=True, exist_ok=True)
        why = ""
        for _ in range(3):  # a free port can be taken between choosing it and tinyproxy binding it
            self.port = free_port()
            self.log.unlink(missing_ok=True)
            config = self.folder / "tinyproxy.conf"
            config.write_text(self._config(), encoding="utf-8")
            with (self.folder / "stderr").open("wb") as stderr:
                self._process = subprocess.Popen([binary, "-d", "-c", str(config)], cwd=self.folder,
                                                 stdin=subprocess.DEVNULL, stdout=stderr, stderr=stderr)
            why = self._wait_until_up()
            if why is None:
                return self
            self.stop()
        raise TinyproxyUnavailable(f"tinyproxy did not start: {why}")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def requests(self) -> list[str]:
        """The request lines tinyproxy was sent, in order: "GET http://host:port/path HTTP/1.1",
        "CONNECT host:port HTTP/1.1" (a tunnel: a web socket, HTTPS)."""
        if not self.log.exists():
            return []
        return [m.group(1).strip() for line in self.log.read_text(errors="replace").splitlines()
                if (m := REQUEST.search(line))]

    def _config(self) -> str:
        lines = [
            "Listen 127.0.0.1",
            f"Port {self.port}",
            "Allow 127.0.0.1",
            "Timeout 60",
            f'LogFile "{self.log}"',
            "LogLevel Connect",  # a line per connection and per request line, and any warning
        ]
        if self.add_header:
            lines.append('AddHeader "{}" "{}"'.format(*self.add_header))
        return "\n".join(lines) + "\n"

    def _wait_until_up(self) -> str | None:
        """None once the port takes connections, else why not."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                said = last_line(self.folder / "stderr") or last_line(self.log)
                return said or f"it exited with {self._process.returncode}"
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return None
            except OSError:
                time.sleep(0.05)
        return f"nothing listening on {self.url} after {START_TIMEOUT:.0f} s"


def _install() -> str:
    """Runs scripts/ensure-tinyproxy, one process at a time (xdist workers), and returns the binary."""
    run_ensure_script(SCRIPT, INSTALL_TIMEOUT, TinyproxyUnavailable, "Debian's package mirror", last_line_of)
    binary = shutil.which("tinyproxy") or ("/usr/bin/tinyproxy" if Path("/usr/bin/tinyproxy").exists() else None)
    if binary is None:
        raise TinyproxyUnavailable("scripts/ensure-tinyproxy succeeded but no tinyproxy is on the PATH")
    return binary
