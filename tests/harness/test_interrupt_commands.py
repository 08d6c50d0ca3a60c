"""Every command stops on Ctrl-C or SIGTERM with exit code 130 and no traceback (a CI job that is
cancelled sends SIGTERM). `harness run` keeping what finished is tests/harness/test_interrupt.py;
here, a command with no interrupt handling of its own: `harness personas` on a large count."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest


def _catches(pid: int, signum: int) -> bool:
    """Whether the process has a handler for `signum` yet (Linux: the SigCgt mask in /proc)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            mask = next(line.split()[1] for line in fh if line.startswith("SigCgt:"))
    except (OSError, StopIteration):
        return False
    return bool(int(mask, 16) & (1 << (signum - 1)))


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux's /proc to see the handler")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_personas_interrupted_exits_130_without_a_traceback(signum):
    # 49 markets x 100,000 personas: minutes of work, so the signal lands in the middle of it.
    proc = subprocess.Popen([sys.executable, "-m", "harness.entry", "personas", "--market", "all", "--count", "100000",
                             "--format", "csv"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not _catches(proc.pid, signal.SIGTERM) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # before its handler is set, SIGTERM would simply kill it
        time.sleep(1.0)  # into the generation
        assert proc.poll() is None, "it ended before it was interrupted"
        proc.send_signal(signum)
        _, said = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, (proc.returncode, said[-2000:])
    assert "Traceback" not in said, said[-2000:]
    assert len([line for line in said.splitlines() if line.strip()]) <= 1, said
