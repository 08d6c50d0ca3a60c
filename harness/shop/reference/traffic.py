"""The reference storefront's customer actions over HTTP: its pages and its JSON API
(`/api/products`, `/api/carts`, `/api/chat`, `/api/tickets`)."""
from __future__ import annotations

from ..traffic import ACTIONS, Http, OpenedTicket, Visit, json_of

FALLBACK_SKU = "BOK-001"


class ReferenceTraffic:
    actions = frozenset(ACTIONS)

    def __init__(self):
        self.skus: dict[str, list[str]] = {}  # market -> the skus it sells, read once per process

    def browse(self, http: Http, visit: Visit) -> None:
        http.get("/", "/")

    def category(self, http: Http, visit: Visit) -> None:
        http.get(f"/c/{visit.rng.choice(visit.policy.categories.allowed)}", "/c/{category}")

    def product(self, http: Http, visit: Visit) -> None:
        http.get(f"/p/{self._sku(http, visit)}", "/p/{sku}")

    def search(self, http: Http, visit: Visit, query: str) -> None:
        http.get(f"/search?q={query}", "/search")

    def add_to_cart(self, http: Http, visit: Visit) -> None:
        self._new_cart(http, visit)

    def checkout(self, http: Http, visit: Visit) -> bool:
        token = self._new_cart(http, visit)
        return bool(token) and self._place_order(http, visit, token)

    def ask_chatbot(self, http: Http, visit: Visit, question: str) -> None:
        http.post("/api/chat", json={"conversation": None, "message": question})

    def open_ticket(self, http: Http, visit: Visit, message: str) -> OpenedTicket | None:
        p = visit.persona
        with http.post("/api/tickets", json={"name": p.name, "email": p.email, "topic": "delivery",
                                             "message": message}, catch_response=True) as r:
            body = json_of(r) if r.status_code == 201 else None
            if body and "ref" in body and "token" in body:
                return OpenedTicket(visit.market, body["ref"], body["token"])
            if not getattr(r, "error", None):  # an HTTP error or no answer is recorded as it is
                r.failure(f"ticket not opened: {r.status_code}")
        return None

    def first_response(self, http: Http, ticket: OpenedTicket) -> float | None:
        # X-Api-Token rather than a bearer: behind HTTP basic auth, Authorization carries the gate's credentials.
        r = http.get(f"/api/tickets/{ticket.ref}", "/api/tickets/{ref}", headers={"X-Api-Token": ticket.credential})
        seconds = (json_of(r) or {}).get("first_response_seconds") if r.status_code == 200 else None
        return float(seconds) if seconds is not None else None

    # --- steps
    def _sku(self, http: Http, visit: Visit) -> str:
        known = self.skus.get(visit.market)
        if known is None:
            r = http.get("/api/products")
            listed = (json_of(r) or {}).get("products") if r.status_code == 200 else None
            known = self.skus[visit.market] = [p["sku"] for p in listed or () if "sku" in p]
        return visit.rng.choice(known) if known else FALLBACK_SKU

    def _new_cart(self, http: Http, visit: Visit) -> str | None:
        r = http.post("/api/carts")
        token = (json_of(r) or {}).get("token") if r.status_code == 201 else None
        if not token:
            return None
        r = http.post(f"/api/carts/{token}/items", "/api/carts/{token}/items",
                      json={"sku": self._sku(http, visit), "quantity": 1})
        return token if r.status_code == 200 else None

    def _place_order(self, http: Http, visit: Visit, token: str) -> bool:
        p, policy = visit.persona, visit.policy
        address = {"name": p.name, "street": p.address.street, "street2": p.address.street2,
                   "postcode": p.address.postcode or "", "city": p.address.city}
        if p.address.region_code:
            address["region"] = p.address.region_code
        r = http.post(f"/api/carts/{token}/address", "/api/carts/{token}/address",
                      json={"email": p.email, "phone": p.phone, "address": address})
        if r.status_code != 200:
            return False
        # the policy's first method; a market that names none takes whichever the shop offers first
        body = {"shipping_method": policy.shipping[0].id if policy.shipping else "", "payment_method": p.payment_method}
        if p.payment_method == "card":
            body["card_number"] = p.card_number
        r = http.post(f"/api/carts/{token}/checkout", "/api/carts/{token}/checkout", json=body)
        return r.status_code == 201
