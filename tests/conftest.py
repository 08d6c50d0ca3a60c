"""Fixtures every suite may use: the embedded storefront started the way the harness starts it
(harness.target), once per fault set per test process; `once`, a run made once per session
whichever xdist worker asks first. Plain helpers are in tests/helpers.py."""
from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pytest

from harness.target import PROBED, EmbeddedStorefront


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
            # start() tells the processes this one starts that the shop is probed already (as
            # `harness run` does for its own); a shared test shop is a target like any other.
            os.environ.pop(PROBED, None)
            started[key] = shop
        return started[key].url

    yield url
    for shop in started.values():
        shop.stop()


@pytest.fixture(scope="session")
def once(tmp_path_factory):
    """`once(name, make)` -> (what make(folder) returned, folder): `make` called once per test
    session, whichever xdist worker asks first, in a folder of the session's temporary folder that
    every worker shares; a worker that asks while another makes it waits for it and reads what it
    made (what make returns is kept as JSON). pytest-xdist's way to run a fixture only once; an
    xdist_group would do it too, but --dist loadgroup does not group with this pytest (its node ids
    are no longer the ones xdist marks with the group)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the session's, above each worker's own

    def made(name: str, make) -> tuple[object, Path]:
        folder, result = root / f"once-{name}", root / f"once-{name}.json"
        with open(root / f"once-{name}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                if not result.exists():
                    folder.mkdir(exist_ok=True)
                    result.write_text(json.dumps(make(folder)), encoding="utf-8")
                return json.loads(result.read_text(encoding="utf-8")), folder
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    return made
