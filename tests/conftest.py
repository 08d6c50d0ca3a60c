"""Fixtures every suite may use: the embedded storefront started the way the harness starts it
(harness.target), once per fault set per test process; `once`, a run made once per session
whichever xdist worker asks first; the files that start servers or Chromium collected first.
Plain helpers are in tests/helpers.py."""
from __future__ import annotations

import os
import signal

import pytest

from harness.target import EmbeddedStorefront

from .helpers import made_once


def pytest_configure(config):
    """The pytest sessions the tests start (journeys, `harness run`) leave out the plugins of this
    suite's own tools that a user's environment does not have: schemathesis and hypothesis (the
    storefront's API fuzzing, which uses them as libraries) cost each session half a second of
    CPU for nothing."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # the workers inherit it from the controller
        left_out = "-p no:schemathesis -p no:hypothesispytest"
        os.environ["PYTEST_ADDOPTS"] = f"{os.environ.get('PYTEST_ADDOPTS', '')} {left_out}".strip()
    # A suite started in the background by a non-interactive shell (`make test &`, some CI runners)
    # inherits Ctrl-C ignored, and so would every command it starts: the tests that interrupt a
    # command would see it carry on. A handler, unlike "ignored", is not inherited.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_collection_modifyitems(config, items):
    """The files with a `slow` test first, in their order, then the others: make test hands each
    file whole to one xdist worker, in this order (--dist loadfile --no-loadscope-reorder), so the
    long files start early and the many quick ones fill both workers' last minutes."""
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)  # stable: collection order otherwise


@pytest.fixture(scope="session")
def running_shop():
    """`running_shop()` is the clean storefront's URL, `running_shop("wrong-currency", ...)` one
    with those faults: started on a free loopback port the first time a fault set is asked for,
    kept for the session (tests that only read the shop share it), stopped at the end. A test
    that changes the shop's state, or stops it, starts its own EmbeddedStorefront."""
    started: dict[tuple[str, ...], EmbeddedStorefront] = {}

    def url(*faults: str) -> str:
        key = tuple(sorted(faults))
        if key not in started:
            shop = EmbeddedStorefront(key)
            shop.start()
            started[key] = shop
        return started[key].url

    yield url
    for shop in started.values():
        shop.stop()


@pytest.fixture(scope="session")
def once(tmp_path_factory):
    """`once(name, make)` -> (what make(folder) returned, folder): `make` called once per test
    session, whichever xdist worker asks first (see tests/helpers.py `made_once`). pytest-xdist's
    way to run a fixture only once; an xdist_group would do it too, but --dist loadgroup does not
    group with this pytest (its node ids are no longer the ones xdist marks with the group)."""
    return lambda name, make: made_once(tmp_path_factory, name, make)
