"""Locust users that shop as personas of the run's markets.

`ShopUser` is the base for a locustfile: each task starts with `visit = self.visit()`, a persona
of a market drawn from the current regional mix, whose address (`X-Forwarded-For`) and language
go with every request, named by market (`[DE] GET /p/{sku}`) so statistics split per region.
`Shopper` is the harness's own mix of browsing, product pages, searches, carts, checkouts,
chatbot questions and tickets, each done by the adapter's traffic part (`harness/shop/traffic.py`);
it takes only the actions that part drives.
"""
from __future__ import annotations

import random
import time
from http.cookiejar import Cookie
from urllib.parse import urlsplit

from locust import FastHttpUser, between

from ..shop.traffic import ACTIONS, GATE_OF, OpenedTicket, Visit
from .metrics import METRICS
from .traffic import TRAFFIC

TICKET_PATIENCE = 120.0  # seconds a ticket is followed up before its wait so far is taken as its answer time
FOLLOW_UP_AFTER = 0.5  # seconds before a ticket is first asked after
QUERIES = ("tea", "book", "shirt", "lamp", "phone")

__all__ = ["ACTIONS", "GATE_OF", "ShopUser", "Shopper", "Visit", "VisitHttp"]


class VisitHttp:
    """The user's client for one visit (`harness.shop.traffic.Http`)."""

    def __init__(self, client, visit: Visit):
        self.client, self.visit = client, visit

    def get(self, path: str, label: str | None = None, headers: dict | None = None, **kwargs):
        return self.client.get(path, headers={**self.visit.headers, **(headers or {})},
                               name=f"[{self.visit.market}] GET {label or path}", **kwargs)

    def post(self, path: str, label: str | None = None, headers: dict | None = None, **kwargs):
        return self.client.post(path, headers={**self.visit.headers, **(headers or {})},
                                name=f"[{self.visit.market}] POST {label or path}", **kwargs)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.client.cookiejar if c.name == name), None)


class ShopUser(FastHttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)  # harness.load.sizing.PACE counts on it when it sizes a run
    # Locust's 60 s would let a target that went silent hold every user for a minute; a request
    # this late has long missed any latency target, and as a timeout it counts as unanswered.
    connection_timeout = 10.0
    network_timeout = 30.0

    def on_start(self) -> None:
        self.rng = random.Random(TRAFFIC.next_user_seed())
        self.tickets: list[tuple[Visit, OpenedTicket, float]] = []  # the visit, the ticket, opened at

    def visit(self) -> Visit:
        """A new visit: a persona of a market of the current mix, with no cookies from the last one."""
        market = TRAFFIC.pick_market(self.rng)
        persona = self.rng.choice(TRAFFIC.personas[market])
        self.client.cookiejar.clear()
        for name, value in TRAFFIC.cookies.get(market, {}).items():
            self.client.cookiejar.set_cookie(_cookie(name, value, urlsplit(self.host).hostname or ""))
        return Visit(market, persona, TRAFFIC.market_policy(market),
                     {**TRAFFIC.authorization, "X-Forwarded-For": persona.ip,
                      "Accept-Language": persona.accept_language}, self.rng)

    def http(self, visit: Visit) -> VisitHttp:
        return VisitHttp(self.client, visit)

    def get(self, visit: Visit, path: str, label: str | None = None, **kwargs):
        return self.http(visit).get(path, label, **kwargs)

    def post(self, visit: Visit, path: str, label: str | None = None, **kwargs):
        return self.http(visit).post(path, label, **kwargs)

    def on_stop(self) -> None:
        """Tickets still waiting when the run ends are asked after once more: the shop may have
        answered since this user last looked, and its answer time is the figure. One still
        unanswered then has breached its market's target if it has waited longer (its wait so far
        is a lower bound); a younger one says nothing."""
        self.follow_up_tickets(last=True)

    def open_ticket(self, visit: Visit, message: str) -> None:
        """A ticket through the adapter's traffic part; its first response is read later (follow_up_tickets)."""
        ticket = TRAFFIC.traffic.open_ticket(self.http(visit), visit, message)
        if ticket is not None:
            self.tickets.append((visit, ticket, time.monotonic()))

    def follow_up_tickets(self, last: bool = False) -> None:
        """Reads, through the adapter's traffic part, whether waiting tickets have had their first response."""
        now = time.monotonic()
        waiting = []
        for visit, ticket, opened in getattr(self, "tickets", ()):
            if now - opened < FOLLOW_UP_AFTER and not last:
                waiting.append((visit, ticket, opened))
                continue
            seconds = TRAFFIC.traffic.first_response(self.http(visit), ticket)
            if seconds is not None:
                METRICS.first_response(visit.market, seconds)
            elif last or now - opened > TICKET_PATIENCE:
                METRICS.unanswered(visit.market)
                if now - opened > visit.policy.service_levels.support_first_response_s:
                    METRICS.first_response(visit.market, now - opened)
            else:
                waiting.append((visit, ticket, opened))
        self.tickets = waiting


