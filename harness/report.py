"""The Allure HTML report: built from reports/allure-results with the Allure 3 command line the
set-up installs, with history kept between runs, and nothing in it that calls out of the machine.

Allure 3's report page loads Google's tag manager for analytics (the awesome plugin sets it
unconditionally); the harness removes those script tags from every page it generates, so the
report can be opened on a CI runner or an air-gapped laptop without a request leaving it.
"""
from __future__ import annotations

import functools
import hashlib
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
TRACE_VIEWER = "trace-viewer"  # the report's copy of Playwright's trace viewer, for the traces it carries
PLAYWRIGHT_TRACE = "application/vnd.allure.playwright-trace"
TAG_MANAGER = (  # the loader, and the inline script that configures it
    re.compile(r"<script[^>]*googletagmanager\.com[^>]*>\s*</script>", re.DOTALL),
    re.compile(r"<script[^>]*>(?:(?!</script>).)*(?:googletagmanager|gtag\(|dataLayer)(?:(?!</script>).)*</script>", re.DOTALL),
)

# The report's tree (Allure 3's awesome plugin, `groupBy`): the market ("Germany (DE)", the epic
# label), the journey (feature: "checkout", "coverage", "load"), the persona; a result without one of
# these labels (a market's coverage, a region's load figure) stops at the level above.
TREE = ("epic", "feature", "persona")
# The steps of a result, collapsed when it opens: its set-up lists every fixture pytest-playwright
# and the harness plugin set up (allure-pytest reports each, and neither it nor Allure 3 can leave
# some out); the error above the steps already says every finding, and a click opens the rest.
STEPS = "collapsed"


def market_epic(name: str, code: str) -> str:
    """A market's place at the top of the report's tree (TREE's epic): "Germany (DE)"."""
    return f"{name} ({code})"


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
    """Generates the HTML report from `results` into `out`, adding this run to `history` once:
    building the same results again replaces the entry their last build added."""
    if not results.is_dir() or not any(results.glob("*-result.json")):
        raise UserInputError(f"{shown_path(results)}: no Allure results to build a report from (run the journeys or a load run first)")
    history = history or out.parent / "history.jsonl"
    history.parent.mkdir(parents=True, exist_ok=True)
    # Allure appends to the history it is given; it is given a copy, which replaces the history
    # only once the report is built, so a failed build leaves the history as it was.
    draft = history.with_name(f".{history.name}.building")
    try:
        _draft_history(history, results, draft)
        with tempfile.TemporaryDirectory() as tmp:
            staging = _generate(results, Path(tmp), draft, name)
            strip_analytics(staging)
            if _carries_traces(results):
                shutil.copytree(trace_viewer_source(), staging / TRACE_VIEWER)
            if out.exists():
                shutil.rmtree(out)
            shutil.move(str(staging), out)
        if draft.exists():
            os.replace(draft, history)
    finally:
        draft.unlink(missing_ok=True)
    return Built(out, len(list(results.glob("*-result.json"))), history)


def trace_viewer_source() -> Path:
    """Playwright's trace viewer as its driver ships it: static pages that read a trace in the browser."""
    import playwright

    return Path(playwright.__file__).parent / "driver" / "package" / "lib" / "vite" / "traceViewer"


def trace_viewer_link(attachment: str) -> str:
    """The report-relative link that opens an attached trace (its file name among the results) in
    the report's trace viewer. Allure 3 keeps an attachment as data/attachments/<md5 of its name>."""
    stored = hashlib.md5(attachment.encode()).hexdigest() + Path(attachment).suffix
    return f"{TRACE_VIEWER}/index.html?trace=../data/attachments/{stored}"


def _carries_traces(results: Path) -> bool:
    return any(PLAYWRIGHT_TRACE in path.read_text(encoding="utf-8") for path in results.glob("*-result.json"))


