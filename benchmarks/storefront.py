"""Storefront throughput: Locust (FastHttpUser) over home, product, add-to-cart and the checkout API.

Prints req/s and p95 per route, and each figure as a ratio against a bare baseline
measured in the same run: a one-line ASGI app on the same uvicorn (uvloop, httptools),
driven by the same users. Target (issue 2): >= 1,500 page requests/s, p95 < 50 ms on 2 cores.

A second phase drives the support side with the same users: chatbot questions, and one
request in ten opening a ticket; it prints chatbot answers/s and ticket creation p95.

The shoppers view home and product pages and place an order (new cart, add to cart,
address, checkout: four API calls) once every --pages-per-order page views. The default, 40,
is several times more checkout-heavy than a real shop, where about one session in forty
buys and a session views a handful of pages; pass 10 for a write-heavy stress mix.

    .venv/bin/python benchmarks/storefront.py [--users 50] [--duration 30] [--pages-per-order 40] [--workers N]
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

    def home(self):
        self.client.get("/", headers=HEADERS, name="home")

    def product(self):
        self.client.get(f"/p/{self.sku}", headers=HEADERS, name="product")

    def buy(self):
        cart = self.client.post("/api/carts", headers=HEADERS, name="api: new cart").json()["token"]
        self.client.post(f"/api/carts/{cart}/items", json={"sku": self.sku, "quantity": 1}, headers=HEADERS, name="api: add to cart")
        self.client.post(f"/api/carts/{cart}/address", json=ADDRESS, headers=HEADERS, name="api: address")
        self.client.post(f"/api/carts/{cart}/checkout", headers=HEADERS, name="api: checkout",
                         json={"shipping_method": "standard", "payment_method": "card", "card_number": "4242 4242 4242 4242"})


QUESTIONS = ("Wie lange habe ich Zeit für eine Rücksendung?", "Wann bekomme ich mein Geld zurück?",
             "Wie lange dauert der Versand?", "Wie lange gilt die Garantie?", "Mein Paket ist beschädigt angekommen")


class SupportCustomer(FastHttpUser):
    """Asks the chatbot, and now and then opens a ticket (one in ten)."""

    wait_time = constant(0)

    @task(9)
    def ask(self):
        question = QUESTIONS[self.environment.runner.user_count % len(QUESTIONS)] if self.environment.runner else QUESTIONS[0]
        self.client.post("/api/chat", json={"conversation": None, "message": question}, headers=HEADERS, name="chatbot answer")

    @task(1)
    def ticket(self):
        self.client.post("/api/tickets", headers=HEADERS, name="ticket creation",
                         json={"name": "Bench Mark", "email": "bench@example.de", "topic": "delivery",
                               "message": "Wo ist meine Bestellung?"})


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
    ap.add_argument("--pages-per-order", type=int, default=40, help="page views per order placed (default 40)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="storefront worker processes (default: one per core)")
    args = ap.parse_args()
    if not 1 <= args.users <= 500 or not 1 <= args.duration <= 600 or not 2 <= args.pages_per_order <= 1000:
        print("benchmark: --users must be 1..500, --duration 1..600 s, --pages-per-order 2..1000", file=sys.stderr)
        return 2
    half = args.pages_per_order // 2
    # Locust turns weights into a list when the class is made; a mix chosen at run time is that list.
    Shopper.tasks = [Shopper.home] * half + [Shopper.product] * (args.pages_per_order - half) + [Shopper.buy]

    base_proc, base_url = start([sys.executable, "-c", BASELINE_APP])
    try:
        base_rows, _ = drive(Bare, base_url, args.users, args.duration)
    finally:
        base_proc.terminate()
    base_rps, base_p95, _ = base_rows["baseline"]

    shop_proc, shop_url = start([sys.executable, "-m", "storefront", "--port", "0", "--workers", str(args.workers)])
    try:
        rows, total_rps = drive(Shopper, shop_url, args.users, args.duration)
        support_rows, _ = drive(SupportCustomer, shop_url, args.users, args.duration)
    finally:
        shop_proc.terminate()

    print(f"\n{args.users} users, {args.duration:.0f} s per target, Locust FastHttpUser, same machine; "
          f"storefront with {args.workers} worker(s); one order per {args.pages_per_order} page views")
    print(f"{'route':22} {'req/s':>8} {'p95 ms':>8} {'fails':>6} {'req/s vs bare':>14} {'p95 vs bare':>12}")
    print(f"{'bare ASGI baseline':22} {base_rps:8.0f} {base_p95:8.0f} {0:6d} {1:14.2f} {1:12.2f}")
    for name, (rps, p95, fails) in sorted(rows.items()):
        print(f"{name:22} {rps:8.0f} {p95:8.0f} {fails:6d} {rps / base_rps:14.2f} {p95 / max(base_p95, 1):12.2f}")
    pages = sum(rows[n][0] for n in ("home", "product") if n in rows)
    print(f"{'all requests':22} {total_rps:8.0f}")
    print(f"page requests/s (home + product): {pages:.0f}  ({pages / base_rps:.2f} of bare)  target >= 1500, p95 < 50 ms")
    print(f"\nsupport: {args.users} users asking the chatbot, one request in ten opening a ticket")
    for name, (rps, p95, fails) in sorted(support_rows.items()):
        print(f"{name:22} {rps:8.0f} {p95:8.0f} {fails:6d} {rps / base_rps:14.2f} {p95 / max(base_p95, 1):12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