class ShopperActions(ShopUser):
    """The harness's users' actions, each done by the adapter's traffic part; `Shopper` takes them
    all, `for_actions` those a traffic part drives."""

    abstract = True

    def browse(self) -> None:
        visit = self.visit()
        TRAFFIC.traffic.browse(self.http(visit), visit)
        self.follow_up_tickets()

    def category(self) -> None:
        visit = self.visit()
        TRAFFIC.traffic.category(self.http(visit), visit)

    def product(self) -> None:
        visit = self.visit()
        TRAFFIC.traffic.product(self.http(visit), visit)

    def search(self) -> None:
        visit = self.visit()
        TRAFFIC.traffic.search(self.http(visit), visit, self.rng.choice(QUERIES))

    def add_to_cart(self) -> None:
        visit = self.visit()
        TRAFFIC.traffic.add_to_cart(self.http(visit), visit)

    def checkout(self) -> None:
        visit = self.visit()
        METRICS.checkout(visit.market, bool(TRAFFIC.traffic.checkout(self.http(visit), visit)))

    def ask_chatbot(self) -> None:
        visit = self.visit()
        TRAFFIC.traffic.ask_chatbot(self.http(visit), visit, TRAFFIC.question(visit.persona))

    def ticket(self) -> None:
        visit = self.visit()
        self.open_ticket(visit, TRAFFIC.question(visit.persona))

    TASK_OF = {"browse": browse, "category": category, "product": product, "search": search, "add_to_cart": add_to_cart,
               "checkout": checkout, "ask_chatbot": ask_chatbot, "open_ticket": ticket}

    @classmethod
    def for_actions(cls, actions: frozenset[str] | set[str]) -> type[ShopUser]:
        """A Shopper taking only `actions`, each with its share of the tasks (ACTIONS). Named
        Shopper whatever it takes: a Locust master and its workers match users by class name."""
        tasks = {ShopperActions.TASK_OF[a]: ACTIONS[a] for a in ACTIONS if a in actions}
        if not tasks:
            raise ValueError("the traffic drives no action")
        return type("Shopper", (ShopperActions,), {"tasks": tasks, "abstract": False, "__module__": cls.__module__})


class Shopper(ShopperActions):
    """Browses, opens products and categories, searches, fills carts, checks out, asks the chatbot
    and opens tickets: every action, as the reference adapter's traffic part drives them all."""

    abstract = False
    tasks = {task: ACTIONS[action] for action, task in ShopperActions.TASK_OF.items()}


def _cookie(name: str, value: str, host: str) -> Cookie:
    """A cookie for `host` as a browser would hold one the shop set (host-only, path /)."""
    return Cookie(0, name, value, None, False, host, False, False, "/", False, False, None, True, None, None, {})
