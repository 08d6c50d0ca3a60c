"""The harness's pytest options, and reading them back checked."""
from __future__ import annotations

import os

import pytest

JOURNEYS = ("service_area", "checkout", "support", "after_sales", "traveller")

# harness.adapter.DEFAULT, repeated so that pytest starts without importing the adapter machinery
# (a test holds the two equal)
DEFAULT_ADAPTER = "harness.shop.reference:make_shop"


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("harness", "multi-region journeys")
    group.addoption("--target", help="staging shop URL; default: start the embedded storefront on a free loopback port")
    group.addoption("--faults", default="", help="fault profiles for the embedded storefront (comma-separated)")
    group.addoption("--markets", default="all", help="markets to walk: DE,JP or all (default)")
    group.addoption("--personas", default=None,
                    help="'covering' (default): per market, the few personas that between them stand for every "
                         "language x archetype, device, payment method and address block, each journey walking the part "
                         "it depends on; or a number N: the first N personas of each market on every journey")
    group.addoption("--personas-per-market", type=int, default=None, help="the same as --personas N")
    group.addoption("--seed", type=int, default=1, help="persona seed: the same seed walks the same personas (default 1)")
    group.addoption("--persona", help="re-run one persona, e.g. DE-0007 (with the seed it came from)")
    group.addoption("--policy", help="market policy directory (default: personas/policy)")
    group.addoption("--adapter", default=DEFAULT_ADAPTER,
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
    group.addoption("--run-id", help="this run's id in every persona's e-mail address (1-24 of a-z, 0-9, -), e.g. the CI "
                                     "build number; also HARNESS_RUN_ID; default: a new one per run")
    group.addoption("--email-pattern", help="the address a persona uses on a journey; placeholders {local} {domain} {run} "
                                            "{journey} {persona} {market}; also HARNESS_EMAIL_PATTERN; default: "
                                            "{local}+{run}-{journey}@{domain}")


def register_markers(config: pytest.Config) -> None:
    for journey in JOURNEYS:
        config.addinivalue_line("markers", f"{journey}: the {journey.replace('_', '-')} journey")
    config.addinivalue_line("markers", "catalogue(*ids): failure-catalogue entries the journey checks (Allure tags)")
    config.addinivalue_line("markers", "applies_to(predicate): walk only markets whose policy satisfies predicate(policy)")
    config.addinivalue_line("markers", "archetypes(*names): walk personas of these archetypes only")
    config.addinivalue_line("markers", "varies_with(*dimensions): with the covering personas, walk one persona for every "
                                       "value of these dimensions (language, archetype, device, payment, address block, "
                                       "tax region); default: language; archetypes=(...): only these archetypes "
                                       "of the covering set walk it")


def egress_proxies(config: pytest.Config) -> dict[str, str]:
    """Each market's real egress proxy: its policy's `proxy`, unless --egress-proxy names another."""
    from .selection import policy_of

    from ..persona_context import egress_proxy_flags

    out = {code: policy.proxy for code, policy in policy_of(config).items() if policy.proxy}
    return out | egress_proxy_flags(config.getoption("--egress-proxy"))


def personas_wanted(config: pytest.Config) -> str | int:
    """--personas (or --personas-per-market N): "covering", or a number of personas per market."""
    from ..personas.covering import personas_from

    return personas_from(config.getoption("--personas"), config.getoption("--personas-per-market"))


RUN_ID = pytest.StashKey[str]()
EMAIL_PATTERN = pytest.StashKey[str]()


def run_id(config: pytest.Config) -> str:
    """This run's id: --run-id, HARNESS_RUN_ID or a new one, made once by the controller; an xdist
    worker uses the controller's (handed over in `workerinput` by pytest_configure_node)."""
    if RUN_ID not in config.stash:
        from ..personas.email import run_id_from

        handed = getattr(config, "workerinput", {}).get("harness_run_id")
        config.stash[RUN_ID] = handed or run_id_from(config.getoption("--run-id"))
    return config.stash[RUN_ID]


def email_pattern(config: pytest.Config) -> str:
    """--email-pattern, HARNESS_EMAIL_PATTERN or the default plus-addressing, checked."""
    if EMAIL_PATTERN not in config.stash:
        from ..personas.email import pattern_from

        config.stash[EMAIL_PATTERN] = pattern_from(config.getoption("--email-pattern"), run_id(config))
    return config.stash[EMAIL_PATTERN]


def journey_email(config: pytest.Config, node: pytest.Item, persona) -> str:
    """The address `persona` uses on the journey `node` walks in this run."""
    from ..personas.email import address_for, journey_name

    return address_for(persona, run_id(config), journey_name(getattr(node, "originalname", node.name)),
                       email_pattern(config))


def emails_given(config: pytest.Config) -> bool:
    """Whether a run id or an e-mail pattern was given (flag or environment): checked before collection."""
    from ..personas.email import PATTERN_ENV, RUN_ID_ENV

    return (config.getoption("--run-id") is not None or config.getoption("--email-pattern") is not None
            or bool(os.environ.get(RUN_ID_ENV) or os.environ.get(PATTERN_ENV)))