def config(results: Path, history: Path, name: str) -> dict:
    """The Allure 3 configuration the report is generated with (an allurerc.json): the awesome
    plugin's tree by market, journey and persona (TREE), every step tree collapsed at first
    (STEPS), and the categories the results carry in their categories.json, which Allure 3 reads
    from its configuration only."""
    made = {"name": name, "historyPath": str(history.resolve()),
            "plugins": {"awesome": {"options": {"reportName": name, "groupBy": list(TREE), "stepTreeExpansion": STEPS}}}}
    categories = results / "categories.json"
    if categories.is_file():
        try:
            made["categories"] = json.loads(categories.read_text(encoding="utf-8"))
        except ValueError:
            pass  # Allure's default categories, rather than no report
    return made


def _generate(results: Path, tmp: Path, history: Path, name: str) -> Path:
    """`allure generate` into a folder of `tmp`; returns that folder."""
    rc = tmp / "allurerc.json"
    rc.write_text(json.dumps(config(results, history, name)), encoding="utf-8")
    staging = tmp / "report"
    run = subprocess.run([str(allure_cli()), "generate", str(results.resolve()), "--config", str(rc),
                          "--output", str(staging), "--report-name", name],
                         capture_output=True, text=True, timeout=600, env={**os.environ, "ALLURE_NO_ANALYTICS": "true",
                                                                           "NO_COLOR": "1"})
    if run.returncode != 0 or not (staging / "index.html").exists():
        tail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
        raise UserInputError(f"allure generate failed: {tail[0]}")
    return staging


def _draft_history(history: Path, results: Path, into: Path) -> None:
    """Copies `history` to `into`, without its last entry when that entry is an earlier build of
    these results: a run is in the history once however often its report is built."""
    if not history.exists():
        into.unlink(missing_ok=True)  # a draft a killed build left behind
        return
    shutil.copyfile(history, into)
    start, last = _last_entry(history)
    if last is not None and _ids_in_entry(last) & _ids_of_results(results):
        os.truncate(into, start)


def _ids_of_results(results: Path) -> set[str]:
    """The ids Allure 3 gives these results in the report and its history: md5 of each uuid."""
    ids = set()
    for path in results.glob("*-result.json"):
        try:
            uuid = json.loads(path.read_text(encoding="utf-8")).get("uuid")
        except (OSError, ValueError, AttributeError):
            continue  # Allure skips it too
        if uuid:
            ids.add(hashlib.md5(str(uuid).encode()).hexdigest())
    return ids


def _last_entry(history: Path) -> tuple[int, dict | None]:
    """Where the history's last entry starts, and that entry (None when it is not one)."""
    start = offset = 0
    last = b""
    with history.open("rb") as lines:  # line by line: a nightly history grows large
        for line in lines:
            if line.strip():
                start, last = offset, line
            offset += len(line)
    try:
        entry = json.loads(last)
    except ValueError:
        return start, None
    return start, entry if isinstance(entry, dict) else None


def _ids_in_entry(entry: dict) -> set[str]:
    results = entry.get("testResults")
    return {item.get("id") for item in results.values() if isinstance(item, dict)} if isinstance(results, dict) else set()


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


def listen(report: Path, port: int = 0, flag: str = "--port") -> http.server.ThreadingHTTPServer:
    """Takes the loopback port the report is to be served on (not serving yet): a value that is not
    a port, or a port that is taken, is one line naming `flag`, before anything is built."""
    if not 0 <= port <= 65535:
        raise UserInputError(f"{flag}: {port} is not a port; give 1 to 65535 (0 picks a free one)")
    handler = functools.partial(_QuietHandler, directory=str(report.resolve()))
    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise UserInputError(f"{flag}: port {port} cannot be used on 127.0.0.1 ({exc.strerror or exc}); "
                             "give another, or 0 for a free one") from None


def start(server: http.server.ThreadingHTTPServer) -> str:
    """Serves in a background thread; returns the URL. Stop it with `server.shutdown()`."""
    threading.Thread(target=server.serve_forever, name="report-server", daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


def serve(report: Path, port: int = 0) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serves the report on loopback; returns the server (shut it down when done) and its URL."""
    server = listen(report, port)
    return server, start(server)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass
