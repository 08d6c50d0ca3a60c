import stat

import pytest

from harness import browser


def _exe(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def test_override_wins(tmp_path, monkeypatch):
    exe = _exe(tmp_path / "my-chrome")
    monkeypatch.setenv("HARNESS_CHROMIUM", str(exe))
    assert browser.chromium_executable() == exe


def test_bad_override_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("HARNESS_CHROMIUM", str(tmp_path / "missing"))
    with pytest.raises(browser.NoChromium, match="HARNESS_CHROMIUM=.*missing"):
        browser.chromium_executable()


def test_playwright_browser_preferred_over_debian(tmp_path, monkeypatch):
    monkeypatch.delenv("HARNESS_CHROMIUM", raising=False)
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    exe = _exe(tmp_path / "chromium_headless_shell-1200" / "chrome-linux" / "headless_shell")
    assert browser.chromium_executable() == exe


def test_debian_headless_shell_before_full_chromium(tmp_path, monkeypatch):
    monkeypatch.delenv("HARNESS_CHROMIUM", raising=False)
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "empty"))
    shell = _exe(tmp_path / "headless-shell")
    full = _exe(tmp_path / "chromium")
    monkeypatch.setattr(browser, "DEBIAN_CANDIDATES", [shell, full])
    assert browser.chromium_executable() == shell


def test_launch_options_carry_the_required_flags(monkeypatch, tmp_path):
    monkeypatch.setenv("HARNESS_CHROMIUM", str(_exe(tmp_path / "c")))
    args = browser.launch_options()["args"]
    for flag in ("--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"):
        assert flag in args
