"""--egress-proxy for real: a market's persona walks its journey out through a real HTTP proxy
(Debian's tinyproxy, on a loopback port; tests/tinyproxy.py), not through the geo-proxy.

What the shop sees through tinyproxy: the proxy's address (127.0.0.1, the peer it trusts) and no
X-Forwarded-For (tinyproxy adds only Via), so it finds the market from Accept-Language; through the
geo-proxy it would see the persona's own address, stamped in X-Forwarded-For. tinyproxy's log
names every request line it forwards. Skipped, with the reason, only where tinyproxy is missing
and cannot be installed (scripts/ensure-tinyproxy: apt-get, as root)."""
from __future__ import annotations

import httpx
import pytest

from harness.personas import PersonaFactory
from harness.policy import load_policy
from harness.settings import DEFAULT_SEED

from ..tinyproxy import Tinyproxy, TinyproxyUnavailable
from .journeys import run_journeys, walks

pytestmark = pytest.mark.slow

WALK = "test_lands_in_its_market[chromium-DE-0001]"  # the landing page: a few seconds of walking
FRENCH_ADDRESS = "90.0.12.34"  # storefront/config/geoip.csv: 90.0.0.0/16,FR


def started(folder, **kwargs) -> Tinyproxy:
    try:
        return Tinyproxy(folder, **kwargs).start()
    except TinyproxyUnavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture
def proxy(tmp_path):
    running = started(tmp_path / "tinyproxy")
    yield running
    running.stop()


def shop_requests(proxy: Tinyproxy, shop: str) -> list[str]:
    """The pages and files of the shop the proxy was asked for, as "GET /path"."""
    return [f"{line.split()[0]} {line.split()[1].removeprefix(shop)}" for line in proxy.requests()
            if line.split()[1].startswith(f"{shop}/")]


def test_a_markets_journey_goes_out_through_its_egress_proxy(tmp_path, running_shop, proxy):
    shop = running_shop()
    run = run_journeys(tmp_path, "--target", shop, *walks(WALK), "--egress-proxy", f"DE={proxy.url}")
    assert run.outcomes == {WALK: "passed"}, run.output
    # The browser asked tinyproxy for the landing page and what it loads (an absolute URL: a
    # proxy's request line; the geo-proxy would not pass a request on to another proxy) ...
    walked = shop_requests(proxy, shop)
    assert "GET /" in walked and len(walked) >= 2, proxy.requests()
    # ... and for nothing but the shop: its web socket (the help chat) goes through as a tunnel.
    host = shop.removeprefix("http://")
    assert all(line.split()[1].startswith((f"{shop}/", host)) for line in proxy.requests()), proxy.requests()
    # What the shop makes of a visitor through this proxy, from its own debug endpoint: the proxy's
    # address, no one's stamped in, so the market comes from the visitor's language (through the
    # geo-proxy: the persona's German address, "source": "ip").
    persona = PersonaFactory(load_policy(), DEFAULT_SEED).by_id("DE-0001")
    with httpx.Client(proxy=proxy.url, trust_env=False, timeout=10) as client:
        seen = client.get(f"{shop}/api/context", headers={"Accept-Language": persona.accept_language}).json()
    assert (seen["client_ip"], seen["source"], seen["market"]) == ("127.0.0.1", "accept-language", "DE"), seen
    assert seen["client_ip"] != persona.ip


def test_the_shop_sees_the_egress_proxys_address_not_the_personas(tmp_path, running_shop):
    """A "DE" proxy that the shop sees in France (tinyproxy adds X-Forwarded-For with a French
    address, as a proxy rented in the wrong country would show one): the German persona lands in
    the French shop. The shop judged the journey's own requests by the proxy's address; had they
    come through the geo-proxy, they would carry the persona's German one and land in Germany."""
    shop = running_shop()
    proxy = started(tmp_path / "tinyproxy", add_header=("X-Forwarded-For", FRENCH_ADDRESS))
    try:
        run = run_journeys(tmp_path, "--target", shop, *walks(WALK), "--egress-proxy", f"DE={proxy.url}")
    finally:
        proxy.stop()
    assert run.outcomes == {WALK: "failed"}, run.output
    assert "DE-0001 service-area: expected market DE, the landing page shows FR (SA-5)" in run.messages[WALK], \
        run.messages[WALK]
    assert "GET /" in shop_requests(proxy, shop), proxy.requests()


def test_without_egress_proxy_the_journey_leaves_the_proxy_alone(tmp_path, running_shop, proxy):
    """The contrary case: the same walk with no --egress-proxy goes through the geo-proxy, and
    tinyproxy, up all along, is asked for nothing."""
    run = run_journeys(tmp_path, "--target", running_shop(), *walks(WALK))
    assert run.outcomes == {WALK: "passed"}, run.output
    assert proxy.requests() == []
