"""Locust imported into the test process without its gevent monkey-patching. (`once`, for a load
run that several tests read, is in tests/conftest.py.)

Importing Locust patches the process for gevent (`monkey.patch_all()`), which deadlocks on the
import lock once another thread runs (pytest-rerunfailures starts one) and would change sockets and
threads under every later test. The tests here only read Locust's statistics in process; a load run
is a `harness load` process of its own, patched as it should be. The switch is Locust's own
(LOCUST_SKIP_MONKEY_PATCH), set only while it is imported, so no process a test starts inherits it.
"""
import os

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
