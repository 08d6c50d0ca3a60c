"""The front door's per-region request budgets (settings `front_door.rate_limits`).

Traffic is counted by the client address's country, the way an edge rule sees it: a region
whose requests exceed its budget gets 503 with Retry-After while every other region is served.
"""
from __future__ import annotations

import json
import time

from ..shop import Shop


class TokenBucket:
    def __init__(self, rate: float, burst: int):
        self.rate, self.capacity = rate, float(burst)
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class FrontDoor:
    def __init__(self, app, shop: Shop):
        self.app, self.shop = app, shop
        self.buckets = {code: TokenBucket(limit.requests_per_second, limit.burst)
                        for code, limit in shop.config.front_door.rate_limits.items()}

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and self.buckets:
            country = self._country(scope)
            bucket = self.buckets.get(country)
            if bucket is not None and not bucket.take():
                await self._refuse(scope, send)
                return
        await self.app(scope, receive, send)

    def _country(self, scope) -> str | None:
        forwarded = None
        for name, value in scope.get("headers", ()):
            if name == b"x-forwarded-for":
                forwarded = value.decode("latin-1")
                break
        peer = scope["client"][0] if scope.get("client") else None
        return self.shop.geoip.country(self.shop.detector.clients.resolve(peer, forwarded))

    @staticmethod
    async def _refuse(scope, send) -> None:
        api = scope["path"].startswith("/api/")
        body = (json.dumps({"error": "overloaded", "message": "too many requests from your region; try again shortly"}).encode()
                if api else b"<!doctype html><title>Busy</title><p>We are very busy right now. Please try again in a moment.</p>")
        await send({"type": "http.response.start", "status": 503,
                    "headers": [(b"content-type", b"application/json" if api else b"text/html; charset=utf-8"),
                                (b"retry-after", b"1"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
