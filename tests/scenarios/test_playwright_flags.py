"""pytest-playwright's own flags work on the journeys as they do on any Playwright test: --tracing,
--video, --screenshot and --output keep their files (in --output, one folder per walk, and in the
journey's Allure result), --slowmo slows the walk, --headed opens a window, --base-url names the
shop; what cannot be honoured here is one line before anything starts."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..allure_results import journey_results
from .journeys import ROOT, run_journeys

pytestmark = pytest.mark.slow

CH_DE_LANDS = ("-m", "service_area", "-k", "lands_in_its_market", "--markets", "CH,DE")
SLOWMO = 300  # ms; Playwright waits this long after a navigation


def _kept(output: Path, persona: str) -> dict[str, list[str]]:
    """Walk folder (…-ch-0001, …-ch-0001-retry1) -> the files pytest-playwright kept in it."""
    return {folder.name.rpartition(persona.lower())[2] or "first": sorted(f.name for f in folder.iterdir())
            for folder in output.iterdir() if persona.lower() in folder.name}


def _attached(result: dict) -> list[str]:
    found = [a["name"] for a in result.get("attachments", [])]
    for step in result.get("steps", []):
        found += _attached(step)
    return found


def _can_record_videos() -> bool:
    from harness.browser import check_video_recorder
    from harness.errors import UserInputError

    try:
        check_video_recorder()
        return True
    except UserInputError:
        return False


@pytest.fixture(scope="module")
def flagged(tmp_path_factory, running_shop):
    if not _can_record_videos():
        pytest.skip("no ffmpeg for Playwright to record videos with: make test links Debian's (scripts/ensure-ffmpeg)")
    tmp = tmp_path_factory.mktemp("flags")
    results, output = tmp / "allure", tmp / "playwright"
    run = run_journeys(tmp, *CH_DE_LANDS, "--target", running_shop("wrong-currency"), "--browser", "chromium",
                       "--tracing", "on", "--video", "retain-on-failure", "--screenshot", "only-on-failure",
                       "--slowmo", str(SLOWMO), "--retries", "1", "--output", str(output), "--alluredir", str(results))
    return run, results, output


def test_tracing_video_and_screenshot_keep_their_files_in_output(flagged):
    run, _, output = flagged
    assert run.failed("CH-0001") and not run.failed("DE-0001"), run.output
    assert "already been started" not in run.output
    assert _kept(output, "DE-0001") == {"first": ["trace.zip"]}, "a passing walk kept more than its trace (--tracing on)"
    failed_walk = ["test-failed-1.png", "trace.zip", "video.webm"]
    assert _kept(output, "CH-0001") == {"first": failed_walk, "-retry1": failed_walk}
    for video in output.glob("*ch-0001*/video.webm"):
        assert video.read_bytes()[:4] == b"\x1a\x45\xdf\xa3", f"{video} is not a WebM video"


def test_the_kept_files_reach_the_journeys_allure_results(flagged):
    _, results, _ = flagged
    attached = {}
    for result in journey_results(results):
        persona = next(label["value"] for label in result["labels"] if label["name"] == "persona")
        attached.setdefault(persona, []).append(sorted(set(_attached(result)) & {"Playwright trace", "video",
                                                                                 "screenshot (--screenshot)"}))
    assert attached["DE-0001"] == [["Playwright trace"]]
    assert attached["CH-0001"] == [["Playwright trace", "screenshot (--screenshot)", "video"]] * 2


def test_slowmo_waits_after_each_navigation(flagged):
    import zipfile

    _, _, output = flagged
    with zipfile.ZipFile(next(output.glob("*de-0001/trace.zip"))) as zf:
        events = [json.loads(line) for line in zf.read("trace.trace").decode().splitlines() if line.strip()]
    calls = [e for e in events if e.get("type") in ("before", "after")]
    ended = {e["callId"]: e["endTime"] for e in calls if e["type"] == "after"}
    starts = [e for e in calls if e["type"] == "before"]
    gaps = [later["startTime"] - ended[goto["callId"]] for goto, later in zip(starts, starts[1:]) if goto["method"] == "goto"]
    assert gaps and min(gaps) >= SLOWMO * 0.95, gaps  # a floor: a busy machine only makes it longer


def test_base_url_names_the_shop(tmp_path, running_shop):
    results = tmp_path / "allure"
    run = run_journeys(tmp_path, "-m", "service_area", "-k", "lands_in_its_market", "--markets", "DE",
                       "--base-url", running_shop(), "--alluredir", str(results))
    assert run.returncode == 0 and run.outcomes, run.output
    environment = (results / "environment.properties").read_text()
    assert f"target={running_shop().rstrip('/')}\n" in environment, environment


@pytest.mark.skipif(not (shutil.which("xvfb-run") and Path("/usr/bin/chromium").exists()),
                    reason="no Xvfb or no full Chromium: make test installs them (scripts/ensure-headed)")
def test_headed_walks_in_a_window(tmp_path, running_shop):
    spy = tmp_path / "launches.jsonl"
    run = run_journeys(tmp_path, "-m", "service_area", "-k", "lands_in_its_market", "--markets", "DE", "--headed",
                       "--target", running_shop(), "-p", "tests.scenarios.launch_spy",
                       env={"HARNESS_TEST_LAUNCH_SPY": str(spy), "HARNESS_CHROMIUM": ""}, wrap=("xvfb-run", "-a"))
    assert run.returncode == 0 and run.outcomes, run.output
    launches = [json.loads(line) for line in spy.read_text().splitlines()]
    assert launches and all(not launch["headless"] and "headless" not in launch["executable_path"] for launch in launches), launches


REFUSED = {
    "firefox not installed": (("--browser", "firefox"), {}, "--browser firefox: Playwright's Firefox is not installed"),
    "webkit not installed": (("--browser", "webkit"), {}, "--browser webkit: Playwright's WebKit is not installed"),
    "headed without a display": (("--headed",), {"DISPLAY": "", "WAYLAND_DISPLAY": ""}, "--headed: no display"),
    "negative slowmo": (("--slowmo", "-5"), {}, "--slowmo -5: give the milliseconds"),
    "video without ffmpeg": (("--video", "on"), {"PLAYWRIGHT_BROWSERS_PATH": "{tmp}"}, "--video: Playwright's ffmpeg"),
    "two shops": (("--base-url", "http://127.0.0.1:9", "--target", "http://127.0.0.1:8"), {},
                  "--base-url http://127.0.0.1:9 and --target http://127.0.0.1:8 name two shops"),
}


@pytest.mark.parametrize("flags, env, said", REFUSED.values(), ids=REFUSED.keys())
def test_what_cannot_be_honoured_is_one_line_before_anything_starts(tmp_path, flags, env, said):
    env = {k: v.format(tmp=tmp_path) for k, v in env.items()}
    proc = subprocess.run([sys.executable, "-m", "pytest", "scenarios", "-q", "-p", "no:cacheprovider", "--co", *flags],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST_")}, **env})
    errors = [line for line in (proc.stdout + proc.stderr).splitlines() if line.startswith("ERROR:")]
    assert proc.returncode == 4 and len(errors) == 1 and said in errors[0], proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "Traceback" not in proc.stdout + proc.stderr
