"""The shipped django-oscar adapter (`harness.shop.oscar`) against a real Oscar staging: the clean
shop walks green in every market, with load through the adapter; each misconfiguration of the
failure catalogue fails the run, naming the market and what the policy expects. Each run is made
once per test session and read by the tests about it.

Skipped, with the reason, where the shop's virtualenv (PyPI) or MailDev (npm) cannot be installed."""
from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ..maildev import MailDev, MailDevUnavailable
from ..policy_files import edit_yaml, NO_BUSY_MACHINE_MISSES
from .staging import ROOT, OscarStaging, started_or_skipped
from .test_oscar_traffic import LABELS

pytestmark = pytest.mark.slow

ADAPTER = "harness.shop.oscar:make_shop"
POLICY = Path(__file__).parent / "policy"
MARKETS = ["DE", "AT", "GB", "US"]


@pytest.fixture(scope="module")
def mail():
    catcher = MailDev()
    try:
        catcher.start()
    except MailDevUnavailable as exc:
        pytest.skip(str(exc))
    yield catcher
    catcher.stop()


@pytest.fixture(scope="module")
def policy(tmp_path_factory) -> Path:
    """The Oscar shop's policy with a latency target no busy machine misses: the load's verdict
    must hang on what the shop does, not on how fast the machine running the test is."""
    folder = tmp_path_factory.mktemp("oscar-policy")
    for path in POLICY.glob("*.yaml"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    edit_yaml(folder / "defaults.yaml", lambda data: data["service_levels"].update(p95_ms=NO_BUSY_MACHINE_MISSES))
    return folder


def staging(mail: MailDev, *faults: str) -> OscarStaging:
    return started_or_skipped(faults=faults, smtp_port=mail.smtp_port)


def harness_run(shop: OscarStaging, mail: MailDev, policy: Path, reports: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HARNESS_OSCAR_MAILDEV": mail.url, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "harness.entry", "run", "--personas", "1", "--target", shop.url, "--adapter", ADAPTER,
                           "--policy", str(policy), "--reports", str(reports), "--workers", "2", *args],
                          capture_output=True, text=True, timeout=900, env=env, cwd=ROOT)


def grid_row(stdout: str, market: str) -> str:
    return next(line for line in stdout.splitlines() if line.startswith(f"│ {market} "))


@pytest.fixture(scope="module")
def clean(mail, policy, once):
    """The clean staging's run, every market, with load (12 users, 30 s: three regions judged; in
    15 s only one would be) and a journey walked under it: (exit code, stdout, reports folder),
    made once per test session."""
    def make(folder: Path) -> tuple[int, str, str]:
        shop = staging(mail)
        try:
            run = harness_run(shop, mail, policy, folder, "--markets", ",".join(MARKETS), "--load-users", "12",
                              "--load-duration", "30s", "--journeys-under-load", "1")
        finally:
            shop.stop()
        return run.returncode, run.stdout, str(folder)

    (code, out, reports), _ = once("oscar-clean", make)
    return code, out, Path(reports)


def test_the_clean_oscar_shop_walks_green_in_every_market_with_load_through_the_adapter(clean):
    code, out, reports = clean
    assert code == 0, out[-6000:]
    assert "green: every check that ran passed" in out
    for market in MARKETS:
        assert "✗" not in grid_row(out, market) and "!" not in grid_row(out, market), grid_row(out, market)
    # Oscar has no help desk and no after-sales part: those journeys are skipped, with the reason.
    assert "the adapter has no after-sales order page" in out
    load = json.loads((reports / "load-summary.json").read_text(encoding="utf-8"))
    assert load["verdict"] == "green" and load["not_driven"] == ["ask_chatbot", "open_ticket"]
    judged = {(r["market"], r["metric"]) for r in load["results"] if r["status"] == "passed"}
    # Judged on real Oscar traffic: latency and errors in every region load-tested, and checkouts
    # where a region had the ten a verdict needs (the busiest has, unless the machine is very busy).
    assert {m for m, metric in judged if metric == "error_rate"} == set(load["markets"]), load["results"]
    checkouts = [r for r in load["results"] if r["metric"] == "checkout_success"]
    assert all(r["status"] == "passed" or r["samples"] < r["minimum"] for r in checkouts), checkouts
    assert all(r["status"] != "failed" for r in load["results"])
    support = [r for r in load["results"] if r["metric"] == "support_first_response_s"]
    assert support and all(r["undriven"] == "the traffic drives no ticket" for r in support)


