"""The harness's load users against a bare FastHttpUser, on the same storefront endpoint.

Both hit `GET /` with no wait, one after the other in the same run against the same embedded
storefront: the bare user with one fixed header set, the harness's with a persona of a market
drawn from the regional mix per request, its address and language, and a market-named request.
Target (issue 6): the harness's users reach >= 0.9x the bare user's requests per second.

    .venv/bin/python benchmarks/load.py [--users 50] [--duration 20]
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import gevent  # noqa: F401  (Locust needs gevent's monkey-patching first)
from locust import FastHttpUser, constant, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from harness.load.traffic import TRAFFIC  # noqa: E402
from harness.load.users import ShopUser  # noqa: E402
from harness.policy import load_policy  # noqa: E402
from harness.target import EmbeddedStorefront  # noqa: E402


class Bare(FastHttpUser):
    wait_time = constant(0)

    @task
    def home(self):
        self.client.get("/", headers={"X-Forwarded-For": "80.128.0.1", "Accept-Language": "de-DE"}, name="home")


class Harnessed(ShopUser):
    wait_time = constant(0)

    @task
    def home(self):
        self.get(self.visit(), "/")


def drive(cls, host: str, users: int, seconds: float) -> float:
    cls.host = host
    env = Environment(user_classes=[cls], events=events)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    time.sleep(seconds)
    runner.quit()
    return env.stats.total.num_requests / seconds


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--duration", type=float, default=20)
    args = ap.parse_args()
    if not 1 <= args.users <= 500 or not 1 <= args.duration <= 600:
        print("benchmark: --users must be 1..500 and --duration 1..600 s", file=sys.stderr)
        return 2
    policy = load_policy()
    TRAFFIC.setup(policy, list(policy), seed=1)
    with EmbeddedStorefront(workers=os.cpu_count() or 1) as shop:
        # The shop renders each market's page once, then serves it from memory: warm every market first.
        drive(Harnessed, shop.url, args.users, 3)
        drive(Bare, shop.url, args.users, 2)
        bare = drive(Bare, shop.url, args.users, args.duration)
        harnessed = drive(Harnessed, shop.url, args.users, args.duration)
    print(f"\n{args.users} users, {args.duration:.0f} s each, GET / against the embedded storefront, same machine")
    print(f"{'bare FastHttpUser':28} {bare:8.0f} req/s  1.00")
    print(f"{'harness users (49 markets)':28} {harnessed:8.0f} req/s  {harnessed / bare:.2f}")
    print(f"target: >= 0.90x: {'met' if harnessed >= 0.9 * bare else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
