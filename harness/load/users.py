"""Locust users that shop as personas of the run's markets.

`ShopUser` is the base for a locustfile: each task starts with `visit = self.visit()`, a persona
of a market drawn from the current regional mix, whose address (`X-Forwarded-For`) and language
go with every request, named by market (`[DE] GET /p/{sku}`) so statistics split per region.
`Shopper` is the harness's own mix of browsing, searching, carts, checkouts, chatbot questions
and tickets against the reference storefront's pages and API; a locustfile for another shop
subclasses `ShopUser` with that shop's requests.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass

from locust import FastHttpUser, between, task

from ..personas import Persona
from .metrics import METRICS
from .traffic import TRAFFIC

TICKET_PATIENCE = 120.0  # seconds a ticket is followed up before its wait so far is taken as its answer time
QUERIES = ("tea", "book", "shirt", "lamp", "phone")


@dataclass(frozen=True)
class Visit:
    market: str
    persona: Persona
    headers: dict[str, str]


class ShopUser(FastHttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)  # harness.load.sizing.PACE counts on it when it sizes a run
    # Locust's 60 s would let a target that went silent hold every user for a minute; a request
    # this late has long missed any latency target, and as a timeout it counts as unanswered.
    connection_timeout = 10.0
    network_timeout = 30.0

    def on_start(self) -> None:
        self.rng = random.Random(TRAFFIC.next_user_seed())
        self.tickets: list[tuple[str, str, str, float]] = []  # market, ref, token, opened at

    def visit(self) -> Visit:
        market = TRAFFIC.pick_market(self.rng)
        persona = self.rng.choice(TRAFFIC.personas[market])
        return Visit(market, persona, {**TRAFFIC.authorization, "X-Forwarded-For": persona.ip,
                                       "Accept-Language": persona.accept_language})

    def get(self, visit: Visit, path: str, label: str | None = None, **kwargs):
        return self.client.get(path, headers=visit.headers, name=f"[{visit.market}] GET {label or path}", **kwargs)

    def post(self, visit: Visit, path: str, label: str | None = None, **kwargs):
        return self.client.post(path, headers=visit.headers, name=f"[{visit.market}] POST {label or path}", **kwargs)

    def on_stop(self) -> None:
        """Tickets still waiting when the run ends are asked after once more: the shop may have
        answered since this user last looked, and its answer time is the figure. One still
        unanswered then has breached its market's target if it has waited longer (its wait so far
        is a lower bound); a younger one says nothing."""
        self.follow_up_tickets(last=True)

    def open_ticket(self, visit: Visit, message: str) -> None:
        """A ticket through the shop's API; its first response is read later (follow_up_tickets)."""
        p = visit.persona
        with self.post(visit, "/api/tickets", json={"name": p.name, "email": p.email, "topic": "delivery",
                                                    "message": message}, catch_response=True) as r:
            body = json_of(r) if r.status_code == 201 else None
            if body and "ref" in body and "token" in body:
                self.tickets.append((visit.market, body["ref"], body["token"], time.monotonic()))
            elif not getattr(r, "error", None):  # an HTTP error or no answer is recorded as it is
                r.failure(f"ticket not opened: {r.status_code}")

    def follow_up_tickets(self, last: bool = False) -> None:
        """Reads, through the shop's API, whether waiting tickets have had their first response."""
        now = time.monotonic()
        waiting = []
        for market, ref, token, opened in getattr(self, "tickets", ()):
            if now - opened < 0.5 and not last:
                waiting.append((market, ref, token, opened))
                continue
            r = self.client.get(f"/api/tickets/{ref}", headers={"Authorization": f"Bearer {token}"},
                                name=f"[{market}] GET /api/tickets/{{ref}}")
            seconds = (json_of(r) or {}).get("first_response_seconds") if r.status_code == 200 else None
            if seconds is not None:
                METRICS.first_response(market, float(seconds))
            elif last or now - opened > TICKET_PATIENCE:
                METRICS.unanswered(market)
                if now - opened > TRAFFIC.market_policy(market).service_levels.support_first_response_s:
                    METRICS.first_response(market, now - opened)
            else:
                waiting.append((market, ref, token, opened))
        self.tickets = waiting


class Shopper(ShopUser):
    """Browses, searches, fills carts, checks out, asks the chatbot and opens tickets."""

    abstract = False

    @task(30)
    def browse(self) -> None:
        self.get(self.visit(), "/", "/")
        self.follow_up_tickets()

    @task(30)
    def product(self) -> None:
        visit = self.visit()
        self.get(visit, f"/p/{self.rng.choice(self.products(visit))}", "/p/{sku}")

    @task(10)
    def search(self) -> None:
        self.get(self.visit(), f"/search?q={self.rng.choice(QUERIES)}", "/search")

    @task(8)
    def add_to_cart(self) -> None:
        visit = self.visit()
        self.new_cart(visit)

    @task(5)
    def checkout(self) -> None:
        visit = self.visit()
        token = self.new_cart(visit)
        placed = False
        if token:
            placed = self.place_order(visit, token)
        METRICS.checkout(visit.market, placed)

    @task(8)
    def ask_chatbot(self) -> None:
        visit = self.visit()
        self.post(visit, "/api/chat", json={"conversation": None, "message": TRAFFIC.question(visit.persona)})

    @task(2)
    def ticket(self) -> None:
        visit = self.visit()
        self.open_ticket(visit, TRAFFIC.question(visit.persona))

    # --- steps
    def products(self, visit: Visit) -> list[str]:
        known = TRAFFIC.products.get(visit.market)
        if known is None:
            r = self.get(visit, "/api/products")
            listed = (json_of(r) or {}).get("products") if r.status_code == 200 else None
            known = TRAFFIC.products[visit.market] = [p["sku"] for p in listed or () if "sku" in p]
        return known or ["BOK-001"]

    def new_cart(self, visit: Visit) -> str | None:
        r = self.post(visit, "/api/carts")
        token = (json_of(r) or {}).get("token") if r.status_code == 201 else None
        if not token:
            return None
        r = self.post(visit, f"/api/carts/{token}/items", "/api/carts/{token}/items",
                      json={"sku": self.rng.choice(self.products(visit)), "quantity": 1})
        return token if r.status_code == 200 else None

    def place_order(self, visit: Visit, token: str) -> bool:
        p = visit.persona
        policy = TRAFFIC.market_policy(visit.market)
        address = {"name": p.name, "street": p.address.street, "street2": p.address.street2,
                   "postcode": p.address.postcode or "", "city": p.address.city}
        if p.address.region_code:
            address["region"] = p.address.region_code
        r = self.post(visit, f"/api/carts/{token}/address", "/api/carts/{token}/address",
                      json={"email": p.email, "phone": p.phone, "address": address})
        if r.status_code != 200:
            return False
        method = p.payment_method
        # the policy's first method; a market that names none takes whichever the shop offers first
        body = {"shipping_method": policy.shipping[0].id if policy.shipping else "", "payment_method": method}
        if method == "card":
            body["card_number"] = p.card_number
        r = self.post(visit, f"/api/carts/{token}/checkout", "/api/carts/{token}/checkout", json=body)
        return r.status_code == 201


def json_of(response) -> dict | None:
    """The JSON object a response carries, or None: a target that answers with something else
    (an HTML page, a proxy's error) is recorded by its requests' figures, not by a user's traceback."""
    try:
        body = response.json()
    except Exception:  # any parse error: the body is not the JSON the users expect
        return None
    return body if isinstance(body, dict) else None
