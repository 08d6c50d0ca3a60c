"""After-sales journeys over HTTP: an API order in any market, its delivery on staging, returns
and warranty claims. Addresses and phones come from the shop's own rules, so every market works."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import httpx
import phonenumbers

from storefront.loading import load_shop
from storefront.settings import Market
from storefront.workdays import shipping_days

from .dom import parse
from .shopping import TEST_CARD, Server, Visitor, email


@functools.cache
def markets() -> dict[str, Market]:
    """The clean shop's markets (its policy: what the faulty shops must still promise)."""
    return load_shop().config.markets


def prefix(market: str, language: str | None = None) -> str:
    m = markets()[market]
    return f"/{(language or m.languages[0]).lower()}-{market.lower()}"


def address_for(market: str) -> dict[str, str]:
    """A deliverable address of the market, from its address form and coverage."""
    rules = markets()[market]
    excluded = {r for a in rules.shipping.excluded for r in a.regions}
    region = next((r for r in rules.address.regions if r not in excluded), "")
    values = {"name": "Test Person", "street": "Main Street 1", "city": "City", "region": region,
              "postcode": rules.address.postcode.example if rules.address.postcode else ""}
    return {k: v for k, v in values.items() if k in rules.address.fields}


def phone_for(market: str) -> str:
    return phonenumbers.format_number(phonenumbers.example_number(market), phonenumbers.PhoneNumberFormat.E164)


@dataclass
class Bought:
    """An API order and what its owner needs to act on it."""

    visitor: Visitor
    token: str
    order: dict
    prefix: str

    @property
    def ref(self) -> str:
        return self.order["ref"]

    def api(self, method: str, path: str, **kw) -> httpx.Response:
        return self.visitor.api(method, f"{self.prefix}{path}", token=self.token, **kw)

    def delivered(self, days_ago: int) -> dt.date:
        r = self.visitor.post(f"/_staging/orders/{self.ref}/delivered", json={"days_ago": days_ago})
        assert r.status_code == 200, r.text
        return dt.date.fromisoformat(r.json()["delivered_on"])

    def ask_return(self, items: list[tuple[str, int]] | None = None, reason: str | None = None,
                   comment: str = "") -> httpx.Response:
        items = items if items is not None else [(line["sku"], line["quantity"]) for line in self.order["lines"]]
        body = {"items": [{"sku": s, "quantity": q} for s, q in items], "comment": comment}
        if reason is not None:
            body["reason"] = reason
        return self.api("POST", f"/api/orders/{self.ref}/returns", json=body)

    def claim(self, sku: str | None = None, problem: str = "The screen stays dark.") -> httpx.Response:
        return self.api("POST", f"/api/orders/{self.ref}/warranty",
                        json={"sku": sku or self.order["lines"][0]["sku"], "problem": problem})

    def page(self, path: str, status: int = 200):
        """A page as the owner sees it (the API token counts as the owner's credentials)."""
        r = self.visitor.get(f"{self.prefix}{path}", headers={"Authorization": f"Bearer {self.token}"})
        assert r.status_code == status, f"{path}: {r.status_code}\n{r.text[:800]}"
        return parse(r.text)


def buy(server: Server, market: str, items: list[tuple[str, int]] | None = None, *, language: str | None = None,
        payment: str = "card", mail: str | None = None, **address) -> Bought:
    v = server.visitor()
    pre = prefix(market, language)
    r = v.api("POST", f"{pre}/api/carts")
    assert r.status_code == 201, r.text
    token = r.json()["token"]
    if items is None:
        items = [(v.get(f"{pre}/api/products").json()["products"][0]["sku"], 1)]
    for sku, qty in items:
        r = v.api("POST", f"{pre}/api/carts/{token}/items", json={"sku": sku, "quantity": qty})
        assert r.status_code == 200, r.text
    body = {"email": mail or email(market.lower()), "phone": address.pop("phone", None) or phone_for(market),
            "address": {**address_for(market), **address}}
    r = v.api("POST", f"{pre}/api/carts/{token}/address", json=body)
    assert r.status_code == 200, r.text
    checkout = {"shipping_method": r.json()["shipping_options"][0]["id"], "payment_method": payment}
    if payment == "card":
        checkout["card_number"] = TEST_CARD
    r = v.api("POST", f"{pre}/api/carts/{token}/checkout", json=checkout)
    assert r.status_code == 201, r.text
    return Bought(v, token, r.json(), pre)


def business_days_between(market: str, start: dt.date, end: dt.date) -> int:
    """Business days after `start` up to and including `end`, on the market's calendar."""
    calendar = shipping_days(markets()[market])
    days, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        days += calendar.is_business_day(day)
    return days
