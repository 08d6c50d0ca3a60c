"""Locust imported into the test process without its gevent monkey-patching; and `once`, for a load
run that several tests read.

Importing Locust patches the process for gevent (`monkey.patch_all()`), which deadlocks on the
import lock once another thread runs (pytest-rerunfailures starts one) and would change sockets and
threads under every later test. The tests here only read Locust's statistics in process; a load run
is a `harness load` process of its own, patched as it should be. The switch is Locust's own
(LOCUST_SKIP_MONKEY_PATCH), set only while it is imported, so no process a test starts inherits it.
"""
import fcntl
import json
import os
from pathlib import Path

import pytest

_SWITCH = "LOCUST_SKIP_MONKEY_PATCH"
_before = os.environ.get(_SWITCH)
os.environ[_SWITCH] = "1"
try:
    import locust  # noqa: F401  (imported once: later imports in this process are this one)
finally:
    if _before is None:
        del os.environ[_SWITCH]
    else:
        os.environ[_SWITCH] = _before


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
