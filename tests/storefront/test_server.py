"""The storefront's process model and command line: workers, shutdown, bad flags."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from .conftest import LISTENING, ROOT
from .shopping import IP, Server, Visitor, email, html_checkout, tls


class Running:
    """`python -m storefront` started for one test, with its own temporary directory."""

    def __init__(self, tmp_path: Path, *args: str):
        self.tmp = tmp_path / "tmp"
        self.tmp.mkdir()
        self.proc = subprocess.Popen([sys.executable, "-m", "storefront", "--port", "0", *args], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(self.tmp)})
        line = self.proc.stdout.readline()
        m = LISTENING.search(line)
        assert m, f"no listening line: {line!r} {self.proc.stderr.read() if self.proc.poll() is not None else ''}"
        self.url = m.group(1)
        self.forked = self.workers()
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{self.url}/health", timeout=2, verify=tls()).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "storefront never answered /health"
                time.sleep(0.05)

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def server(self) -> Server:
        return Server(url=self.url, faults=(), stderr_tail=lambda: "")

    def stop(self) -> tuple[int, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            _, err = self.proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            err = "(killed after 15 s)"
        finally:
            for pid in self.forked:  # a worker left behind would hold the pipes open forever
                if not _gone(pid):
                    os.kill(pid, signal.SIGKILL)
        if self.proc.returncode is None:
            self.proc.wait(5)
        return self.proc.returncode, err


@pytest.fixture
def two_workers(tmp_path):
    shop = Running(tmp_path, "--workers", "2")
    yield shop
    shop.stop()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"


def _wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.slow
def test_two_workers_serve_one_shop(two_workers):
    assert len(two_workers.workers()) == 2
    v = Visitor(two_workers.server(), ip=IP["DE"], lang="de-DE")
    # Each request may land on either worker: every confirmation is in the mailbox as soon as
    # its order is, and a form rendered by one worker is accepted by the other.
    for _ in range(6):
        _, order = v.api_order("DE", [("APP-001", 1)])
        mails = v.get("/_staging/mailbox", params={"to": order["email"]}).json()
        assert [m["subject"] for m in mails] == [f"Ihre Bestellung {order['ref']}"]
    for _ in range(3):
        browser = Visitor(two_workers.server(), ip=IP["DE"], lang="de-DE")
        assert browser.submit("/cart/add", {"sku": "APP-001", "quantity": "1"}).status_code == 303
        fields = {"email": email("de"), "phone": "+49 30 12345678", "name": "Erika Mustermann",
                  "street": "Unter den Linden 1", "postcode": "10115", "city": "Berlin"}
        r = html_checkout(browser, fields)
        assert r.status_code == 303 and r.headers["location"].startswith("/orders/DE-")


@pytest.mark.slow
def test_sigterm_stops_every_process_and_removes_the_database(tmp_path):
    shop = Running(tmp_path, "--workers", "2")
    workers = shop.workers()
    assert any(shop.tmp.iterdir()), "the default database lives in a temporary directory"
    started = time.monotonic()
    code, err = shop.stop()
    assert code == 0, err
    assert time.monotonic() - started < 10
    assert all(_gone(pid) for pid in workers)
    assert not any(shop.tmp.iterdir()), "the temporary database is removed on exit"
    assert "Traceback" not in err


@pytest.mark.slow
def test_a_dead_worker_stops_the_shop_loudly(two_workers):
    victim = two_workers.workers()[0]
    os.kill(victim, signal.SIGKILL)
    assert _wait_until(lambda: two_workers.proc.poll() is not None, 10), "the shop kept running on one worker"
    code, err = two_workers.stop()
    assert code == 1
    assert f"worker {victim} exited" in err


@pytest.mark.slow
def test_workers_stop_by_themselves_when_the_supervisor_is_killed(two_workers):
    workers = two_workers.workers()
    two_workers.proc.kill()
    two_workers.proc.wait(5)
    assert _wait_until(lambda: all(_gone(pid) for pid in workers), 10), "orphaned workers kept running"


@pytest.mark.parametrize("args, names", [
    (["--workers", "0"], "--workers"),
    (["--workers", "lots"], "--workers"),
    (["--faults", "vat-mising"], "did you mean vat-missing"),
    (["--config", "/no/such/markets.yaml"], "--config"),
    (["--port", "0", "--database-url", "nosuchdb://user@host/shop"], "--database-url"),  # port 0: not whatever holds 8000
    (["--port", "70000"], "--port"),
])
def test_bad_flags_get_one_line_and_exit_2(args, names):
    r = subprocess.run([sys.executable, "-m", "storefront", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert any(names in line for line in lines), r.stderr
    assert "listening" not in r.stdout


@pytest.mark.slow
def test_a_port_in_use_is_refused_with_exit_2(clean):
    port = clean.url.rsplit(":", 1)[1]
    r = subprocess.run([sys.executable, "-m", "storefront", "--port", port], cwd=ROOT, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in r.stderr


def test_a_shop_that_cannot_start_is_named_with_its_last_logged_line():
    """harness.target: the reason the embedded storefront gave for exiting, not a timeout."""
    from harness.target import EmbeddedStorefront, TargetError

    shop = EmbeddedStorefront(("no-such-fault",))
    with pytest.raises(TargetError, match=r"^embedded storefront exited: storefront: --faults: unknown fault "
                                          r"profile 'no-such-fault'; known: "):
        shop.start()
    assert shop.log_tail(5) == shop.log_tail(1)  # one line logged, the reason
    assert "no-such-fault" in shop.logged()
