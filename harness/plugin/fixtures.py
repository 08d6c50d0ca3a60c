"""Fixtures of the harness plugin: the target shop, the geo-proxy, each persona's browser
context and the actor a journey drives. Those marked "overridable" may be replaced in a
conftest.py (docs/extending.md); the others are the plugin's own plumbing."""
from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path

import allure
import httpx
import pytest

from .. import browser as chromium
from ..geoproxy import GeoProxy
from ..persona_context import context_args, credentials
from ..personas import Persona
from ..screenplay import Actor, BrowseTheWeb, UseTheShop, report
from ..target import EmbeddedStorefront, TargetError
from .allure_files import write_report_files
from .labels import label_result
from ..settings import Settings
from .options import journey_email, settings_of
from .notify import raised_in
from .outcomes import journey_of
from .selection import egress_proxies, policy_of
from .stash import ACTOR, FINISH, TARGET

# --------------------------------------------------------------------------- the shop


@pytest.fixture(scope="session")
def target_url(pytestconfig: pytest.Config):
    """The shop under test. Without --target, each test process (each xdist worker) starts
    the embedded storefront on a free loopback port, with --faults, for the whole session."""
    settings = settings_of(pytestconfig)
    url = settings.target
    if url:
        url = url.rstrip("/")
        try:
            httpx.get(url, timeout=10, follow_redirects=True)
        except httpx.HTTPError as exc:
            pytest.exit(f"harness: --target {url}: unreachable ({type(exc).__name__}: {exc})", returncode=2)
        pytestconfig.stash[TARGET] = url
        yield url
        return
    shop = EmbeddedStorefront(settings.faults)
    try:
        url = shop.start()
    except TargetError as exc:
        pytest.exit(f"harness: {exc}", returncode=2)
    pytestconfig.stash[TARGET] = url
    yield url
    shop.stop()


@pytest.fixture(scope="session")
def shop(pytestconfig: pytest.Config, target_url: str):
    """The harness.shop.Shop every journey drives: the adapter that knows the shop's pages and
    API and says what it can ask the shop (its capabilities). Built by the hook
    pytest_harness_make_shop: the --adapter's (module:function), unless a conftest.py or plugin
    brings its own. Session scope. Overridable: docs/extending.md."""
    from ..errors import UserInputError
    from ..shop import Shop

    try:
        shop = pytestconfig.hook.pytest_harness_make_shop(target_url=target_url, settings=settings_of(pytestconfig),
                                                          config=pytestconfig)
    except UserInputError as exc:  # the --adapter's own problems, already one line
        pytest.exit(f"harness: {exc}", returncode=2)
    except pytest.exit.Exception:
        raise
    except Exception as exc:  # a hook implementation's: one line, as a bad adapter is, not a broken journey each
        files = {impl.function.__code__.co_filename for impl in pytestconfig.hook.pytest_harness_make_shop.get_hookimpls()}
        pytest.exit(f"harness: pytest_harness_make_shop raised {type(exc).__name__}: {exc} ({raised_in(exc, files)})",
                    returncode=2)
    if not isinstance(shop, Shop):
        pytest.exit(f"harness: pytest_harness_make_shop returned {type(shop).__name__}, not a harness.shop.Shop",
                    returncode=2)
    return shop


@pytest.fixture(scope="session")
def settings(pytestconfig: pytest.Config) -> Settings:
    """The run's settings (harness.settings.Settings), whether given as flags or handed over whole
    with --settings by `harness run`: read them here, not with config.getoption. Session scope."""
    return settings_of(pytestconfig)


@pytest.fixture(scope="session")
def policy(pytestconfig: pytest.Config):
    """The market policy of the run (harness.policy.Policy: market code -> MarketPolicy), from
    --policy or personas/policy. Session scope. Overridable: docs/extending.md."""
    return policy_of(pytestconfig)


@pytest.fixture
def market_policy(policy, persona: Persona):
    """The persona's market's policy (harness.policy.MarketPolicy): what its checks hold the shop
    to. Function scope. Overridable: docs/extending.md."""
    return policy[persona.market]


@pytest.fixture
def persona(request: pytest.FixtureRequest) -> Persona:
    """The persona walking the journey (harness.personas.Persona), one per test: the plugin's
    pytest_generate_tests hands it over indirectly, so that a conftest.py's `persona` fixture,
    asking for this one, can change it. Function scope. Overridable: docs/extending.md."""
    return request.param


