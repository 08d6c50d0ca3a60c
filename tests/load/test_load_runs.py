"""Short real load runs against the embedded storefront: every shape, the gates, the bounds."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent


def harness_load(tmp: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "harness.entry", "load", "--out", str(tmp / "reports"), *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={"COLUMNS": "160", "PATH": "/usr/bin:/bin", "HOME": str(tmp)})


@pytest.mark.parametrize("shape, extra", [
    ("steady", []),
    ("follow-the-sun", []),
    ("flash-sale", []),
    ("market-opening", ["--new-markets", "NZ"]),
])
def test_each_shape_runs_clean_and_writes_its_reports(tmp_path, shape, extra):
    r = harness_load(tmp_path, "--shape", shape, "--duration", "8s", "--users", "12", "--markets", "DE,JP,NZ", *extra)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "every region met its targets" in r.stdout
    run = next((tmp_path / "reports").glob("load-*"))
    for name in ("locust_stats.csv", "locust_stats_history.csv", "locust_failures.csv", "locust.html",
                 "latency-per-region.svg"):
        assert (run / name).stat().st_size > 0, name
    stats = (run / "locust_stats.csv").read_text()
    assert "[DE] GET /" in stats and "[JP] GET /" in stats


def test_allure_gets_one_result_per_region_and_target(tmp_path):
    allure = tmp_path / "allure"
    r = harness_load(tmp_path, "--duration", "6s", "--users", "8", "--markets", "DE,JP", "--alluredir", str(allure))
    assert r.returncode == 0, r.stdout + r.stderr
    results = [json.loads(p.read_text()) for p in allure.glob("*-result.json")]
    assert len(results) == 2 * 4
    names = {res["name"] for res in results}
    assert "DE p95 latency under steady load" in names and "JP support first response under steady load" in names
    one = next(res for res in results if res["name"] == "DE error rate under steady load")
    labels = {label["name"]: label["value"] for label in one["labels"]}
    assert labels["epic"] == "Germany (DE)" and labels["market"] == "DE"
    params = {p["name"]: p["value"] for p in one["parameters"]}
    assert {"measured", "target", "samples"} <= set(params)
    kinds = {a["type"] for a in one["attachments"]}
    assert {"text/html", "text/csv", "image/svg+xml"} <= kinds
    assert all((allure / a["source"]).exists() for a in one["attachments"])


def test_a_region_failing_at_its_peak_fails_the_run_naming_region_and_metric(tmp_path):
    r = harness_load(tmp_path, "--faults", "regional-overload", "--shape", "flash-sale", "--duration", "12s",
                     "--users", "60", "--markets", "MX")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "missed: MX error_rate" in r.stdout


def test_the_same_peak_passes_on_the_clean_shop(tmp_path):
    r = harness_load(tmp_path, "--shape", "flash-sale", "--duration", "12s", "--users", "60", "--markets", "MX")
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("faults, code", [("slow-support-desk", 1), ("", 0)])
def test_slow_support_under_load_fails_the_first_response_gate(tmp_path, faults, code):
    args = ["--locustfile", str(HERE / "ticket_rush.py"), "--duration", "20s", "--users", "20", "--markets", "ZA"]
    r = harness_load(tmp_path, *(["--faults", faults] if faults else []), *args)
    assert r.returncode == code, r.stdout + r.stderr
    if code:
        assert "missed: ZA support_first_response_s" in r.stdout


def test_distributed_master_and_local_workers(tmp_path):
    r = harness_load(tmp_path, "--workers", "2", "--duration", "8s", "--users", "10", "--markets", "DE,JP")
    assert r.returncode == 0, r.stdout + r.stderr
    stats = next((tmp_path / "reports").glob("load-*/locust_stats.csv")).read_text()
    assert "[DE] GET /" in stats


def _own_address() -> str:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
        return s.getsockname()[0]


def test_a_host_not_allow_listed_is_refused_before_any_request(tmp_path):
    address = _own_address()
    if address.startswith("127."):
        pytest.skip("this machine has no address but loopback")
    server = socket.create_server((address, 0))
    port = server.getsockname()[1]
    connections = []
    server.settimeout(0.2)

    def accept():
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                connections.append(server.accept())
            except TimeoutError:
                continue

    watcher = threading.Thread(target=accept, daemon=True)
    watcher.start()
    r = harness_load(tmp_path, "--target", f"http://{address}:{port}", "--duration", "5s", "--users", "2")
    watcher.join()
    server.close()
    assert r.returncode == 2, r.stdout + r.stderr
    assert f"{address} is not allow-listed for load" in r.stdout + r.stderr
    assert connections == [], "a request reached the host"


@pytest.mark.parametrize("args, says", [
    (["--users", "0"], "--users: 0 is out of range"),
    (["--users", "100000"], "--users: 100000 is out of range"),
    (["--duration", "forever"], "--duration: 'forever' is not a duration"),
    (["--duration", "9h"], "--duration: '9h' is out of range"),
    (["--spawn-rate", "0"], "--spawn-rate: 0.0 is out of range"),
    (["--max-rps", "-3"], "--max-rps: -3.0 is out of range"),
    (["--shape", "flashsale"], "did you mean flash-sale"),
    (["--markets", "XX"], "--markets: no market 'XX'"),
    (["--target", "ftp://127.0.0.1/"], "--target: 'ftp://127.0.0.1/' is not an http(s) URL"),
    (["--allow-host", "a b"], "--allow-host: 'a b' is not a host name"),
    (["--shape", "market-opening"], "--new-markets: the market-opening shape needs"),
    (["--workers", "-1"], "--workers: -1 is out of range"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, says):
    r = harness_load(tmp_path, *args, timeout=60)
    assert r.returncode == 2, r.stdout + r.stderr
    assert says in r.stdout + r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    assert not (tmp_path / "reports").exists() or not any((tmp_path / "reports").iterdir())
