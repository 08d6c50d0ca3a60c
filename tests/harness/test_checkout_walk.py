"""The first browser journey against the real embedded storefront, clean and with a fault."""
import subprocess
import sys

import pytest
from playwright.sync_api import sync_playwright

from harness.browser import launch_options
from harness.checkout_walk import sample_customers, walk_checkout
from harness.target import EmbeddedStorefront


@pytest.fixture(scope="module")
def chromium():
    with sync_playwright() as pw:
        browser = pw.chromium.launch(**launch_options())
        yield browser
        browser.close()


def _walk(chromium, faults, market):
    with EmbeddedStorefront(faults) as shop:
        return walk_checkout(chromium, shop.url, sample_customers([market])[0])


@pytest.mark.parametrize("market", ["DE", "JP", "SA"])
def test_checkout_passes_on_the_clean_storefront(chromium, market):
    result = _walk(chromium, (), market)
    assert result.passed, result.problems
    assert result.order_ref.startswith(market)


def test_checkout_catches_mangled_customer_data(chromium):
    result = _walk(chromium, ("data-mangling",), "JP")
    assert not result.passed
    assert any("name on the order" in p for p in result.problems)
    assert any("phone on the order" in p for p in result.problems)


def test_checkout_catches_a_coverage_gap(chromium):
    # Munich is inside DE coverage; the coverage-gap profile drops it.
    customer = sample_customers(["DE"])[0]
    with EmbeddedStorefront(("coverage-gap",)) as shop:
        customer.address = {**customer.address, "postcode": "80331", "city": "München"}
        result = walk_checkout(chromium, shop.url, customer)
    assert any("address refused" in p for p in result.problems)


def test_cli_exit_codes():
    ok = subprocess.run([sys.executable, "-m", "harness.cli", "run", "--markets", "DE"], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = subprocess.run([sys.executable, "-m", "harness.cli", "run", "--markets", "XX"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stdout + bad.stderr
    failed = subprocess.run([sys.executable, "-m", "harness.cli", "run", "--markets", "JP", "--faults", "data-mangling"],
                            capture_output=True, text=True, timeout=120)
    assert failed.returncode == 1, failed.stdout
