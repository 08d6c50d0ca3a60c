"""The harness's pytest plugin (entry point `pytest11: regional_harness`).

It builds on pytest-playwright: the browser, context and page fixtures are pytest-playwright's;
this plugin says how Chromium is launched (`browser_type_launch_args`, `launch_browser` for a
remote browser) and how each persona's context is set up (`browser_context_args`). Journeys ask
for `customer`: an actor for one persona, parametrized over the markets and personas chosen
with --markets, --personas-per-market, --seed and --persona.

Inert in test runs that use none of its fixtures (the storefront's own suite): nothing starts
until a journey asks for it.

This module is the wiring: the pytest hooks, each handing over to the module that does the job.
fixtures.py: the fixtures (a conftest.py may override several: docs/extending.md); labels.py: how
each journey's Allure result is labelled; listener.py:
what the run says of its journeys (progress file, JUnit, Allure, secrets scrubbed);
outcomes.py: how a journey ends; hookspec.py: the pytest_harness_* hooks; stash.py: the
plugin's state; options.py and selection.py: the options and the personas they choose.
"""
from __future__ import annotations

import functools
import importlib
import os

import pytest

from ..errors import UserInputError
from . import hookspec, playwright_flags
from .listener import NAME as LISTENER
from .listener import JourneyListener
from .options import add_options, given_flags, hand_over, register_markers, settings_of
from .outcomes import end_journey, worth_walking_again
from .selection import check_options, personas_for
from .sharding import keep_shard
from .stash import ACTOR, FINISH


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hookspec)


def pytest_configure(config: pytest.Config) -> None:
    register_markers(config)
    _import_hypothesis_now(config)
    if config.getoption("--settings") or given_flags(config) or playwright_flags.given(config) \
            or os.environ.get("HARNESS_CHROMIUM"):
        try:  # refused before collection, so a typo costs no browser start
            check_options(config)
        except UserInputError as exc:
            raise pytest.UsageError(str(exc)) from None
    if not config.pluginmanager.has_plugin(LISTENER):
        # On every process: a worker says on its reports how each journey ended, the controller
        # reports the run (each of its hooks says where it acts).
        config.pluginmanager.register(JourneyListener(config), LISTENER)
    # Registered now, after every entry-point plugin, so that these fixtures override
    # pytest-playwright's of the same name (a later plugin's fixture wins).
    if not config.pluginmanager.has_plugin("regional_harness_fixtures"):
        config.pluginmanager.register(importlib.import_module("harness.plugin.fixtures"), "regional_harness_fixtures")


@pytest.hookimpl(tryfirst=True)  # before xdist starts its workers
def pytest_sessionstart(session: pytest.Session) -> None:
    """--target is refused, before any journey starts, unless it looks like the shop the adapter
    describes (harness/adapter/probe.py); once, by the controller."""
    config = session.config
    if hasattr(config, "workerinput") or config.option.collectonly:
        return
    settings = settings_of(config)
    url = settings.target
    if not url or settings.remote_browser:
        return  # a remote browser's run may have no local Chromium to probe with
    from ..target import PROBED, answers

    if not answers(url):
        return  # the target_url fixture says it is unreachable, in one line
    if os.environ.get(PROBED) == url.rstrip("/"):
        return  # the job that started this run probed it already (or started it: the embedded shop)
    refused = _probe(config, url.rstrip("/"))
    if refused:
        raise pytest.UsageError(refused)


def _probe(config: pytest.Config, url: str) -> str:
    """The probe's one line, or "" for the shop. In a process of its own: Playwright's greenlets
    must not run in this one before collection (see _import_hypothesis_now), and pytest-playwright
    starts its own Playwright here later."""
    import sys

    from ..adapter.probe import probe_in_a_process
    from .selection import egress_proxies, policy_of

    try:
        settings = settings_of(config)
        market = policy_of(config).select(settings.markets)[0].market
        # The same imports as here: an adapter found through pytest's rootdir or pythonpath is found there too.
        probe_in_a_process(url, adapter=settings.adapter, policy_dir=settings.policy_dir,
                           market=market, seed=settings.seed, proxy=egress_proxies(config).get(market),
                           env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)})
    except UserInputError as exc:
        return str(exc)
    return ""


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """Every xdist worker walks with the controller's settings, whole: the same run id in each
    e-mail address."""
    hand_over(node)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "persona" in metafunc.fixturenames:
        try:
            personas = personas_for(metafunc)
        except UserInputError as exc:
            raise pytest.UsageError(str(exc)) from None
        # indirect: through the `persona` fixture, which a conftest.py may override
        metafunc.parametrize("persona", personas, ids=[p.id for p in personas], indirect=True)


@pytest.hookimpl(trylast=True)  # after -m and -k: the shards split what was chosen
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A journey that applies to none of the chosen markets is left out, not reported as skipped:
    "restricted products are refused" means nothing in a run of markets that restrict nothing.
    With --shard, only this shard's journeys are kept (sharding.py). A journey that failed or broke
    is walked again (--retries), with pytest-rerunfailures."""
    from ..personas import Persona

    idle = [item for item in items if "persona" in getattr(item, "fixturenames", ())
            and not isinstance(getattr(getattr(item, "callspec", None), "params", {}).get("persona"), Persona)]
    if idle:
        config.hook.pytest_deselected(items=idle)
        items[:] = [item for item in items if item not in idle]
    try:
        keep_shard(config, items)
    except UserInputError as exc:
        raise pytest.UsageError(str(exc)) from None
    retries = settings_of(config).retries
    if retries and config.pluginmanager.has_plugin("rerunfailures"):
        for item in items:
            if "persona" in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.flaky(reruns=retries, condition=functools.partial(worth_walking_again, item)))


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function):
    """A journey's last screenshot and, when it failed, its Playwright trace go into the test's
    own report (not its teardown); then outcomes.end_journey decides how it ended."""
    actor = pyfuncitem.stash.get(ACTOR, None)
    failed = True
    try:
        result = yield
        failed = bool(actor and actor.findings)
    finally:
        finish = pyfuncitem.stash.get(FINISH, None)
        if finish:
            finish(failed)
    if actor is not None:
        end_journey(pyfuncitem, actor)
    return result


@pytest.hookimpl(trylast=True)  # the --adapter's shop, unless a conftest.py or plugin brought its own
def pytest_harness_make_shop(target_url: str, settings):
    from ..adapter import make_shop

    return make_shop(settings.adapter, target_url)


def _import_hypothesis_now(config: pytest.Config) -> None:
    """Hypothesis' plugin imports the library at the end of the session. On CPython 3.11.7 an
    ast.parse (pytest rewrites what it imports) after Playwright's greenlets have run can
    fail with "AST constructor recursion depth mismatch" (cpython#106905): import it first,
    where the plugin is on (a fifth of a second)."""
    if not config.pluginmanager.has_plugin("hypothesispytest"):
        return
    try:
        import hypothesis  # noqa: F401
        import hypothesis.internal.observability  # noqa: F401
    except ImportError:
        pass
