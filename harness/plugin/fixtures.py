"""Fixtures of the harness plugin: the target shop, the geo-proxy, each persona's browser
context and the actor a journey drives. Those marked "overridable" may be replaced in a
conftest.py (docs/extending.md); the others are the plugin's own plumbing."""
from __future__ import annotations

import re
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
from . import playwright_flags
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
def browser_type_launch_args(pytestconfig: pytest.Config, browser_name: str) -> dict:
    """The browser as the harness launches it: the discovered Chromium (or Playwright's Firefox or
    WebKit, --browser), headless unless --headed, slowed by --slowmo; the keyword arguments of
    Playwright's `browser_type.launch` (pytest-playwright's name). Session scope. Overridable:
    docs/extending.md."""
    settings = settings_of(pytestconfig)
    if settings.remote_browser:
        return {}  # a remote browser was launched where it runs: a shard needs no Chromium of its own
    try:
        return playwright_flags.launch_args(pytestconfig, browser_name)
    except chromium.NoChromium as exc:
        pytest.exit(f"harness: {exc}", returncode=2)


CONNECT_TIMEOUT_MS = 30_000  # a --browser-ws that takes the connection and never answers: one line, not a hang


@pytest.fixture(scope="session")
def connect_options(pytestconfig: pytest.Config) -> dict | None:
    """--browser-ws: the Playwright browser server to drive (`playwright launch-server`, a pool's;
    docs/extending.md), as pytest-playwright names it: the keyword arguments of
    `browser_type.connect`, the endpoint as "ws_endpoint". Session scope."""
    ws = settings_of(pytestconfig).browser_ws
    return {"ws_endpoint": ws, "timeout": CONNECT_TIMEOUT_MS} if ws else None


def _connect(browser_type, options: dict):
    """`browser_type.connect`, the endpoint handed over by position (Playwright renamed its
    keyword, ws_endpoint then endpoint); a server that cannot be reached or refuses us (another
    Playwright version) is one line and exit 2, as an unreachable --target is."""
    from playwright.sync_api import Error

    options = dict(options)
    ws = options.pop("ws_endpoint", None) or options.pop("endpoint")
    try:
        return browser_type.connect(ws, **options)
    except Error as exc:
        text = exc.message or str(exc)
        versions = re.search(r"server version: (v[\d.]+).*?client version: (v[\d.]+)", text, re.S)
        said = (f"Playwright version mismatch: the server runs {versions[1]}, this one {versions[2]}; they must match"
                if versions else text.splitlines()[0].removeprefix("BrowserType.connect: "))
        pytest.exit(f"harness: --browser-ws {ws}: cannot connect ({said})", returncode=2)


def _connect_over_cdp(browser_type, cdp: str):
    """--cdp: bounded as --browser-ws is; a browser that cannot be reached is one line and exit 2."""
    from playwright.sync_api import Error

    try:
        return browser_type.connect_over_cdp(cdp, timeout=CONNECT_TIMEOUT_MS)
    except Error as exc:
        said = (exc.message or str(exc)).splitlines()[0].removeprefix("BrowserType.connect_over_cdp: ")
        pytest.exit(f"harness: --cdp {cdp}: cannot connect ({said})", returncode=2)


@pytest.fixture(scope="session")
def launch_browser(pytestconfig: pytest.Config, browser_type, browser_type_launch_args: dict, connect_options):
    """A local Chromium, or a remote one: --browser-ws (a Playwright server) or --cdp (any
    Chromium with remote debugging, a browser grid's for instance)."""
    cdp = settings_of(pytestconfig).cdp

    def launch(**kwargs):
        if cdp:
            return _connect_over_cdp(browser_type, cdp)
        if connect_options:
            return _connect(browser_type, connect_options)
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
def browser_context_args(pytestconfig: pytest.Config, target_url: str, persona: Persona, route, _credentials,
                         _pw_artifacts_folder) -> dict:
    """The persona's browser: locale, time zone, place, device, language, and its address (and a
    video of it with --video); the keyword arguments of Playwright's `browser.new_context`
    (pytest-playwright's name). Function scope. Overridable: docs/extending.md."""
    proxy = egress_proxies(pytestconfig).get(persona.market)
    return {**context_args(persona, target_url, proxy or route.server, _credentials),
            **playwright_flags.context_args(pytestconfig, _pw_artifacts_folder.name)}


@pytest.fixture(scope="session")
def _credentials() -> dict:
    """The staging shop's HTTP basic auth (HARNESS_BASIC_AUTH), sent by every persona's browser."""
    return credentials()


# --------------------------------------------------------------------------- the actor


@pytest.fixture(scope="session")
def _report_files(pytestconfig: pytest.Config, browser, target_url: str):
    alluredir = pytestconfig.getoption("--alluredir", None)
    if alluredir:
        write_report_files(Path(alluredir), pytestconfig, target_url, f"{browser.browser_type.name} {browser.version}")


@pytest.fixture
def customer(request: pytest.FixtureRequest, persona: Persona, market_policy, context, page, shop, route,
             pytestconfig: pytest.Config, output_path: str, _report_files) -> Actor:
    """The persona as an actor (harness.screenplay.Actor), in its own browser context, ready to
    walk the journey. Function scope. Overridable: docs/extending.md."""
    settings = settings_of(pytestconfig)
    journey = journey_of(request.node)
    label_result(request, persona, market_policy, journey, settings)
    page.set_default_timeout(settings.step_timeout * 1000)
    walked_again = getattr(request.node, "execution_count", 1) > 1  # pytest-rerunfailures' count of walks
    if walked_again:
        allure.dynamic.tag("retried")
    walker = replace(persona, email=journey_email(pytestconfig, request.node, persona))  # this run's, this journey's
    actor = Actor(walker, market_policy, journey).can(BrowseTheWeb(context, page, route), UseTheShop(shop))
    request.node.stash[ACTOR] = actor
    # Trace on first retry, Playwright's setting for CI: the first walk is not traced at all (most
    # journeys pass, and a full trace costs the browser about a third more); a journey that failed
    # is walked again (--retries) with everything: DOM snapshots, screencast, network, console.
    # --tracing (pytest-playwright's own) traces every walk instead, and keeps it in --output.
    traced = walked_again and not playwright_flags.traced_by_pytest_playwright(pytestconfig)
    if traced:
        context.tracing.start(title=f"{persona.id} {journey}", screenshots=True, snapshots=True)

    def finish(failed: bool) -> None:
        """At the end of the walk: the page as it was left, when it failed (a passed journey's
        milestones already show its pages; one more picture costs Chromium nearly a page load);
        the walk's trace, whatever its outcome, when it is traced (passing now makes it flaky)."""
        nonlocal traced
        if failed:
            report.screenshot(page, "at the end of the journey")
        if traced:
            traced = False
            trace = Path(output_path) / "trace.zip"  # where pytest-playwright keeps a walk's trace
            trace.parent.mkdir(parents=True, exist_ok=True)
            context.tracing.stop(path=str(trace))
            report.trace(str(trace))

    request.node.stash[FINISH] = finish
    yield actor
    if traced:  # the journey never ran (a fixture after this one failed)
        context.tracing.stop()
