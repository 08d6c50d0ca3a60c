"""Talking to a running storefront over HTTP: visitors with cookies, CSRF, forms and the API."""
from __future__ import annotations

import functools
import re
import ssl
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from .dom import Node, parse

# Client addresses from the storefront's geo-IP table (config/geoip.csv).
IP = {
    "DE": "80.128.0.1", "JP": "126.0.0.1", "CH": "85.0.0.1", "CA": "70.48.0.1", "NL": "86.80.0.1",
    "SA": "2.88.0.1", "US": "73.0.0.1", "FR": "90.0.0.1", "GB": "86.128.0.1", "MX": "187.128.0.1",
}
UNSERVED_IP = {
    "RU": "95.24.0.1", "BY": "178.120.0.1", "IR": "2.176.0.1", "VE": "186.88.0.1",
    "CU": "152.206.0.1", "IS": "157.157.0.1", "UA": "46.211.0.1", "PK": "39.32.0.1",
}
UNKNOWN_IP = "192.0.2.10"  # TEST-NET-1: in no geo-IP block

# A valid delivery address and phone number per market, as the API takes them.
ADDRESS = {
    "DE": {"name": "Erika Mustermann", "street": "Unter den Linden 1", "postcode": "10115", "city": "Berlin"},
    "JP": {"postcode": "100-0001", "region": "13", "city": "千代田区", "street": "千代田1-1", "name": "山田 太郎"},
    "NL": {"name": "Jan Jansen", "street": "Damrak 1", "postcode": "1012 JS", "city": "Amsterdam"},
    "CH": {"name": "Heidi Muster", "street": "Bahnhofstrasse 1", "postcode": "8001", "city": "Zürich"},
}
PHONE = {"DE": "+49 30 12345678", "JP": "+81312345678", "NL": "+31 20 123 4567", "CH": "+41 44 668 18 00"}
CSRF = re.compile(r'name="csrf" value="([^"]*)"')
TEST_CARD = "4242 4242 4242 4242"  # the payment step takes test cards only


@functools.cache
def tls() -> ssl.SSLContext:
    """The TLS context every client here shares. httpx builds one per client by default, loading
    the CA bundle each time: some 20-50 ms of CPU per visitor, for a shop reached over plain HTTP."""
    return httpx.create_ssl_context()


def email(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}@example.com"


@dataclass
class Server:
    url: str
    faults: tuple[str, ...]
    stderr_tail: Callable[[], str]

    def visitor(self, ip: str | None = None, lang: str | None = None, **headers) -> "Visitor":
        return Visitor(self, ip=ip, lang=lang, headers=headers)

    def __str__(self) -> str:
        return f"storefront{list(self.faults)} at {self.url}"


class Visitor:
    """One browser: its own cookie jar, client address (X-Forwarded-For) and Accept-Language."""

    def __init__(self, server: Server, ip: str | None = None, lang: str | None = None, headers: dict | None = None):
        self.server = server
        h = dict(headers or {})
        if ip:
            h["X-Forwarded-For"] = ip
        if lang:
            h["Accept-Language"] = lang
        self.http = httpx.Client(base_url=server.url, headers=h, timeout=15, follow_redirects=False, verify=tls(),
                                 event_hooks={"response": [self._no_server_error]})
        self._csrf: str | None = None

    def _no_server_error(self, response: httpx.Response) -> None:
        if response.status_code >= 500:
            response.read()
            raise AssertionError(f"{response.request.method} {response.request.url} -> {response.status_code}\n"
                                 f"{response.text[:500]}\n--- server stderr ---\n{self.server.stderr_tail()}")

    # --- plain HTTP
    def get(self, path: str, **kw) -> httpx.Response:
        return self.http.get(path, **kw)

    def post(self, path: str, **kw) -> httpx.Response:
        return self.http.post(path, **kw)

    def page(self, path: str, status: int = 200) -> Node:
        r = self.get(path)
        assert r.status_code == status, f"GET {path}: {r.status_code} (wanted {status})\n{r.text[:800]}"
        assert r.headers["content-type"].startswith("text/html")
        return parse(r.text)

    # --- forms
    def csrf(self) -> str:
        """The session's CSRF token, read from a page's hidden field (getting a session cookie first)."""
        if self._csrf is None:
            r = self.get("/account/login")
            m = CSRF.search(r.text)
            assert m, r.text[:500]
            self._csrf = m.group(1)
        return self._csrf

    def submit(self, path: str, data: dict | None = None, **kw) -> httpx.Response:
        return self.post(path, data={"csrf": self.csrf(), **(data or {})}, **kw)

    def follow(self, r: httpx.Response, status: int = 200) -> Node:
        assert r.status_code == 303, f"{r.request.url}: {r.status_code}\n{r.text[:800]}"
        return self.page(r.headers["location"], status)

    # --- JSON API
    def api(self, method: str, path: str, token: str | None = None, **kw) -> httpx.Response:
        headers = kw.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.request(method, path, headers=headers, **kw)

    def new_cart(self, *items: tuple[str, int]) -> str:
        r = self.api("POST", "/api/carts")
        assert r.status_code == 201, r.text
        token = r.json()["token"]
        for sku, qty in items:
            r = self.api("POST", f"/api/carts/{token}/items", json={"sku": sku, "quantity": qty})
            assert r.status_code == 200, r.text
        return token

    def api_address(self, token: str, market: str, **overrides) -> httpx.Response:
        address = {**ADDRESS[market], **overrides.pop("address", {})}
        body = {"email": overrides.pop("email", None) or email(market.lower()),
                "phone": overrides.pop("phone", PHONE[market]), "address": address}
        return self.api("POST", f"/api/carts/{token}/address", json=body)

    def api_order(self, market: str, items: list[tuple[str, int]], shipping: str = "standard", payment: str = "card",
                  **address_overrides) -> tuple[str, dict]:
        token = self.new_cart(*items)
        r = self.api_address(token, market, **address_overrides)
        assert r.status_code == 200, r.text
        body = {"shipping_method": shipping, "payment_method": payment}
        if payment == "card":
            body["card_number"] = TEST_CARD
        r = self.api("POST", f"/api/carts/{token}/checkout", json=body)
        assert r.status_code == 201, r.text
        return token, r.json()

    def close(self) -> None:
        self.http.close()


def html_checkout(v: Visitor, fields: dict[str, str], shipping: str = "standard", payment: str | None = None,
                  prefix: str = "") -> httpx.Response:
    """Walks address -> shipping -> payment -> review -> place in the pages; returns the place response."""
    r = v.submit(f"{prefix}/checkout", fields)
    assert r.status_code == 303 and r.headers["location"] == f"{prefix}/checkout/shipping", r.text[:800]
    shipping_page = v.page(r.headers["location"])
    assert shipping_page.testid("shipping-form").find("input", value=shipping) is not None
    r = v.submit(f"{prefix}/checkout/shipping", {"method": shipping})
    assert r.status_code == 303 and r.headers["location"] == f"{prefix}/checkout/payment", r.text[:800]
    payment_page = v.page(r.headers["location"])
    if payment is None:
        payment = payment_page.testid("payment-form").find("input", type="radio").get("value")
    r = v.submit(f"{prefix}/checkout/payment", {"method": payment, **({"card_number": TEST_CARD} if payment == "card" else {})})
    assert r.status_code == 303 and r.headers["location"] == f"{prefix}/checkout/review", r.text[:800]
    review = v.page(r.headers["location"])
    assert review.testid("review-payment").get("data-payment") == payment
    return v.submit(f"{prefix}/checkout/place")
