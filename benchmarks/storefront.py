"""Storefront throughput: Locust (FastHttpUser) over home, product, add-to-cart and the checkout API.

Prints req/s and p95 per route, and each figure as a ratio against a bare baseline
measured in the same run: a one-line ASGI app on the same uvicorn (uvloop, httptools),
driven by the same users. Target (issue 2): >= 1,500 page requests/s, p95 < 50 ms on 2 cores.

    .venv/bin/python benchmarks/storefront.py [--users 50] [--duration 30]
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import textwrap
import time

import gevent  # noqa: F401  (locust needs gevent's monkey-patching first)
from locust import FastHttpUser, constant, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADERS = {"Accept-Language": "de-DE", "X-Forwarded-For": "80.128.1.2"}
ADDRESS = {"email": "bench@example.de", "phone": "+4915123456789",
           "address": {"name": "Bench Mark", "street": "Invalidenstraße 117", "postcode": "10115", "city": "Berlin"}}

BASELINE_APP = textwrap.dedent("""
    import socket, sys, uvloop, uvicorn
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": b"<!doctype html><p>ok</p>"})
    sock = socket.socket(); sock.bind(("127.0.0.1", 0)); sock.listen(2048)
    print(f"storefront listening on http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, http="httptools", access_log=False, log_level="warning"))
    uvloop.run(server.serve(sockets=[sock]))
""")


def start(cmd: list[str]) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    for line in proc.stdout:
        m = re.search(r"listening on (http://\S+)", line)
        if m:
            return proc, m.group(1)
    raise SystemExit(f"could not start {cmd}")


class Shopper(FastHttpUser):
    wait_time = constant(0)
    sku = "APP-001"

    @task(5)
    def home(self):
        self.client.get("/", headers=HEADERS, name="home")

    @task(5)
    def product(self):
        self.client.get(f"/p/{self.sku}", headers=HEADERS, name="product")

    @task(1)
    def buy(self):
        cart = self.client.post("/api/carts", headers=HEADERS, name="api: new cart").json()["token"]
        self.client.post(f"/api/carts/{cart}/items", json={"sku": self.sku, "quantity": 1}, headers=HEADERS, name="api: add to cart")
        self.client.post(f"/api/carts/{cart}/address", json=ADDRESS, headers=HEADERS, name="api: address")
        self.client.post(f"/api/carts/{cart}/checkout", json={"shipping_method": "standard", "payment_method": "card"},
                         headers=HEADERS, name="api: checkout")


class Bare(FastHttpUser):
    wait_time = constant(0)

    @task
    def page(self):
        self.client.get("/", name="baseline")


def drive(user_class, host: str, users: int, seconds: float):
    user_class.host = host
    env = Environment(user_classes=[user_class], events=events)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    time.sleep(seconds)
    runner.quit()
    stats = env.stats
    elapsed = seconds
    for err in stats.errors.values():
        print(f"  error x{err.occurrences}: {err.method} {err.name}: {err.error}", file=sys.stderr)
    rows = {e.name: (e.num_requests / elapsed, e.get_response_time_percentile(0.95), e.num_failures)
            for e in stats.entries.values()}
    return rows, stats.total.num_requests / elapsed


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--duration", type=float, default=30)
    args = ap.parse_args()
    if not 1 <= args.users <= 500 or not 1 <= args.duration <= 600:
        print("benchmark: --users must be 1..500 and --duration 1..600 s", file=sys.stderr)
        return 2

    base_proc, base_url = start([sys.executable, "-c", BASELINE_APP])
    try:
        base_rows, _ = drive(Bare, base_url, args.users, args.duration)
    finally:
        base_proc.terminate()
    base_rps, base_p95, _ = base_rows["baseline"]

    shop_proc, shop_url = start([sys.executable, "-m", "storefront", "--port", "0"])
    try:
        rows, total_rps = drive(Shopper, shop_url, args.users, args.duration)
    finally:
        shop_proc.terminate()

    print(f"\n{args.users} users, {args.duration:.0f} s per target, Locust FastHttpUser, same machine")
    print(f"{'route':22} {'req/s':>8} {'p95 ms':>8} {'fails':>6} {'req/s vs bare':>14} {'p95 vs bare':>12}")
    print(f"{'bare ASGI baseline':22} {base_rps:8.0f} {base_p95:8.0f} {0:6d} {1:14.2f} {1:12.2f}")
    for name, (rps, p95, fails) in sorted(rows.items()):
        print(f"{name:22} {rps:8.0f} {p95:8.0f} {fails:6d} {rps / base_rps:14.2f} {p95 / max(base_p95, 1):12.2f}")
    pages = sum(rows[n][0] for n in ("home", "product") if n in rows)
    print(f"{'all requests':22} {total_rps:8.0f}")
    print(f"page requests/s (home + product): {pages:.0f}  ({pages / base_rps:.2f} of bare)  target >= 1500, p95 < 50 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
