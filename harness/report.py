"""The Allure HTML report: built from reports/allure-results with the Allure 3 command line the
set-up installs, with history kept between runs, and nothing in it that calls out of the machine.

Allure 3's report page loads Google's tag manager for analytics (the awesome plugin sets it
unconditionally); the harness removes those script tags from every page it generates, so the
report can be opened on a CI runner or an air-gapped laptop without a request leaving it.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from .errors import UserInputError, shown_path

ROOT = Path(__file__).resolve().parent.parent
TAG_MANAGER = (  # the loader, and the inline script that configures it
    re.compile(r"<script[^>]*googletagmanager\.com[^>]*>\s*</script>", re.DOTALL),
    re.compile(r"<script[^>]*>(?:(?!</script>).)*(?:googletagmanager|gtag\(|dataLayer)(?:(?!</script>).)*</script>", re.DOTALL),
)


@dataclass(frozen=True)
class Built:
    path: Path  # the report's folder; open index.html
    results: int  # result files read
    history: Path


def allure_cli() -> Path:
    override = os.environ.get("HARNESS_ALLURE")
    candidates = [Path(override)] if override else []
    candidates += [ROOT / ".tools" / "allure" / "node_modules" / ".bin" / "allure"]
    found = shutil.which("allure")
    if found:
        candidates.append(Path(found))
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    raise UserInputError("the Allure command line is not installed: run `make setup` (or set HARNESS_ALLURE=/path/to/allure)")


def build(results: Path, out: Path, history: Path | None = None, name: str = "Regional harness") -> Built:
    """Generates the HTML report from `results` into `out`, adding this run to `history`."""
    if not results.is_dir() or not any(results.glob("*-result.json")):
        raise UserInputError(f"{shown_path(results)}: no Allure results to build a report from (run the journeys or a load run first)")
    history = history or out.parent / "history.jsonl"
    history.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "allurerc.json"
        config.write_text(json.dumps({"name": name, "historyPath": str(history.resolve())}), encoding="utf-8")
        staging = Path(tmp) / "report"
        run = subprocess.run([str(allure_cli()), "generate", str(results.resolve()), "--config", str(config),
                              "--output", str(staging), "--report-name", name],
                             capture_output=True, text=True, timeout=600, env={**os.environ, "ALLURE_NO_ANALYTICS": "true",
                                                                               "NO_COLOR": "1"})
        if run.returncode != 0 or not (staging / "index.html").exists():
            tail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
            raise UserInputError(f"allure generate failed: {tail[0]}")
        strip_analytics(staging)
        if out.exists():
            shutil.rmtree(out)
        shutil.move(str(staging), out)
    return Built(out, len(list(results.glob("*-result.json"))), history)


def strip_analytics(report: Path) -> int:
    """Removes the tag-manager scripts from every HTML page of the report; returns how many."""
    removed = 0
    for page in report.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        count = 0
        for pattern in TAG_MANAGER:
            text, n = pattern.subn("", text)
            count += n
        if count:
            page.write_text(text, encoding="utf-8")
            removed += count
    return removed


def serve(report: Path, port: int = 0) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serves the report on loopback; returns the server (shut it down when done) and its URL."""
    handler = functools.partial(_QuietHandler, directory=str(report))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, name="report-server", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass
