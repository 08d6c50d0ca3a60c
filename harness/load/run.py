"""A load run: the shape played against the target, live progress, gates at the end, outputs.

Locally one process drives the users; with `workers` a Locust master here and that many worker
processes on this machine (the same master/worker mode spans machines: docs/load.md).
"""
from __future__ import annotations

import copy
import importlib.util
import inspect
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import gevent
from locust import User, events
from locust.env import Environment
from locust.stats import StatsCSVFileWriter

from ..errors import UserInputError, shown_path
from ..policy import Policy
from . import shapes
from .locust_shape import RegionalShape
from .bounds import Limits
from .answers import Answers, answers, target_error
from .gates import MIN_REQUESTS, NOT_JUDGED, Result, evaluate, gross_breach, unjudged_regions
from .metrics import METRICS
from .traffic import TRAFFIC, traffic_of, undriven_gates
from .users import ACTIONS, Shopper

PERCENTILES = [0.5, 0.9, 0.95, 0.99]
WORKER_WAIT = 60.0  # seconds for the workers to connect
TARGET_WATCH = 10.0  # seconds of requests the run looks back on to see whether the target still answers

# A run's verdict, and the exit code of `harness load` for it. Not judged and a target error are
# not product defects: 2, as for bad input; a miss is 1; an interrupt 130, as for any command.
GREEN, MISSED, TARGET_ERROR, INTERRUPTED = "green", "missed", "target error", "interrupted"
EXIT_CODES = {GREEN: 0, MISSED: 1, NOT_JUDGED: 2, TARGET_ERROR: 2, INTERRUPTED: 130}


@dataclass
class Plan:
    target: str
    policy: Policy
    markets: list[str]
    shape: shapes.Shape
    limits: Limits
    seed: int
    out: Path  # reports/load-<stamp>/
    workers: int = 0  # local worker processes
    locustfile: Path | None = None
    policy_dir: Path | None = None
    remote_workers: int = 0  # workers on other machines the master waits for
    master_bind: str = "127.0.0.1"
    master_port: int = 0  # 0: a free one
    note: str | None = None  # which markets a run over "all" load-tests and which it leaves out, and why
    adapter: str | None = None  # module:function of the shop's adapter, whose traffic part the users take
    pages: dict | None = None  # an adapter without a traffic part: the pages its catalogue reached, per market


@dataclass
class Outcome:
    results: list[Result]
    stopped_early: str | None  # why, when the run did not finish its shape
    interrupted: bool
    requests: int
    failures: int
    seconds: float
    environment: Environment = field(repr=False, default=None)
    target_error: str | None = None  # the figures are about the target, not the regions (answers.target_error)
    not_driven: list[str] = field(default_factory=list)  # the actions the traffic could not do (ACTIONS)

    @property
    def unjudged(self) -> dict[str, Result]:
        """The regions the run targeted and could not judge on anything, with their requests."""
        return unjudged_regions(self.results)

    @property
    def verdict(self) -> str:
        """Green only when no gate failed and every region the run targeted was judged on something.
        An interrupt or a target error says nothing about the regions, so it comes first."""
        if self.interrupted:
            return INTERRUPTED
        if self.target_error:
            return TARGET_ERROR
        if self.stopped_early or any(r.failed for r in self.results):
            return MISSED
        if self.unjudged:
            return NOT_JUDGED
        return GREEN

    @property
    def passed(self) -> bool:
        return self.verdict == GREEN


