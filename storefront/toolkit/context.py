"""Per-request context: detected market and language, session, CSRF, formatting."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field

from fastapi import Request
from sqlalchemy.orm import Session

from ..db import Customer, LoginSession
from ..detection import Detected
from ..i18n import Formatter, text_direction
from ..settings import Market
from ..shop import Shop

SESSION_COOKIE = "sf_sid"
LOGIN_COOKIE = "sf_login"
MARKET_COOKIE = "sf_market"
LANGUAGE_COOKIE = "sf_lang"
CONSENT_COOKIE = "sf_consent"
CART_COOKIE = "sf_cart"  # set once a cart exists, so pages without one skip the cart query
PREFIX = re.compile(r"^/([a-z]{2,3}(?:-[a-z]{4})?)-([a-z]{2})(?=/|$)", re.IGNORECASE)


class LocalePrefixMiddleware:
    """Strips `/de-ch/` style prefixes that name a served market, remembering them for detection."""

    def __init__(self, app, shop: Shop):
        self.app, self.shop = app, shop

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            m = PREFIX.match(scope["path"])
            if m and m.group(2).upper() in self.shop.config.markets:
                scope = dict(scope)
                scope.setdefault("state", {})["prefix"] = (m.group(1).lower(), m.group(2).upper())
                scope["path"] = scope["path"][m.end():] or "/"
                scope["raw_path"] = scope["path"].encode()
        await self.app(scope, receive, send)


@dataclass
class Ctx:
    request: Request
    shop: Shop
    detected: Detected
    market: Market  # the detected market, or the default one for an unserved visitor
    language: str
    fmt: Formatter
    sid: str
    new_sid: bool
    secret: bytes
    prefix: str = ""
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def served(self) -> bool:
        return self.detected.market is not None

    def _(self, msgid: str, **params) -> str:
        text = self.fmt._(msgid)
        return text.format(**params) if params else text

    def url(self, path: str) -> str:
        return f"{self.prefix}{path}"

    @property
    def csrf(self) -> str:
        return hmac.new(self.secret, self.sid.encode(), hashlib.sha256).hexdigest()[:32]

    def csrf_ok(self, token: str | None) -> bool:
        return bool(token) and not self.new_sid and hmac.compare_digest(token.encode(), self.csrf.encode())

    def consent_pending(self) -> bool:
        return self.market.consent_required and self.request.cookies.get(CONSENT_COOKIE) is None

    def customer(self, db: Session) -> Customer | None:
        token = self.request.cookies.get(LOGIN_COOKIE)
        if not token:
            return None
        login = db.get(LoginSession, token[:64])
        return db.get(Customer, login.customer_id) if login else None

    @property
    def direction(self) -> str:
        return text_direction(self.language)


def build_context(request: Request) -> Ctx:
    shop: Shop = request.app.state.shop
    prefix = request.scope.get("state", {}).get("prefix")
    market_param = request.query_params.get("market")
    if market_param and not prefix and market_param.upper() in shop.config.markets:
        prefix = (request.query_params.get("lang") or "", market_param.upper())
    detected = shop.detector.detect(
        peer=request.client.host if request.client else None,
        forwarded_for=request.headers.get("x-forwarded-for"),
        accept_language=request.headers.get("accept-language"),
        prefix=prefix,
        cookie_market=request.cookies.get(MARKET_COOKIE),
        cookie_language=request.cookies.get(LANGUAGE_COOKIE),
    )
    market = detected.market or shop.config.markets[shop.config.default_market]
    sid = request.cookies.get(SESSION_COOKIE) or ""
    new_sid = not re.fullmatch(r"[A-Za-z0-9_-]{32}", sid)
    if new_sid:
        sid = secrets.token_urlsafe(24)
    path_prefix = ""
    if request.scope.get("state", {}).get("prefix"):
        lang, country = request.scope["state"]["prefix"]
        path_prefix = f"/{lang}-{country.lower()}"
    return Ctx(
        request=request,
        shop=shop,
        detected=detected,
        market=market,
        language=detected.language,
        fmt=Formatter(detected.language, market.country if detected.market else None, market.currency),
        sid=sid,
        new_sid=new_sid,
        secret=request.app.state.secret,
        prefix=path_prefix,
    )
