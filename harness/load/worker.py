"""A load worker: `python -m harness.load.worker --master-port P --target URL --seed S --markets DE,JP ...`.

It makes the same personas as the master from the seed, takes its users' actions from the same
adapter, and the regional mix from the master at every tick (and, for an adapter without a
traffic part, the pages to load), so nothing but these options has to reach it.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import gevent  # noqa: F401  (Locust needs its monkey-patching before anything else)
from locust import events  # noqa: E402
from locust.env import Environment  # noqa: E402

from ..policy import load_policy  # noqa: E402
from .bounds import Limits  # noqa: E402
from .run import capped, user_classes  # noqa: E402
from .traffic import TRAFFIC, traffic_of  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m harness.load.worker")
    ap.add_argument("--master-host", default="127.0.0.1")
    ap.add_argument("--master-port", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--markets", required=True)
    ap.add_argument("--users", type=int, default=100)
    ap.add_argument("--max-rps", type=float, default=5000)
    ap.add_argument("--locustfile", type=Path)
    ap.add_argument("--policy", type=Path)
    ap.add_argument("--target", required=True, help="the shop's URL, as the master was given it")
    ap.add_argument("--adapter", help="module:function building the Shop (default: the reference adapter)")
    args = ap.parse_args(argv)
    policy = load_policy(args.policy)
    TRAFFIC.setup(policy, args.markets.split(","), args.seed, traffic_of(args.adapter, args.target))
    if TRAFFIC.traffic is None:
        TRAFFIC.set_pages({})  # until the master sends the pages its adapter's catalogue reached
    actions = None if args.locustfile else TRAFFIC.traffic.actions
    classes = capped(user_classes(args.locustfile, actions), Limits(args.users, None, args.max_rps, 0))
    env = Environment(user_classes=classes, events=events)
    runner = env.create_worker_runner(args.master_host, args.master_port)
    runner.register_message("harness_mix", lambda msg, **_: TRAFFIC.set_mix(msg.data))
    runner.register_message("harness_pages", lambda msg, **_: TRAFFIC.set_pages(msg.data))
    runner.greenlet.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())
