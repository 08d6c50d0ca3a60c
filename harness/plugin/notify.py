"""Telling the harness's notification hooks (pytest_harness_finding, pytest_harness_journey_result)
of what happened, so that a listener that fails is a warning, not a failed run."""
from __future__ import annotations

import warnings

import pluggy
import pytest


class HarnessHookWarning(pytest.PytestWarning):
    """An implementation of a pytest_harness_* notification hook raised; the run went on."""


def tell(hooks: pluggy.HookRelay, name: str, config: pytest.Config, nodeid: str, /, **kwargs) -> None:
    """Calls each implementation of the notification hook `name` on its own, in pluggy's order:
    one that raises is a HarnessHookWarning in the warnings summary and the others are still
    called (as Locust does with its event listeners), so that a chat or a dashboard that is
    down neither stops the run nor turns a finding into a broken journey."""
    for impl in reversed(getattr(hooks, name).get_hookimpls()):
        if impl.wrapper or impl.hookwrapper:
            continue  # nothing for a wrapper to wrap: each implementation is called alone
        code = impl.function.__code__
        try:
            impl.function(*(kwargs[arg] for arg in impl.argnames))
        except Exception as exc:
            said = f"{name} in {impl.plugin_name} raised {type(exc).__name__}: {exc} " \
                   f"({raised_in(exc, {code.co_filename})}); the run goes on"
            message = warnings.WarningMessage(HarnessHookWarning(said), HarnessHookWarning, code.co_filename,
                                              code.co_firstlineno)
            # pytest's own way to record a warning (xdist's workers ship it to the controller's summary)
            config.hook.pytest_warning_recorded.call_historic(
                kwargs=dict(warning_message=message, when="runtest", nodeid=nodeid, location=None))


def raised_in(error: BaseException, files: set[str]) -> str:
    """Where a hook implementation raised: its own innermost line in `files`
    ("conftest.py:12"), rather than that of the library it called; else the innermost."""
    import traceback

    frames = traceback.extract_tb(error.__traceback__)
    own = [frame for frame in frames if frame.filename in files] or frames
    return f"{own[-1].filename}:{own[-1].lineno}" if own else "?"
