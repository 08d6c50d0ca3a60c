"""A Playwright browser server on loopback, as a browser pool elsewhere offers one to --browser-ws:
`python -m playwright launch-server` (Playwright's own, from the driver this Playwright ships, so
the versions match) with Debian's Chromium, headless, on a free port of 127.0.0.1. The driver's
Node is started as `python -m playwright` starts it, without the Python in between: stopped, it
closes its browser before it exits, and waiting for it waits for that."""
from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright._impl._driver import compute_driver_executable, get_driver_env

from harness.browser import LAUNCH_ARGS, chromium_executable

from .helpers import wait_for_line


@dataclass
class BrowserServer:
    ws: str  # ws://127.0.0.1:PORT/PATH, what --browser-ws takes
    log: Path  # the server's DEBUG=pw:server lines: a client's connection is "[N] serving connection"

    def connections(self) -> int:
        return self.log.read_text(encoding="utf-8").count("serving connection")


@contextmanager
def browser_server(folder: Path, path: str = "/pool") -> Iterator[BrowserServer]:
    """The server, its Chromium started, until the block ends; then stopped, browser and all."""
    config = folder / "browser-server.json"  # launchServer's options: port 0 is a free one, said on stdout
    config.write_text(json.dumps({"headless": True, "executablePath": str(chromium_executable()),
                                  "args": LAUNCH_ARGS, "host": "127.0.0.1", "port": 0, "wsPath": path}))
    log = folder / "browser-server.log"
    with log.open("w") as errors:
        proc = subprocess.Popen([*compute_driver_executable(), "launch-server", "--browser", "chromium",
                                 "--config", str(config)], stdout=subprocess.PIPE, stderr=errors, text=True,
                                env={**get_driver_env(), "DEBUG": "pw:server"})
    try:
        ws = wait_for_line(proc.stdout, r"^(ws://127\.0\.0\.1:\d+/\S*)$", timeout=60).group(1)
        yield BrowserServer(ws, log)
    finally:
        proc.terminate()  # SIGTERM: Playwright closes the browser it launched, then exits
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        proc.stdout.close()
