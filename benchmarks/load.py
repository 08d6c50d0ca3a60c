"""The harness's load users against a bare FastHttpUser, on the same shop and the same pages.

`--target storefront` (the default): both hit `GET /` with no wait, one after the other in the
same run against the same embedded storefront: the bare user with one fixed header set, the
harness's with a persona of a market drawn from the regional mix per request, its address and
language, and a market-named request.

`--target oscar`: the django-oscar staging (tests/oscar/, two gunicorn workers), which serves some
30 pages a second on 2 cores: the shop is the bottleneck, so enough users with no wait saturate
it. The harness's users are `Shopper.for_actions` over the Oscar adapter's traffic part, as
`harness load` runs them (personas of the Oscar policy's markets, a new visit and cookie jar per
task), taking only its browsing actions: the landing page, a category, a product, a search, in
the harness's shares (ACTIONS). The bare user is a locustfile's: the same Oscar URLs in the same
shares, one fixed visitor keeping its cookies, no personas. No carts or checkouts on either side:
they write to the shop's database and would measure SQLite, not the users. The sides take turns
in rounds of 5 s slices, bare, harness, harness, bare, so that the shared machine's other work
falls on both; it prints each side's requests/s, each round's ratio (the noise) and the users' own
CPU per request (this process's; the shop's is not in it). Measured here with 32 users, 60 s a
side, while other jobs kept the 2 cores busy (load 4-7): bare 24.7 req/s, harness 25.3 (1.02x),
rounds 0.49-1.31; CPU 1.60 and 1.57 ms a request.

Target (issue 6): the harness's users reach >= 0.9x the bare user's requests per second.

    .venv/bin/python benchmarks/load.py [--target storefront|oscar] [--users 50] [--duration 20]
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import astuple, dataclass

import gevent  # noqa: F401  (Locust needs gevent's monkey-patching first)
from locust import FastHttpUser, constant, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from harness.load.traffic import TRAFFIC  # noqa: E402
from harness.load.users import QUERIES, ShopUser, Shopper  # noqa: E402
from harness.policy import load_policy  # noqa: E402
from harness.shop.oscar.traffic import OscarTraffic  # noqa: E402
from harness.shop.traffic import ACTIONS  # noqa: E402
from harness.target import EmbeddedStorefront  # noqa: E402

SLICE = 5.0  # seconds of one side's users at a time, in the Oscar comparison
BROWSING = ("browse", "category", "product", "search")  # the Oscar comparison's actions: GETs only
# The staging's pages (tests/oscar/README.md), as a locustfile's author writes them down.
OSCAR_CATEGORIES = ("books_1", "apparel_2", "home_3")
OSCAR_PRODUCTS = ("the-pragmatic-gardener_1", "a-short-history-of-maps_2", "merino-t-shirt_3", "rain-jacket_4",
                  "enamel-teapot_5", "ceramic-mug_6")


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


class BareOscar(FastHttpUser):
    """A locustfile's user over the Oscar pages the harness's users browse, in the same shares."""

    wait_time = constant(0)
    headers = {"X-Forwarded-For": "80.128.0.1", "Accept-Language": "en-GB"}

    @task(ACTIONS["browse"])
    def browse(self):
        self.client.get("/en/", headers=self.headers, name="/{lang}/")

    @task(ACTIONS["category"])
    def category(self):
        self.client.get(f"/en/catalogue/category/{random.choice(OSCAR_CATEGORIES)}/", headers=self.headers,
                        name="/{lang}/catalogue/category/{category}/")

    @task(ACTIONS["product"])
    def product(self):
        self.client.get(f"/en/catalogue/{random.choice(OSCAR_PRODUCTS)}/", headers=self.headers,
                        name="/{lang}/catalogue/{product}/")

    @task(ACTIONS["search"])
    def search(self):
        self.client.get(f"/en/search/?q={random.choice(QUERIES)}", headers=self.headers, name="/{lang}/search/")


@dataclass
class Measured:
    requests: int
    failures: int
    seconds: float
    cpu: float  # this process's CPU seconds: the users' own cost, apart from the shop's

    def __add__(self, other: Measured) -> Measured:
        return Measured(*(a + b for a, b in zip(astuple(self), astuple(other))))

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def drive(cls, host: str, users: int, seconds: float) -> Measured:
    cls.host = host
    env = Environment(user_classes=[cls], events=events)
    runner = env.create_local_runner()
    cpu = time.process_time()
    runner.start(users, spawn_rate=users)
    time.sleep(seconds)
    runner.quit()
    return Measured(env.stats.total.num_requests, env.stats.total.num_failures, seconds, time.process_time() - cpu)


def oscar(users: int, seconds: float) -> int:
    """Rounds of bare, harness, harness, bare slices of about SLICE seconds: a burst of the shared
    machine's other work falls on both sides, and the spread of the rounds' ratios shows it."""
    from tests.oscar.staging import OscarStaging, OscarUnavailable

    policy = load_policy(os.path.join(ROOT, "tests", "oscar", "policy"))
    TRAFFIC.setup(policy, list(policy), seed=1, traffic=OscarTraffic())
    harnessed = type("Shopper", (Shopper.for_actions(frozenset(BROWSING)),), {"wait_time": constant(0)})
    rounds = max(1, round(seconds / (2 * SLICE)))
    load = os.getloadavg()[0]
    try:
        with OscarStaging() as shop:
            drive(harnessed, shop.url, users, 3)  # each market's listing read once, the shop's caches warm
            drive(BareOscar, shop.url, users, 2)
            done = [[drive(cls, shop.url, users, seconds / rounds / 2) for cls in (BareOscar, harnessed, harnessed, BareOscar)]
                    for _ in range(rounds)]
    except OscarUnavailable as exc:
        print(f"benchmark: {exc}", file=sys.stderr)
        return 2
    bare, harness = (sum((r[i] + r[j] for r in done), Measured(0, 0, 0, 0)) for i, j in ((0, 3), (1, 2)))
    ratios = sorted((r[1] + r[2]).rate / (r[0] + r[3]).rate for r in done)
    print(f"\n{users} users, {seconds:.0f} s each side in {rounds} rounds (bare, harness, harness, bare), no wait: "
          f"GETs of the landing, category, product and search pages ({', '.join(f'{a} {ACTIONS[a]}' for a in BROWSING)}) "
          f"against the Oscar staging (2 gunicorn workers), same machine (load average {load:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after)")
    for name, side in (("bare FastHttpUser", bare), ("harness users (Oscar adapter)", harness)):
        print(f"{name:30} {side.rate:7.1f} req/s  {side.rate / bare.rate:.2f}  {1000 * side.cpu / max(1, side.requests):5.2f} "
              f"ms CPU/request  ({side.failures} failed)")
    print(f"ratio per round: {' '.join(f'{r:.2f}' for r in ratios)} (median {ratios[len(ratios) // 2]:.2f})")
    print(f"target: >= 0.90x: {'met' if harness.rate >= 0.9 * bare.rate else 'NOT met'}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", choices=("storefront", "oscar"), default="storefront")
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--duration", type=float, default=20)
    args = ap.parse_args()
    if not 1 <= args.users <= 500 or not 1 <= args.duration <= 600:
        print("benchmark: --users must be 1..500 and --duration 1..600 s", file=sys.stderr)
        return 2
    if args.target == "oscar":
        return oscar(args.users, args.duration)
    policy = load_policy()
    TRAFFIC.setup(policy, list(policy), seed=1)
    with EmbeddedStorefront(workers=os.cpu_count() or 1) as shop:
        # The shop renders each market's page once, then serves it from memory: warm every market first.
        drive(Harnessed, shop.url, args.users, 3)
        drive(Bare, shop.url, args.users, 2)
        bare = drive(Bare, shop.url, args.users, args.duration).rate
        harnessed = drive(Harnessed, shop.url, args.users, args.duration).rate
    print(f"\n{args.users} users, {args.duration:.0f} s each, GET / against the embedded storefront, same machine")
    print(f"{'bare FastHttpUser':28} {bare:8.0f} req/s  1.00")
    print(f"{'harness users (49 markets)':28} {harnessed:8.0f} req/s  {harnessed / bare:.2f}")
    print(f"target: >= 0.90x: {'met' if harnessed >= 0.9 * bare else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