def user_classes(locustfile: Path | None, actions: frozenset[str] | None = None) -> list[type[User]]:
    """The harness's Shopper (taking only `actions`, where given), or the User classes of a
    locustfile (a path to a .py file)."""
    if locustfile is None:
        return [Shopper.for_actions(actions) if actions is not None else Shopper]
    if not locustfile.is_file():
        raise UserInputError(f"--locustfile: {shown_path(locustfile)}: no such file")
    spec = importlib.util.spec_from_file_location(f"locustfile_{locustfile.stem}", locustfile)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # a user file that does not import is bad input, said in one line
        raise UserInputError(f"--locustfile: {shown_path(locustfile)}: {type(exc).__name__}: {exc}") from None
    found = [c for c in vars(module).values()
             if inspect.isclass(c) and issubclass(c, User) and not c.__dict__.get("abstract", False)
             and c.__module__ == module.__name__]
    if not found:
        raise UserInputError(f"--locustfile: {shown_path(locustfile)}: no User class (subclass harness.load.ShopUser)")
    return found


def capped(classes: list[type[User]], limits: Limits) -> list[type[User]]:
    """Each class's waits stretched so that all users together stay under --max-rps."""
    per_user = limits.max_rps / max(1, limits.users)
    out = []
    for cls in classes:
        original = cls.wait_time

        def wait_time(self, _original=original, _period=1.0 / per_user):
            now = time.monotonic()
            last = getattr(self, "_harness_last", None)
            self._harness_last = now
            wanted = _original(self) if _original else 0.0
            if last is None:
                return wanted
            return max(wanted, _period - (now - last))

        out.append(type(cls.__name__, (cls,), {"wait_time": wait_time, "__module__": cls.__module__}))
    return out


def execute(plan: Plan, progress=None) -> Outcome:
    """Runs the plan to its end (or a gross breach, or Ctrl-C/SIGTERM) and writes its outputs."""
    TRAFFIC.setup(plan.policy, plan.markets, plan.seed, traffic_of(plan.adapter, plan.target))
    if TRAFFIC.traffic is None:
        TRAFFIC.set_pages(plan.pages or {})
    actions = None if plan.locustfile else TRAFFIC.traffic.actions
    classes = capped(user_classes(plan.locustfile, actions), plan.limits)

    class Shape(RegionalShape):
        shape = plan.shape

    env = Environment(user_classes=classes, shape_class=Shape(), events=events, host=plan.target,
                      stop_timeout=5)
    plan.out.mkdir(parents=True, exist_ok=True)
    workers: list[subprocess.Popen] = []
    distributed = plan.workers + plan.remote_workers
    if distributed:
        port = plan.master_port or _free_port()
        runner = env.create_master_runner(master_bind_host=plan.master_bind, master_bind_port=port)
        workers = [_start_worker(plan, port) for _ in range(plan.workers)]
        deadline = time.monotonic() + WORKER_WAIT
        while runner.worker_count < distributed:
            if time.monotonic() > deadline or any(w.poll() is not None for w in workers):
                _end(workers)
                runner.quit()
                raise UserInputError(f"--workers: {runner.worker_count} of {distributed} workers connected to "
                                     f"{plan.master_bind}:{port}; see docs/load.md for what a worker needs")
            gevent.sleep(0.1)
        if plan.pages:
            runner.send_message("harness_pages", plan.pages)
    else:
        runner = env.create_local_runner()
    last_mix: list[dict] = [{}]

    def publish(mix: dict) -> None:
        rounded = {m: round(v, 4) for m, v in mix.items()}
        if rounded != last_mix[0]:
            last_mix[0] = rounded
            TRAFFIC.set_mix(rounded)
            if distributed:
                runner.send_message("harness_mix", rounded)

    env.shape_class.on_mix = publish
    csv = StatsCSVFileWriter(env, PERCENTILES, str(plan.out / "locust"), full_history=True)
    csv_writer = gevent.spawn(csv)
    frozen: list[tuple] = []  # the figures at the interrupt, once there was one

    def interrupt(*_):
        # Counted no further from here: what stopping breaks (the users, the embedded shop killed by
        # the same Ctrl-C) is not the shop's doing. A copy is cheap next to a run.
        if not frozen:
            frozen.append((copy.deepcopy(env.stats), METRICS.copy()))

    old = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    started = time.monotonic()
    stopped_early = None
    watch = TargetWatch()
    try:
        runner.start_shape()
        gevent.sleep(0.2)
        while runner.state not in ("stopped", "quitting") and not frozen:
            gevent.sleep(1.0)
            if progress:
                progress(env, time.monotonic() - started)
            if watch.error(env.stats) or frozen:
                break
            breach = gross_breach(env.stats, plan.policy, plan.markets)
            if breach:
                stopped_early = f"gross breach: {breach}"
                break
            if time.monotonic() - started > plan.limits.duration + 30:  # the shape should have ended it
                stopped_early = "the run outlived its duration"
                break
        if runner.state not in ("stopped", "quitting"):
            runner.stop()
        gevent.sleep(0.5)  # workers' last reports
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
        runner.quit()
        _end(workers)
        csv_writer.kill(block=False)
    seconds = time.monotonic() - started
    metrics = METRICS
    if frozen:
        env.stats, metrics = frozen[0]  # the reports show what the verdicts were made on
    _write_csv_and_html(env, csv, plan.out)
    results = evaluate(env.stats, metrics, plan.policy, plan.markets, undriven_gates(actions))
    return Outcome(results, stopped_early, bool(frozen), env.stats.total.num_requests, env.stats.total.num_failures,
                   seconds, env, target_error=None if frozen else watch.error_at_end(env.stats, seconds),
                   not_driven=[] if actions is None else [a for a in ACTIONS if a not in actions])


