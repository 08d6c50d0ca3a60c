"""A load worker: `python -m harness.load.worker --master-port P --seed S --markets DE,JP ...`.

It makes the same personas as the master from the seed and takes the regional mix from the
master at every tick, so nothing but these options has to reach it.
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
from .traffic import TRAFFIC  # noqa: E402


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
    args = ap.parse_args(argv)
    policy = load_policy(args.policy)
    TRAFFIC.setup(policy, args.markets.split(","), args.seed)
    classes = capped(user_classes(args.locustfile), Limits(args.users, None, args.max_rps, 0))
    env = Environment(user_classes=classes, events=events)
    runner = env.create_worker_runner(args.master_host, args.master_port)
    runner.register_message("harness_mix", lambda msg, **_: TRAFFIC.set_mix(msg.data))
    runner.greenlet.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())
