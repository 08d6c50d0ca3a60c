"""Journeys per second of the harness, against a bare Playwright script doing the same page actions.

The matrix (every market x every journey, one persona each) runs three times in the same run,
each time against a fresh embedded storefront (a journey registers accounts: not repeatable):
1. recorded, untimed: every public Playwright call the journeys make, with its arguments and
   results, and the adapter's direct HTTP calls to the shop (mail sink, staging hooks);
2. timed, the harness: `pytest scenarios -n WORKERS --target URL ... --alluredir TMP`;
3. timed, bare: WORKERS processes, one Chromium each, replay the recorded calls with plain
   Playwright, each journey in a fresh context of the recorded options; the client address goes
   as X-Forwarded-For (the harness goes through its geo-proxy); references the shop hands out
   (order numbers, CSRF tokens) are swapped for the ones of this run. Nothing is checked;
   a call that fails is skipped and counted (the replay's fidelity).
Target: >= 5 journeys/s on 2 cores (issue 5), and the harness's time <= 1.1x the bare script's with
its default tracing, trace on first retry (issue 19): the clean matrix passes, so no walk is traced.

    .venv/bin/python benchmarks/journeys.py [--markets all] [--journeys "checkout or support"] [--workers 2] [--rounds 3]
"""
from __future__ import annotations

import argparse
import difflib
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psutil
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from playwright._impl._sync_base import EventContextManager, EventInfo  # noqa: E402
from playwright.sync_api import (APIRequestContext, APIResponse, Browser, BrowserContext, ElementHandle,  # noqa: E402
                                 Frame, FrameLocator, JSHandle, Keyboard, Locator, Mouse, Page, Response, sync_playwright)

from harness.browser import launch_options  # noqa: E402
from harness.target import EmbeddedStorefront  # noqa: E402

# ---------------------------------------------------------------- recording (a pytest plugin)
# Loaded into the recording pass with PYTEST_PLUGINS=benchmarks.journeys, JOURNEYS_RECORD=DIR:
# each journey's calls become DIR/<test id>.jsonl. A Playwright trace would not do: it keeps
# neither the API requests (page.request), nor what locator.evaluate ran, nor the context's locale.
TRACKED = (APIRequestContext, APIResponse, Browser, BrowserContext, ElementHandle, Frame, FrameLocator, JSHandle,
           Keyboard, Locator, Mouse, Page, Response, EventContextManager, EventInfo)
_calls: list | None = None   # the running journey's calls
_refs: dict[int, int] = {}   # id of a Playwright object the journey got -> its number
_held: list = []             # those objects, kept alive so that their ids stay theirs
_local = threading.local()
NOT_ACTIONS = {"on", "once", "remove_listener", "tracing"}  # event listeners (pytest-playwright's), the harness's tracing