def test_the_load_through_the_adapter_places_an_order_per_checkout_and_names_requests_by_pattern(clean):
    """The same run's Locust statistics: every request named `[market] METHOD pattern` with the
    adapter's patterns, none failed, and one order placed per checkout (each checkout's last step)."""
    code, out, reports = clean
    load = json.loads((reports / "load-summary.json").read_text(encoding="utf-8"))
    checkouts = {r["market"]: r for r in load["results"] if r["metric"] == "checkout_success"}
    assert sorted(checkouts) == sorted(load["markets"]), load["results"]
    assert all(r["samples"] == 0 or r["measured"] == 1.0 for r in checkouts.values()), checkouts  # each placed its order
    assert sum(r["samples"] for r in checkouts.values()) > 0, out[-4000:]
    stats = next(reports.glob("load-*/locust_stats.csv"))
    with open(stats.with_name("locust_failures.csv"), encoding="utf-8") as f:
        assert list(csv.DictReader(f)) == []
    with open(stats, encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["Name"] != "Aggregated"]
    named = [re.fullmatch(r"\[([A-Z]{2})\] (.+)", r["Name"]) for r in rows]
    assert all(named), [r["Name"] for r in rows]
    assert {m.group(1) for m in named} == set(load["markets"])
    assert {m.group(2) for m in named} <= LABELS, {m.group(2) for m in named} - LABELS
    placed = sum(int(r["Request Count"]) for r in rows if r["Name"].endswith("POST /{lang}/checkout/preview/"))
    assert placed == sum(r["samples"] for r in checkouts.values())
    assert all(int(r["Failure Count"]) == 0 for r in rows)


# Faults of different markets share one staging and one run; each market's finding is its own
# fault's. at-not-shipped stops Austria's checkout at the address, before the VAT at-vat-wrong
# changes is shown, so it has a run of its own: of the checkout, where it is caught.
SHARED = ("at-vat-wrong", "gb-currency-wrong", "us-price-missing")
FAULT_RUNS = {fault: (SHARED, "service-area,checkout") for fault in SHARED} | {"at-not-shipped": (("at-not-shipped",), "checkout")}


@pytest.fixture(scope="module")
def misconfigured(mail, policy, once):
    """`misconfigured(fault)`: the run of the staging with that fault (and the others it shares a
    run with), as (exit code, stdout); each run made once per test session, whichever worker asks."""
    def run_of(fault: str) -> tuple[int, str]:
        faults, journeys = FAULT_RUNS[fault]

        def make(folder: Path) -> tuple[int, str]:
            shop = staging(mail, *faults)
            try:
                markets = sorted({f[:2].upper() for f in faults})
                run = harness_run(shop, mail, policy, folder, "--markets", ",".join(markets),
                                  "--journeys", journeys, "--no-load")
            finally:
                shop.stop()
            return run.returncode, run.stdout

        made, _ = once("oscar-" + "-".join(faults), make)
        return tuple(made)

    return run_of


@pytest.mark.parametrize("fault, market, said", [
    ("at-vat-wrong", "AT", "expected VAT of 20% included"),
    ("at-not-shipped", "AT", "AT-0001 checkout"),
    ("gb-currency-wrong", "GB", "GBP"),
    ("us-price-missing", "US", "HOM-002 without one"),
])
def test_a_misconfigured_oscar_shop_fails_naming_the_market_and_the_expectation(misconfigured, fault, market, said):
    code, stdout = misconfigured(fault)
    assert code == 1, stdout[-4000:]
    findings = [line.strip() for line in stdout.splitlines() if line.strip().startswith(f"{market}-")]
    assert any(said in line for line in findings), findings