# --------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser_type_launch_args(pytestconfig: pytest.Config) -> dict:
    """Chromium as the harness launches it: the discovered executable, headless, quiet; the
    keyword arguments of Playwright's `browser_type.launch` (pytest-playwright's name). Session
    scope. Overridable: docs/extending.md."""
    try:
        options = chromium.launch_options(headless=not pytestconfig.getoption("--headed", False))
    except chromium.NoChromium as exc:
        pytest.exit(f"harness: {exc}", returncode=2)
    slowmo = pytestconfig.getoption("--slowmo", 0)
    return {**options, **({"slow_mo": slowmo} if slowmo else {})}


@pytest.fixture(scope="session")
def connect_options(pytestconfig: pytest.Config) -> dict | None:
    ws = settings_of(pytestconfig).browser_ws
    return {"ws_endpoint": ws} if ws else None


@pytest.fixture(scope="session")
def launch_browser(pytestconfig: pytest.Config, browser_type, browser_type_launch_args: dict, connect_options):
    """A local Chromium, or a remote one: --browser-ws (a Playwright server) or --cdp (any
    Chromium with remote debugging, a browser grid's for instance)."""
    cdp = settings_of(pytestconfig).cdp

    def launch(**kwargs):
        if cdp:
            return browser_type.connect_over_cdp(cdp)
        if connect_options:
            return browser_type.connect(**connect_options)
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture(scope="session")
def geo_proxy():
    proxy = GeoProxy()
    yield proxy
    proxy.close()


@pytest.fixture
def route(pytestconfig: pytest.Config, geo_proxy: GeoProxy, persona: Persona):
    """The persona's way in: its market's real egress proxy if one is set, else a geo-proxy
    port that stamps the persona's address."""
    if persona.market in egress_proxies(pytestconfig):
        yield None
        return
    way_in = geo_proxy.route(persona.ip)
    yield way_in
    way_in.close()


@pytest.fixture
def browser_context_args(pytestconfig: pytest.Config, target_url: str, persona: Persona, route, _credentials) -> dict:
    """The persona's browser: locale, time zone, place, device, language, and its address; the
    keyword arguments of Playwright's `browser.new_context` (pytest-playwright's name). Function
    scope. Overridable: docs/extending.md."""
    proxy = egress_proxies(pytestconfig).get(persona.market)
    return context_args(persona, target_url, proxy or route.server, _credentials)


@pytest.fixture(scope="session")
def _credentials() -> dict:
    """The staging shop's HTTP basic auth (HARNESS_BASIC_AUTH), sent by every persona's browser."""
    return credentials()


# --------------------------------------------------------------------------- the actor


@pytest.fixture(scope="session")
def _report_files(pytestconfig: pytest.Config, browser, target_url: str):
    alluredir = pytestconfig.getoption("--alluredir", None)
    if alluredir:
        write_report_files(Path(alluredir), pytestconfig, target_url, browser.version)


@pytest.fixture
def customer(request: pytest.FixtureRequest, persona: Persona, market_policy, context, page, shop, route,
             pytestconfig: pytest.Config, _report_files) -> Actor:
    """The persona as an actor (harness.screenplay.Actor), in its own browser context, ready to
    walk the journey. Function scope. Overridable: docs/extending.md."""
    settings = settings_of(pytestconfig)
    journey = journey_of(request.node)
    label_result(request, persona, market_policy, journey, settings)
    page.set_default_timeout(settings.step_timeout * 1000)
    if getattr(request.node, "execution_count", 1) > 1:  # walked again after a step timed out
        allure.dynamic.tag("retried")
    walker = replace(persona, email=journey_email(pytestconfig, request.node, persona))  # this run's, this journey's
    actor = Actor(walker, market_policy, journey).can(BrowseTheWeb(context, page, route), UseTheShop(shop))
    request.node.stash[ACTOR] = actor
    # Every journey is traced for the few whose trace is kept (the failed ones). Actions, network
    # and console cost next to nothing; DOM snapshots of every step make the browser work about a
    # quarter more (benchmarks/journeys.py), so they are asked for (--trace-dom); the screencast
    # (screenshots=True) would cost more still, and the milestone screenshots are in the report.
    context.tracing.start(screenshots=False, snapshots=settings.trace_dom)
    tracing = [True]

    def finish(failed: bool) -> None:
        """At the end of a journey that failed: the page as it was left, and the trace. (A passed
        journey's milestones already show its pages; one more picture costs Chromium nearly as much as
        a page load.)"""
        tracing[0] = False
        if failed:
            report.screenshot(page, "at the end of the journey")
            with tempfile.TemporaryDirectory() as tmp:
                trace = os.path.join(tmp, "trace.zip")
                context.tracing.stop(path=trace)
                report.trace(trace)
        else:
            context.tracing.stop()

    request.node.stash[FINISH] = finish
    yield actor
    if tracing[0]:  # the journey never ran (a fixture after this one failed)
        context.tracing.stop()
