"""A duration (`--duration`, `--load-duration`, a shape file's or a plan's `duration`) is read by
Locust's own `parse_timespan`, within the bounds, and refused in one line naming the flag or field
and the value. Checking one imports neither Locust nor gevent: Locust's __init__ monkey-patches
the whole process, and `harness run` and `harness rehearse` check durations in processes that
drive Playwright and pytest."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from harness.errors import UserInputError
from harness.load.bounds import _parse_timespan, parse_duration


@pytest.mark.parametrize("text, seconds", [
    ("45", 45), ("90s", 90), ("2m", 120), ("1h30m", 5400), ("1h20m30s", 4830), ("4h", 4 * 3600),
    (" 30s ", 30),  # padding from a flag or a YAML value
])
def test_durations_locust_reads(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text, why", [
    ("forever", "is not a duration such as 90s, 2m or 1h30m"),
    ("1.5s", "is not a duration such as 90s, 2m or 1h30m"),  # whole seconds, as Locust's --run-time
    ("1h 30m", "is not a duration such as 90s, 2m or 1h30m"),
    ("", "is not a duration such as 90s, 2m or 1h30m"),
    ("0", "is out of range; give 1 s to 4 h"),
    ("4h1s", "is out of range; give 1 s to 4 h"),
])
def test_a_bad_duration_is_refused_naming_the_flag_and_the_value(text, why):
    with pytest.raises(UserInputError) as caught:
        parse_duration(text, "--load-duration")
    assert str(caught.value) == f"--load-duration: {text!r} {why}"


def test_the_parser_is_locust_s_own():
    parse = _parse_timespan()
    assert Path(parse.__code__.co_filename).parts[-3:] == ("locust", "util", "timespan.py")
    assert parse("1h20m30s") == 4830


def _modules_after(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", f"import sys\n{code}\n"
                          "print(' '.join(sorted({m.split('.')[0] for m in sys.modules} & {'locust', 'gevent'})))"],
                         capture_output=True, text=True, timeout=120, check=True)
    return out.stdout.split()


def test_checking_a_duration_imports_neither_locust_nor_gevent():
    assert _modules_after("import harness.job.run, harness.job.plan\n"
                          "from harness.load.bounds import parse_duration\n"
                          "assert parse_duration('1h30m', '--load-duration') == 5400") == []


def test_where_locust_is_imported_its_module_is_used():
    assert _modules_after("import locust.util.timespan\n"
                          "from harness.load.bounds import _parse_timespan\n"
                          "assert _parse_timespan() is locust.util.timespan.parse_timespan") == ["gevent", "locust"]
