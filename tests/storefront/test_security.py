"""The storefront's own defences: log-in attempts limited per address, session cookies HttpOnly
and SameSite, forms refused without their CSRF token, output escaped."""
from __future__ import annotations

import pytest

from .shopping import IP, email

pytestmark = pytest.mark.slow  # every test here talks to a real storefront server


def _account(visitor, mail: str) -> None:
    r = visitor.api("POST", "/api/customers", json={"email": mail, "password": "long enough", "name": "Ada Test",
                                                    "phone": "+4915112345678"})
    assert r.status_code in (200, 201), r.text


def test_log_in_is_limited_per_address(clean):
    v = clean.visitor(ip=IP["DE"])
    mail, other = email("locked"), email("free")
    _account(v, mail)
    _account(v, other)
    for _ in range(5):
        assert v.api("POST", "/api/sessions", json={"email": mail, "password": "wrong guess"}).status_code == 401
    locked = v.api("POST", "/api/sessions", json={"email": mail, "password": "long enough"})
    assert locked.status_code == 429 and locked.json()["error"] == "too_many_attempts"
    assert int(locked.headers["retry-after"]) > 0
    assert v.submit("/account/login", {"email": mail, "password": "long enough"}).status_code == 429
    assert v.api("POST", "/api/sessions", json={"email": other, "password": "long enough"}).status_code == 201
    v.close()


def test_a_right_password_clears_the_count(clean):
    v = clean.visitor(ip=IP["DE"])
    mail = email("typo")
    _account(v, mail)
    for _ in range(4):
        assert v.api("POST", "/api/sessions", json={"email": mail, "password": "wrong guess"}).status_code == 401
    assert v.api("POST", "/api/sessions", json={"email": mail, "password": "long enough"}).status_code == 201
    for _ in range(4):
        assert v.api("POST", "/api/sessions", json={"email": mail, "password": "wrong guess"}).status_code == 401
    assert v.api("POST", "/api/sessions", json={"email": mail, "password": "long enough"}).status_code == 201
    v.close()


def test_session_cookies_are_httponly_and_samesite(clean):
    v = clean.visitor(ip=IP["DE"])
    r = v.get("/")
    cookies = r.headers.get_list("set-cookie")
    assert cookies
    for cookie in cookies:
        assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower(), cookie
    v.close()


def test_forms_need_their_csrf_token(clean):
    v = clean.visitor(ip=IP["DE"])
    v.get("/")
    refused = v.post("/account/login", data={"email": "a@example.com", "password": "x"})
    assert refused.status_code in (400, 403), refused.status_code
    v.close()


def test_what_a_visitor_types_is_escaped(clean):
    v = clean.visitor(ip=IP["DE"])
    r = v.get("/search", params={"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in r.text and "&lt;script&gt;" in r.text
    v.close()