def _enc(x):
    if x is None or isinstance(x, (str, int, float, bool)):
        return x
    if id(x) in _refs:
        return {"$ref": _refs[id(x)]}
    if isinstance(x, TRACKED):
        return {"$ref": type(x).__name__}  # made before the journey: the session's browser
    if isinstance(x, dict):
        return {str(k): _enc(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_enc(v) for v in x]
    return {"$lossy": type(x).__name__}


def _keep(value):
    if isinstance(value, TRACKED):
        if id(value) not in _refs:
            _refs[id(value)] = len(_held)
            _held.append(value)
        return {"r": _refs[id(value)]}
    return {"v": _enc(value)}


def _recorded(fn, name: str, prop: bool):
    def call(self, *args, **kwargs):
        if _calls is None or getattr(_local, "busy", False):
            return fn(self, *args, **kwargs)
        entry = {"o": _enc(self)["$ref"], "m": name, "a": _enc(args), "k": _enc(kwargs), **({"p": 1} if prop else {})}
        _calls.append(entry)
        _local.busy = True
        try:
            value = fn(self, *args, **kwargs)
        except BaseException:
            entry["err"] = 1
            raise
        finally:
            _local.busy = False
        entry.update(_keep(value))
        return value
    return call


def _http(fn):
    def call(self, method, url, **kwargs):
        response = fn(self, method, url, **kwargs)
        if _calls is not None:
            body = {k: kwargs[k] for k in ("json", "content", "data") if kwargs.get(k) is not None}
            _calls.append({"http": method, "a": [str(response.request.url)], "k": _enc(body), "v": response.text})
        return response
    return call


def pytest_configure(config) -> None:
    if not os.environ.get("JOURNEYS_RECORD"):
        return
    for cls in TRACKED:
        for name, attr in list(vars(cls).items()):
            if name.startswith("_") and name not in ("__enter__", "__exit__") or name in NOT_ACTIONS:
                continue
            if isinstance(attr, property):
                setattr(cls, name, property(_recorded(attr.fget, name, True)))
            elif callable(attr):
                setattr(cls, name, _recorded(attr, name, False))
    httpx.Client.request = _http(httpx.Client.request)
    from harness.geoproxy import GeoProxy, Route

    def address(server: str, ip: str) -> None:  # the geo-proxy stamps it: no browser call shows it
        if _calls is not None:
            _calls.append({"addr": server, "ip": ip})

    def route(self, ip, _route=GeoProxy.route):
        way_in = _route(self, ip)
        address(way_in.server, ip)
        return way_in

    def travel_to(self, ip, _travel=Route.travel_to):
        address(self.server, ip)
        _travel(self, ip)
    GeoProxy.route, Route.travel_to = route, travel_to


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    global _calls
    folder = os.environ.get("JOURNEYS_RECORD")
    _calls = [] if folder else None
    try:
        return (yield)
    finally:
        if folder:
            name = re.sub(r"[^\w.-]+", "_", item.nodeid)
            Path(folder, name + ".jsonl").write_text("".join(json.dumps(c) + "\n" for c in _calls), encoding="utf-8")
            _calls = None
            _refs.clear()
            _held.clear()


# ---------------------------------------------------------------- the bare replay
ID = re.compile(r"[\w-]*\d[\w-]*")
REPLAY_TIMEOUT_MS = 5000


def _learn(recorded, replayed, swap: dict) -> None:
    """References in a recorded result that came back different in the replay: swapped from now on."""
    a, b = json.dumps(recorded, ensure_ascii=False), json.dumps(replayed, ensure_ascii=False, default=repr)
    if a == b:
        return
    ta, tb = ID.findall(a), ID.findall(b)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            swap.update((x, y) for x, y in zip(ta[i1:i2], tb[j1:j2]) if len(x) >= 6)


def _dec(x, objs: dict, swap: dict):
    if isinstance(x, str):
        for old, new in swap.items():
            x = x.replace(old, new)
        return x
    if isinstance(x, list):
        return [_dec(v, objs, swap) for v in x]
    if isinstance(x, dict):
        if "$ref" in x:
            return objs[x["$ref"]]
        return None if "$lossy" in x else {k: _dec(v, objs, swap) for k, v in x.items()}
    return x


def replay(path: str, browser, client: httpx.Client, swap: dict) -> tuple[int, int]:
    """One journey's calls, in order; returns (calls replayed, calls that failed where the recording's did not)."""
    objs, ips, contexts, swap = {"Browser": browser}, {}, [], dict(swap)
    done = failed = 0
    for line in open(path, encoding="utf-8"):
        call = json.loads(line)
        if "addr" in call:  # the persona's client address, now or after a move
            ips[call["addr"]] = call["ip"]
            for context, server, headers in contexts:
                if server == call["addr"]:
                    context.set_extra_http_headers({**headers, "X-Forwarded-For": call["ip"]})
            continue
        if call.get("o") == "Browser" and call["m"] not in ("new_context", "new_page"):
            continue  # the session's browser: its teardown is not the journey's
        done += 1
        try:
            args, kwargs = _dec(call["a"], objs, swap), _dec(call["k"], objs, swap)
            if "http" in call:
                value = client.request(call["http"], *args, **kwargs)
                _learn(call["v"], value.text, swap)
                continue
            target, name = objs[call["o"]], call["m"]
            if name == "set_default_timeout":  # a call the replay gets wrong waits this long: keep it short
                args = [min(args[0], REPLAY_TIMEOUT_MS)]
            if name == "new_context":
                server = (kwargs.pop("proxy", None) or {}).get("server")
                headers = kwargs.get("extra_http_headers") or {}
                if server in ips:
                    kwargs["extra_http_headers"] = {**headers, "X-Forwarded-For": ips[server]}
            value = getattr(target, name) if call.get("p") else getattr(target, name)(*args, **kwargs)
            if name == "new_context":
                contexts.append((value, server, headers))
        except Exception:
            failed += not call.get("err")
            continue
        if "r" in call:
            objs[call["r"]] = value
        elif isinstance(call.get("v"), (str, dict, list)) and not isinstance(value, (bytes, *TRACKED)):
            _learn(call["v"], value, swap)
    for context, *_ in contexts:
        try:
            context.close()
        except Exception:
            pass
    return done, failed


def bare_worker(todo, done, swap: dict) -> None:
    """One process, one Chromium: journeys from the queue until it is empty."""
    calls = failed = 0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            client = httpx.Client(timeout=15)
            while (path := todo.get()) is not None:
                n, f = replay(path, browser, client, swap)
                calls, failed = calls + n, failed + f
            browser.close()
    finally:
        done.put((calls, failed))


def bare(paths: list[str], workers: int, swap: dict) -> tuple[float, int, int]:
    mp = multiprocessing.get_context("spawn")
    todo, done = mp.Queue(), mp.Queue()
    for p in paths + [None] * workers:
        todo.put(p)
    started = time.perf_counter()
    procs = [mp.Process(target=bare_worker, args=(todo, done, swap)) for _ in range(workers)]
    for p in procs:
        p.start()
    results = [done.get() for _ in procs]
    for p in procs:
        p.join()
    return time.perf_counter() - started, sum(r[0] for r in results), sum(r[1] for r in results)


# ---------------------------------------------------------------- the harness
def harness(url: str, args, env: dict | None = None, extra: tuple = ()) -> tuple[float, dict]:
    cmd = [sys.executable, "-m", "pytest", "scenarios", "-n", str(args.workers), "--target", url,
           "--markets", args.markets, "--personas-per-market", "1", "-q", "-p", "no:cacheprovider", *extra]
    if args.journeys:
        cmd += ["-m", args.journeys]
    started = time.perf_counter()
    run = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    outcomes = {k.rstrip("s"): int(n) for n, k in re.findall(r"(\d+) (passed|failed|errors?)\b", run.stdout[-2000:])}
    if not outcomes:
        sys.exit(f"benchmark: pytest ran no journey (exit {run.returncode}):\n{run.stdout[-3000:]}{run.stderr[-2000:]}")
    return seconds, outcomes


class CpuUse:
    """Where the two cores went during a phase: the shop's processes, and everything else
    (Chromium, Playwright's drivers, pytest or the replay), from /proc/stat."""

    def __init__(self, shop: EmbeddedStorefront):
        self.shop = psutil.Process(shop.process.pid)

    def _shop_seconds(self) -> float:
        total = 0.0
        for p in [self.shop, *self.shop.children(recursive=True)]:
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.Error:
                pass
        return total

    @staticmethod
    def _busy_seconds() -> float:
        fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
        return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait

    def __enter__(self):
        self.shop0, self.busy0 = self._shop_seconds(), self._busy_seconds()
        return self

    def __exit__(self, *exc):
        self.shop_s = self._shop_seconds() - self.shop0
        self.busy_s = self._busy_seconds() - self.busy0


def say(what: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {what}", file=sys.stderr, flush=True)


def fresh_shop() -> EmbeddedStorefront:
    return EmbeddedStorefront((), workers=os.cpu_count() or 1)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--markets", default="all")
    ap.add_argument("--journeys", default="", help="a pytest -m expression, e.g. 'checkout or support' (default: all)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=1,
                    help="timed rounds, harness and bare in turn (the order alternates); a shared VM's speed "
                         "drifts over minutes, so compare the per-round ratios")
    args = ap.parse_args()
    if not 1 <= args.workers <= 32 or not 1 <= args.rounds <= 20:
        print("benchmark: --workers must be 1..32 and --rounds 1..20", file=sys.stderr)
        return 2
    rounds = []  # (harness seconds, outcomes, harness CpuUse, bare seconds, calls, failed, bare CpuUse)
    with tempfile.TemporaryDirectory() as tmp:
        record = os.path.join(tmp, "calls")
        os.mkdir(record)
        say("recording the journeys' calls (untimed)")
        with fresh_shop() as shop:
            recorded_url = shop.url
            harness(shop.url, args, {"PYTEST_PLUGINS": "benchmarks.journeys", "JOURNEYS_RECORD": record,
                                     "PYTHONPATH": os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")]))})
        paths = sorted(str(p) for p in Path(record).glob("*.jsonl"))
        for n in range(args.rounds):
            measured = {}
            for side in (("harness", "bare") if n % 2 == 0 else ("bare", "harness")):
                say(f"round {n + 1}/{args.rounds}: the {'harness' if side == 'harness' else 'bare replay'}, timed")
                with fresh_shop() as shop, CpuUse(shop) as cpu:
                    if side == "harness":
                        measured[side] = (*harness(shop.url, args, extra=("--alluredir", os.path.join(tmp, f"allure{n}"))), cpu)
                    else:
                        measured[side] = (*bare(paths, args.workers, {recorded_url: shop.url}), cpu)
            rounds.append((*measured["harness"], *measured["bare"]))
    cores = os.cpu_count() or 1
    outcomes = rounds[-1][1]
    journeys = sum(outcomes.values())
    print(f"\n{journeys} journeys ({', '.join(f'{n} {k}' for k, n in outcomes.items())}), markets {args.markets}, "
          f"journeys {args.journeys or 'all'}, {args.workers} workers, {cores} cores")
    print(f"{'':36} {'seconds':>8} {'journeys/s':>11} {'time vs bare':>13} {'cores busy':>11} {'shop CPU s':>11} "
          f"{'other CPU s':>12}")
    for n, (seconds, _, harness_cpu, bare_seconds, calls, failed, bare_cpu) in enumerate(rounds, 1):
        for name, wall, cpu, count in ((f"{n}: bare Playwright replay", bare_seconds, bare_cpu, len(paths)),
                                       (f"{n}: harness (pytest -n, Allure)", seconds, harness_cpu, journeys)):
            print(f"{name:36} {wall:8.1f} {count / wall:11.2f} {wall / bare_seconds:13.2f} {cpu.busy_s / wall:11.2f} "
                  f"{cpu.shop_s:11.1f} {cpu.busy_s - cpu.shop_s:12.1f}")
        print(f"{'':36} replay: {calls} calls, {failed} failed where the recording's did not"
              + (f" (each may have waited up to {REPLAY_TIMEOUT_MS / 1000:.0f} s: the bare time is then too long)"
                 if failed else ""))
    ratios = sorted(r[0] / r[3] for r in rounds)
    rates = sorted(journeys / r[0] for r in rounds)
    ratio, rate = ratios[len(ratios) // 2], rates[len(rates) // 2]
    print(f"cores: {cores}; 'other' is Chromium, Playwright's drivers and the Python driving them")
    if args.rounds > 1:
        print(f"median of {args.rounds} rounds: harness {rate:.2f} journeys/s, {ratio:.2f}x the bare time "
              f"(ratios {', '.join(f'{r:.2f}' for r in ratios)})")
    print(f"target: <= 1.1x the bare time (issue 19): {'met' if ratio <= 1.1 else 'NOT met'}; "
          f">= 5 journeys/s (issue 5): {'met' if rate >= 5 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