class TargetWatch:
    """Whether the target still answers as the shop: each second, over the last TARGET_WATCH
    seconds of requests (a target that dies mid-run shows at once, not when it has failed half the
    run), and over the whole run at its end."""

    def __init__(self):
        self.seen: deque[tuple[float, Answers]] = deque([(time.monotonic(), Answers())])
        self.found: str | None = None

    def error(self, stats) -> str | None:
        now, counts = time.monotonic(), answers(stats)
        self.seen.append((now, counts))
        while now - self.seen[0][0] > TARGET_WATCH:
            self.seen.popleft()
        recent = counts - self.seen[0][1]
        if not self.found and recent.requests >= MIN_REQUESTS:
            self.found = target_error(recent)
        return self.found

    def error_at_end(self, stats, seconds: float) -> str | None:
        whole = answers(stats)
        if not whole.requests:
            return f"the target stopped answering: not one request came back in {seconds:.0f} s"
        return self.found or target_error(whole)


def _write_csv_and_html(env: Environment, csv: StatsCSVFileWriter, out: Path) -> None:
    """The CSVs as they stand at the end (the history file grew during the run), and Locust's
    own HTML report."""
    from locust.html import get_html_report

    for handle, writer, columns, rows in (
            (csv.requests_csv_filehandle, csv.requests_csv_writer, csv.requests_csv_columns, csv._requests_data_rows),
            (csv.failures_csv_filehandle, csv.failures_csv_writer, csv.failures_columns, csv._failures_data_rows),
            (csv.exceptions_csv_filehandle, csv.exceptions_csv_writer, csv.exceptions_columns, csv._exceptions_data_rows)):
        handle.seek(0)
        handle.truncate()
        writer.writerow(columns)
        rows(writer)
    csv.close_files()
    (out / "locust.html").write_text(get_html_report(env, show_download_link=False), encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_worker(plan: Plan, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "harness.load.worker", "--master-port", str(port), "--seed", str(plan.seed),
           "--markets", ",".join(plan.markets), "--users", str(plan.limits.users), "--max-rps", str(plan.limits.max_rps)]
    cmd += ["--target", plan.target] + (["--adapter", plan.adapter] if plan.adapter else [])
    if plan.locustfile:
        cmd += ["--locustfile", str(plan.locustfile)]
    if plan.policy_dir:
        cmd += ["--policy", str(plan.policy_dir)]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _end(workers: list[subprocess.Popen]) -> None:
    for w in workers:
        if w.poll() is None:
            w.terminate()
    for w in workers:
        try:
            w.wait(10)
        except subprocess.TimeoutExpired:
            w.kill()
