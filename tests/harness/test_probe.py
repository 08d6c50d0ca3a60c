"""--target is refused, before any journey starts, unless it looks like the shop the adapter
describes: a web server that is not the shop is never reported as a shop showing nothing."""
from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from harness.adapter.probe import probe_shop
from harness.errors import UserInputError
from harness.policy import load_policy
from harness.shop import Refusal, Shop
from harness.shop.catalogue import Landing

ROOT = Path(__file__).resolve().parents[2]
HERE = "tests.harness.test_probe:"  # + a factory below, for --adapter


class Hello(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<html><body>hello</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def not_a_shop():
    """A web server answering every page with "hello": HTML, but no shop."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def policy():
    return load_policy(None)


@pytest.fixture(autouse=True)
def nothing_probed_yet(monkeypatch):
    """A probe that passes marks its URL probed for the processes started after it (HARNESS_PROBED):
    each test starts with none, and leaves none."""
    monkeypatch.delenv("HARNESS_PROBED", raising=False)


def _said(done: subprocess.CompletedProcess) -> list[str]:
    return [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]


@pytest.mark.slow
def test_harness_run_refuses_a_web_server_that_is_not_the_shop(not_a_shop):
    done = subprocess.run([sys.executable, "-m", "harness.entry", "run", "--personas", "1", "--no-load", "--target", not_a_shop,
                           "--markets", "DE"], capture_output=True, text=True, timeout=180, cwd=ROOT)
    lines = _said(done)
    assert done.returncode == 2 and len(lines) == 1, lines
    assert f"--target: {not_a_shop} does not look like the shop the adapter harness.shop.reference:make_shop " \
           "describes: its landing page ('hello') shows no market" in lines[0], lines
    assert "SA-3" not in lines[0]


@pytest.mark.slow
def test_bare_pytest_refuses_it_as_a_usage_error(not_a_shop):
    done = subprocess.run([sys.executable, "-m", "pytest", "scenarios", "--personas", "1", "-q", "-p", "no:cacheprovider", "-m",
                           "service_area", "--markets", "DE", "--target", not_a_shop],
                          capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert done.returncode == 4, _said(done)
    assert _said(done) == [f"ERROR: --target: {not_a_shop} does not look like the shop the adapter "
                           "harness.shop.reference:make_shop describes: its landing page ('hello') shows no market, "
                           "no products and no categories"]


@pytest.mark.slow
def test_the_probe_in_a_process_of_its_own(not_a_shop, running_shop):
    """What `harness load` calls: exit 0 for the shop, exit 2 and the one line otherwise. The probe
    only reads, so the shared clean storefront is the shop."""
    probe = [sys.executable, "-m", "harness.adapter.probe", "--markets", "DE", "--target"]
    refused = subprocess.run([*probe, not_a_shop], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert refused.returncode == 2 and refused.stdout == "", refused.stdout
    assert [line for line in refused.stderr.splitlines() if line] == [
        f"harness: --target: {not_a_shop} does not look like the shop the adapter harness.shop.reference:make_shop "
        "describes: its landing page ('hello') shows no market, no products and no categories"]
    unreachable = subprocess.run([*probe, "http://127.0.0.1:9"], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert unreachable.returncode == 2 and "http://127.0.0.1:9 is unreachable" in unreachable.stderr
    passed = subprocess.run([*probe, running_shop()], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert passed.returncode == 0, passed.stderr


@pytest.mark.slow
def test_the_embedded_storefront_is_the_shop_in_every_kind_of_market(policy, running_shop):
    for market in ("DE", "JP", "SA"):
        probe_shop(running_shop(), None, policy, market)


@pytest.mark.slow
def test_what_the_adapter_raised_is_what_it_saw(not_a_shop, policy):
    with pytest.raises(UserInputError) as refused:
        probe_shop(not_a_shop, HERE + "landing_raises", policy, "DE")
    assert str(refused.value) == (f"--target: {not_a_shop} does not look like the shop the adapter "
                                  f"{HERE}landing_raises describes: its catalogue.land raised KeyError: 'price'")


@pytest.mark.slow
def test_a_shop_refusing_the_visitor_is_still_the_shop(not_a_shop, policy):
    probe_shop(not_a_shop, HERE + "refusing_shop", policy, "DE")


def test_an_adapter_without_a_catalogue_is_probed_over_http_only(not_a_shop, policy):
    probe_shop(not_a_shop, HERE + "no_catalogue", policy, "DE")  # no browser: nothing to land with


# ------------------------------------------------------------------- adapters (--adapter tests.harness.test_probe:...)


class _Catalogue:
    def __init__(self, land):
        self.land = land


def landing_raises(url: str) -> Shop:
    def land(page):
        page.goto("/")
        raise KeyError("price")

    return Shop(url, offers=["catalogue"], catalogue=_Catalogue(land))


def refusing_shop(url: str) -> Shop:
    """A shop that serves no one from the visitor's country: its answer is a refusal."""
    def land(page):
        page.goto("/")
        return Landing(market=None, language="en", currency=None, consent_prompt=False,
                       refusal=Refusal("We do not deliver to your country", "en", alternatives=1, status=403))

    return Shop(url, offers=["catalogue"], catalogue=_Catalogue(land))


def no_catalogue(url: str) -> Shop:
    return Shop(url, offers=[])
