"""The harness's pytest options, and reading them back checked."""
from __future__ import annotations

import os

import pytest

from ..errors import UserInputError

JOURNEYS = ("service_area", "checkout", "support", "after_sales", "traveller")


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("harness", "multi-region journeys")
    group.addoption("--target", help="staging shop URL; default: start the embedded storefront on a free loopback port")
    group.addoption("--faults", default="", help="fault profiles for the embedded storefront (comma-separated)")
    group.addoption("--markets", default="all", help="markets to walk: DE,JP or all (default)")
    group.addoption("--personas-per-market", type=int, default=1, help="personas per market and journey (default 1)")
    group.addoption("--seed", type=int, default=1, help="persona seed: the same seed walks the same personas (default 1)")
    group.addoption("--persona", help="re-run one persona, e.g. DE-0007 (with the seed it came from)")
    group.addoption("--policy", help="market policy directory (default: personas/policy)")
    group.addoption("--adapter", default="harness.shop.reference:make_shop",
                    help="module:function that builds the shop adapter from the target URL")
    group.addoption("--egress-proxy", action="append", default=[], metavar="CC=URL",
                    help="a real proxy in market CC (e.g. DE=http://de.proxy:3128) instead of the loopback geo-proxy; repeatable")
    group.addoption("--browser-ws", help="a Playwright browser server (ws://...) to drive instead of a local Chromium")
    group.addoption("--cdp", help="a Chromium with remote debugging (http://127.0.0.1:9222 or ws://...) to drive instead")
    group.addoption("--progress-file", help="append one JSON line per finished journey here (what `harness run` shows live)")
    group.addoption("--retries", type=int, default=1,
                    help="walk a journey again when a step timed out or the browser died (default 1); a failed "
                         "expectation is never retried, and a journey that passed only on retry is marked flaky")
    group.addoption("--step-timeout", type=float, default=15.0,
                    help="seconds a step may wait for a page or an element (default 15)")
    group.addoption("--trace-dom", action="store_true", default=os.environ.get("HARNESS_TRACE_DOM", "") not in ("", "0"),
                    help="DOM snapshots of every step in the Playwright trace kept for a failed journey (default: "
                         "actions, network and console only; with snapshots every journey costs about a quarter "
                         "more browser work); also HARNESS_TRACE_DOM=1, which `harness run` and `rehearse` pass on")
    group.addoption("--run-label", help="a label for every result of this run in the report, e.g. 'under load' or 'wave 2'")


def register_markers(config: pytest.Config) -> None:
    for journey in JOURNEYS:
        config.addinivalue_line("markers", f"{journey}: the {journey.replace('_', '-')} journey")
    config.addinivalue_line("markers", "catalogue(*ids): failure-catalogue entries the journey checks (Allure tags)")
    config.addinivalue_line("markers", "applies_to(predicate): walk only markets whose policy satisfies predicate(policy)")
    config.addinivalue_line("markers", "archetypes(*names): walk personas of these archetypes only")


def egress_proxies(config: pytest.Config) -> dict[str, str]:
    """Each market's real egress proxy: its policy's `proxy`, unless --egress-proxy names another."""
    from .selection import policy_of

    out = {code: policy.proxy for code, policy in policy_of(config).items() if policy.proxy}
    for item in config.getoption("--egress-proxy"):
        code, sep, url = item.partition("=")
        if not sep or len(code.strip()) != 2 or not url.startswith(("http://", "https://", "socks5://")):
            raise UserInputError(f"--egress-proxy: {item!r} is not CC=URL (e.g. DE=http://proxy.example:3128)")
        out[code.strip().upper()] = url.strip()
    return out


def per_market(config: pytest.Config) -> int:
    count = config.getoption("--personas-per-market")
    if not 1 <= count <= 1000:
        raise UserInputError(f"--personas-per-market: {count} is out of range; give 1 to 1000")
    return count
