"""Many `harness load` command lines in one process, for inputs refused before anything starts:

    python -m tests.load.refusals CASES.json RESULTS.jsonl

CASES.json maps a case's name to its command line (the words after `harness`). Each case is handed
to the harness's own entry point (harness.entry.main, which gevent-patches the process for `load`
as the console script does), its stdout and stderr caught apart and its exit code kept; one JSON
line a case is written to RESULTS.jsonl as soon as it is done. What the entry point lets escape is
printed as Python would print it (a traceback), so a test still sees it. A process a case would
cost a Python start and the harness's imports: seconds, where the refusal itself takes a fraction
of one. Only standard-library modules are imported here before the entry point runs.
"""
from __future__ import annotations

import contextlib
import io
import json
import sys
import traceback


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    return exc.code if isinstance(exc.code, int) else 1


def main(cases_file: str, results_file: str) -> int:
    with open(cases_file, encoding="utf-8") as f:
        cases: dict[str, list[str]] = json.load(f)
    with open(results_file, "w", encoding="utf-8") as results:
        for name, argv in cases.items():
            out, err = io.StringIO(), io.StringIO()
            sys.argv = ["harness", *argv]
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    from harness.entry import main as harness

                    harness()
                    code = 0
                except SystemExit as exc:
                    code = _exit_code(exc)
                except BaseException:  # noqa: BLE001  (what would reach the user as a traceback)
                    traceback.print_exc()
                    code = 1
            results.write(json.dumps({"case": name, "code": code, "stdout": out.getvalue(),
                                      "stderr": err.getvalue()}) + "\n")
            results.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
