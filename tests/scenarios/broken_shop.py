"""A shop broken in a way the reference storefront has no fault profile for: a reverse proxy in
front of it (the way an edge rule or a WAF breaks a real shop) that answers some requests itself.

    with BrokenShop(storefront_url, locks_travellers) as shop:
        run_journeys(tmp, "--target", shop.url, ...)

A rule gets (method, path, client address) and returns None to pass the request on, or
(status, headers, body) to answer it. The client address is the one the geo-proxy stamps
(X-Forwarded-For), so a rule can tell a persona at home from one abroad. A rule with a
`response(method, path, status)` method may also replace the shop's answer: it returns an
answer instead, or None to keep the shop's. A rule with a `rewrite(method, path, body)` method
returns the body to send in place of the shop's (bytes; the same bytes to keep it). A rule with a
`forwarded_for(client)` method sets the client address the shop is told (None: none at all).
A rule with a `gate(headers)` method sees every request's headers first and may answer it.
A rule with a `for_client(client)` method hands each request to the rule it returns for that
client address. Several edge rules share one shop (and one run, each walked in its own market)
with `Rules`, and `For` keeps a rule to some personas' requests.
"""
from __future__ import annotations

import http.client
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Answer = tuple[int, "dict[str, str] | http.client.HTTPMessage", bytes]
Rule = Callable[[str, str, str], Answer | None]
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"}


def page(status: int, html: str, lang: str = "en") -> Answer:
    body = f'<!doctype html><html lang="{lang}"><head><title>{html}</title></head><body><h1>{html}</h1></body></html>'
    return status, {"Content-Type": "text/html; charset=utf-8"}, body.encode()


def cart_drops_items(method: str, path: str, client: str) -> Answer | None:
    """An edge rule that swallows add-to-cart: the shop answers as if added, the cart stays empty."""
    if method == "POST" and path.split("?")[0].endswith("/cart/add"):
        return 303, {"Location": "/cart", "Content-Length": "0"}, b""
    return None


class BareRefusals:
    """Whatever the shop refuses to sell (403 on a category or product page) becomes a bare
    English "403 Forbidden": no explanation in the visitor's language (SA-1, SA-7)."""

    def __call__(self, method: str, path: str, client: str) -> Answer | None:
        return None

    def response(self, method: str, path: str, status: int) -> Answer | None:
        if status == 403 and ("/p/" in path or "/c/" in path):
            return page(403, "403 Forbidden")
        return None


class LocksTravellers:
    """Account and order pages only for the addresses accounts were registered from: anyone
    else is "locked: unsupported region" (SA-5), the way a fraud rule locks travellers out."""

    ACCOUNT = ("/account", "/orders/", "/api/orders/", "/api/sessions")

    def __init__(self):
        self.home: set[str] = set()

    def __call__(self, method: str, path: str, client: str) -> Answer | None:
        path = path.split("?")[0]
        if path.endswith("/account/register"):
            self.home.add(client)
            return None
        if any(part in path for part in self.ACCOUNT) and client not in self.home:
            return page(403, "Your account is locked: unsupported region")
        return None


def passes(method: str, path: str, client: str) -> None:
    """The rule that breaks nothing."""
    return None


class Rules:
    """Several rules behind one edge: the first that answers a request (or replaces the shop's
    answer) does; each rewrites the body in turn; one at most tells the shop the client address.
    For rules on different pages or clients, which leave each other's walks alone."""

    def __init__(self, *rules):
        assert not any(hasattr(r, "gate") for r in rules), rules
        self.rules = rules

    @property
    def forwarded_for(self):
        found = [r.forwarded_for for r in self.rules if hasattr(r, "forwarded_for")]
        assert len(found) <= 1, self.rules
        return found[0] if found else None

    def for_client(self, client: str) -> "Rules":
        return Rules(*(r.for_client(client) if hasattr(r, "for_client") else r for r in self.rules))

    def __call__(self, method: str, path: str, client: str) -> Answer | None:
        return next((a for r in self.rules if (a := r(method, path, client)) is not None), None)

    def response(self, method: str, path: str, status: int) -> Answer | None:
        return next((a for r in self.rules if hasattr(r, "response") and (a := r.response(method, path, status))), None)

    def rewrite(self, method: str, path: str, body: bytes) -> bytes:
        for r in self.rules:
            body = r.rewrite(method, path, body) if hasattr(r, "rewrite") else body
        return body


class For:
    """`rule` for the requests from these client addresses (the personas' `ip`, which the geo-proxy
    stamps), none for the others'; with `others`, for everyone else's instead."""

    def __init__(self, clients, rule, others: bool = False):
        self.clients, self.rule, self.others = frozenset(clients), rule, others

    def for_client(self, client: str):
        return self.rule if (client in self.clients) != self.others else passes

    def __call__(self, method: str, path: str, client: str) -> Answer | None:
        return self.for_client(client)(method, path, client)


class BrokenShop:
    def __init__(self, upstream: str, rule: Rule):
        self.upstream = urlsplit(upstream)
        self.rule = rule
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, name="broken-shop", daemon=True)

    def __enter__(self) -> "BrokenShop":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        shop = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                client = (self.headers.get("X-Forwarded-For") or self.client_address[0]).split(",")[-1].strip()
                rule = shop.rule.for_client(client) if hasattr(shop.rule, "for_client") else shop.rule
                gate = getattr(rule, "gate", None)
                answer = (gate and gate(self.headers)) or rule(self.command, self.path, client)
                if answer is None:
                    answer = self._forward(body, client, rule)
                    replace = getattr(rule, "response", None)
                    answer = (replace and replace(self.command, self.path, answer[0])) or answer
                    rewrite = getattr(rule, "rewrite", None)
                    if rewrite:
                        answer = (*answer[:2], rewrite(self.command, self.path, answer[2]))
                status, headers, content = answer
                self.send_response(status)
                for name, value in headers.items():
                    if name.lower() != "content-length":
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def _forward(self, body: bytes, client: str, rule):
                connection = http.client.HTTPConnection(shop.upstream.hostname, shop.upstream.port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                relabel = getattr(rule, "forwarded_for", None)
                if relabel:
                    headers = {k: v for k, v in headers.items() if k.lower() != "x-forwarded-for"}
                    if (address := relabel(client)) is not None:
                        headers["X-Forwarded-For"] = address
                connection.request(self.command, self.path, body=body or None, headers=headers)
                response = connection.getresponse()
                content = response.read()
                connection.close()
                headers = http.client.HTTPMessage()
                for name, value in response.getheaders():
                    if name.lower() not in HOP_BY_HOP:
                        headers[name] = value  # a message keeps repeated headers (Set-Cookie)
                return response.status, headers, content

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _any

        return Handler
