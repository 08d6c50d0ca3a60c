"""Malformed input gets a 4xx answer and never a 500 (every response is checked by the Visitor)."""
from __future__ import annotations

import pytest

from .dom import parse
from .shopping import ADDRESS, IP, PHONE, email

pytestmark = pytest.mark.slow  # every test here talks to a real storefront server

FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.fixture
def de(clean):
    v = clean.visitor(ip=IP["DE"])
    yield v
    v.close()


@pytest.fixture
def at_checkout(de):
    assert de.submit("/cart/add", {"sku": "BOK-003"}).status_code == 303
    return de


def _address(**overrides):
    return {**ADDRESS["DE"], "email": email(), "phone": PHONE["DE"], **overrides}


@pytest.mark.parametrize("postcode", ["ABCDE", "1011", "101155", "", "10 115x", "１０１１", "<script>", "10115; DROP"])
def test_bad_postcode_in_the_pages(at_checkout, postcode):
    r = at_checkout.submit("/checkout", _address(postcode=postcode))
    assert r.status_code == 422
    page = parse(r.text)
    assert page.find(data_error="postcode") is not None
    assert page.testid("address-form") is not None


@pytest.mark.parametrize("typed", [" 10115 ", "１０１１５"])
def test_postcode_as_typed_is_normalised(at_checkout, typed):
    """Full-width digits (a Japanese or Chinese keyboard) are the same postcode, not an undeliverable one."""
    r = at_checkout.submit("/checkout", _address(postcode=typed))
    assert r.status_code == 303, parse(r.text).testid("refusal")


@pytest.mark.parametrize("postcode", ["ABCDE", "1", "", "9" * 300])
def test_bad_postcode_in_the_api(de, postcode):
    token = de.new_cart(("BOK-003", 1))
    r = de.api_address(token, "DE", address={"postcode": postcode})
    assert r.status_code == 422 and r.json()["error"] == "invalid_address" and "postcode" in r.json()["fields"]


@pytest.mark.parametrize("field, value", [("email", "no-at-sign"), ("phone", "12"), ("phone", "+49 30"), ("name", ""),
                                          ("street", " "), ("email", "a@b")])
def test_bad_contact_and_address_fields(at_checkout, field, value):
    r = at_checkout.submit("/checkout", _address(**{field: value}))
    assert r.status_code == 422
    assert parse(r.text).find(data_error=field) is not None


def test_unknown_country_code_in_the_address(at_checkout, de):
    r = at_checkout.submit("/checkout", _address(country="XX"))
    assert r.status_code == 422
    assert parse(r.text).find(data_error="country") is not None, "the refusal must say why"
    token = de.new_cart(("BOK-003", 1))
    for country in ("XX", "FR", "", "D€"):
        r = de.api_address(token, "DE", address={"country": country})
        if country == "":
            assert r.status_code == 200  # empty means the shop's own country
        else:
            assert r.status_code == 422 and "country" in r.json()["fields"], country


def test_address_outside_coverage(at_checkout):
    r = at_checkout.submit("/checkout", _address(postcode="27498", city="Helgoland"))
    assert r.status_code == 422
    assert "Heligoland" in parse(r.text).testid("refusal").text


def test_oversized_body_and_fields(de):
    de.csrf()
    r = de.post("/cart/add", content=b"sku=" + b"x" * 100_000, headers=FORM)
    assert r.status_code == 413
    r = de.submit("/cart/add", {"sku": "x" * 5000})
    assert r.status_code == 413
    r = de.submit("/checkout", _address(name="n" * 5000))
    assert r.status_code == 413
    r = de.post("/account/login", content="&".join(f"f{i}=1" for i in range(200)).encode(), headers=FORM)
    assert r.status_code == 400
    # just under the form limits, but longer than an address field may be
    assert de.submit("/cart/add", {"sku": "BOK-003"}).status_code == 303
    r = de.submit("/checkout", _address(street="s" * 1500))
    assert r.status_code == 422 and parse(r.text).find(data_error="street") is not None
    token = de.new_cart(("BOK-003", 1))
    r = de.api_address(token, "DE", address={"street": "s" * 5000})
    assert r.status_code == 422 and "street" in r.json()["fields"]
    r = de.api("POST", f"/api/carts/{token}/address", json={"email": "x" * 5000, "phone": "1", "address": {}})
    assert r.status_code == 422
    r = de.api("POST", f"/api/carts/{token}/items", content=b'{"sku": "' + b"A" * 200_000 + b'"}',
               headers={"content-type": "application/json"})
    assert r.status_code == 422


@pytest.mark.parametrize("body", [b"email=%ff%fe", b"email=\xff\xfe", b"email=caf%e9", b"name=%C3%28", b"q=\x00%80"])
def test_non_utf8_form_bytes(de, body):
    csrf = de.csrf().encode()
    for path in ("/account/login", "/cart/add", "/notify", "/checkout"):
        r = de.post(path, content=body + b"&csrf=" + csrf, headers=FORM)
        assert r.status_code == 400, (path, r.status_code)


def test_wrong_content_type(de):
    r = de.post("/cart/add", json={"csrf": de.csrf(), "sku": "BOK-003"})
    assert r.status_code == 415
    r = de.post("/cart/add", files={"sku": ("a", b"BOK-003")}, data={"csrf": de.csrf()})
    assert r.status_code == 415


@pytest.mark.parametrize("path", ["/cart/add", "/cart/update", "/checkout", "/checkout/shipping", "/checkout/payment",
                                  "/checkout/place", "/account/login", "/account/register", "/account/logout",
                                  "/account/addresses", "/markets", "/consent", "/notify"])
def test_csrf_is_required_on_every_form(clean, path):
    v = clean.visitor(ip=IP["DE"])
    assert v.post(path, data={"sku": "BOK-003"}).status_code == 403  # no session at all
    v.csrf()
    for token in ("", "0" * 32, "wrong", "é" * 32, "\u0000", v.csrf() + "x", v.csrf().upper()):
        r = v.post(path, data={"csrf": token, "sku": "BOK-003", "market": "DE"})
        assert r.status_code == 403, (path, token, r.status_code)
    assert v.post(path, data={"sku": "BOK-003"}).status_code == 403  # field missing


def test_csrf_token_belongs_to_its_session(clean):
    a, b = clean.visitor(ip=IP["DE"]), clean.visitor(ip=IP["DE"])
    assert a.csrf() != b.csrf()
    assert b.post("/cart/add", data={"csrf": a.csrf(), "sku": "BOK-003"}).status_code == 403
    # a forged session cookie is replaced, not trusted
    c = clean.visitor(ip=IP["DE"])
    c.http.cookies.set("sf_sid", "../../etc/passwd")
    assert c.post("/cart/add", data={"csrf": a.csrf(), "sku": "BOK-003"}).status_code == 403


@pytest.mark.parametrize("quantity", ["abc", "0", "-1", "100", "1.5", "1e3", "9" * 500, " ", "0x10"])
def test_bad_quantity(de, quantity):
    r = de.submit("/cart/add", {"sku": "BOK-003", "quantity": quantity})
    assert r.status_code == 422
    assert parse(r.text).testid("refusal") is not None


@pytest.mark.parametrize("quantity", ["abc", "-1", "100", "1.5", ""])
def test_bad_quantity_on_update(de, quantity):
    assert de.submit("/cart/add", {"sku": "BOK-003"}).status_code == 303
    r = de.submit("/cart/update", {"sku": "BOK-003", "quantity": quantity})
    if quantity == "":
        assert r.status_code == 303  # an emptied field removes the line
    else:
        assert r.status_code == 422


@pytest.mark.parametrize("quantity", [0, -1, 100, "x", 1.5, None, 10**30])
def test_bad_quantity_in_the_api(de, quantity):
    token = de.new_cart()
    r = de.api("POST", f"/api/carts/{token}/items", json={"sku": "BOK-003", "quantity": quantity})
    assert r.status_code == 422


def test_unknown_sku(de):
    r = de.submit("/cart/add", {"sku": "NOPE-404"})
    assert r.status_code == 404 and parse(r.text).testid("refusal") is not None
    r = de.submit("/cart/add", {})
    assert r.status_code == 404
    token = de.new_cart()
    r = de.api("POST", f"/api/carts/{token}/items", json={"sku": "NOPE-404"})
    assert r.status_code == 404 and r.json()["error"] == "unknown_product"
    assert de.get("/p/NOPE-404").status_code == 404
    assert de.get("/p/" + "%ff" * 10).status_code == 404
    assert de.get("/api/products/NOPE-404").status_code == 404


@pytest.mark.parametrize("body", [b"{not json", b"", b"[]", b"null", b'{"sku": 5}', b'{"sku": ["BOK-003"]}',
                                  b"\xff\xfe\x00", b'{"sku": "BOK-003", "quantity": "many"}', b'"BOK-003"'])
def test_invalid_json_to_the_api(de, body):
    token = de.new_cart()
    json_ct = {"content-type": "application/json"}
    for path in (f"/api/carts/{token}/items", f"/api/carts/{token}/address", f"/api/carts/{token}/checkout",
                 "/api/customers", "/api/sessions"):
        r = de.api("POST", path, content=body, headers=json_ct)
        # Not even text is a 400, malformed JSON a 422; both in the API's own error shape.
        assert r.status_code == (400 if body == b"\xff\xfe\x00" else 422), (path, r.status_code, r.text)
        assert r.json()["error"] == "invalid_request"


def test_json_with_lone_surrogates_is_refused(de):
    token = de.new_cart()
    body = b'{"email": "a@example.com", "phone": "+49 30 12345678", "address": {"name": "\\ud800"}}'
    r = de.api("POST", f"/api/carts/{token}/address", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422
    r = de.api("POST", "/api/customers", content=b'{"email": "a@example.com", "password": "\\udfff\\udfff12345678", '
               b'"name": "x"}', headers={"content-type": "application/json"})
    assert r.status_code == 422


@pytest.mark.parametrize("method, suffix, body", [("GET", "", None), ("POST", "/items", {"sku": "BOK-003"}),
                                                   ("POST", "/address", {"email": "a@example.com", "phone": "1", "address": {}}),
                                                   ("POST", "/checkout", {"shipping_method": "standard", "payment_method": "card"})])
@pytest.mark.parametrize("token", ["api-unknown", "x" * 500, "%00", "..%2f..%2fetc"])
def test_unknown_cart_token(de, method, suffix, body, token):
    r = de.api(method, f"/api/carts/{token}{suffix}", json=body)
    assert r.status_code == 404, r.text


def test_api_checkout_out_of_order_and_bad_choices(de):
    token = de.new_cart(("BOK-003", 1))
    r = de.api("POST", f"/api/carts/{token}/checkout", json={"shipping_method": "standard", "payment_method": "card"})
    assert r.status_code == 409 and r.json()["error"] == "no_address"
    assert de.api_address(token, "DE").status_code == 200
    r = de.api("POST", f"/api/carts/{token}/checkout", json={"shipping_method": "teleport", "payment_method": "card"})
    assert r.status_code == 422 and r.json()["error"] == "bad_shipping"
    r = de.api("POST", f"/api/carts/{token}/checkout", json={"shipping_method": "standard", "payment_method": "ideal"})
    assert r.status_code == 422 and r.json()["error"] == "bad_payment"
    empty = de.new_cart()
    assert de.api_address(empty, "DE").status_code == 200
    r = de.api("POST", f"/api/carts/{empty}/checkout", json={"shipping_method": "standard", "payment_method": "card"})
    assert r.status_code == 409 and r.json()["error"] == "empty_cart"


def test_checkout_pages_out_of_order_and_bad_choices(at_checkout):
    v = at_checkout
    assert v.get("/checkout/shipping").headers["location"] == "/checkout"
    r = v.submit("/checkout/shipping", {"method": "standard"})
    assert r.status_code == 409 and parse(r.text).find(role="alert") is not None  # as the API says
    assert v.submit("/checkout", _address()).status_code == 303
    r = v.submit("/checkout/shipping", {"method": "teleport"})
    assert r.status_code == 422
    assert v.get("/checkout/review").status_code == 303
    assert v.submit("/checkout/shipping", {"method": "standard"}).status_code == 303
    r = v.submit("/checkout/payment", {"method": "ideal"})
    assert r.status_code == 422
    r = v.submit("/checkout/place")
    assert r.status_code == 409 and parse(r.text).testid("refusal") is not None


def test_garbage_headers_and_cookies_are_ignored(clean):
    v = clean.visitor(**{"X-Forwarded-For": "1.2.3.4.5, ::::, " + "9" * 300, "Accept-Language": "%%%;q=abc, ,,, x" * 50})
    v.http.cookies.set("sf_market", "<script>")
    v.http.cookies.set("sf_lang", "zz-Zzzz-ZZ")
    v.http.cookies.set("sf_login", "x" * 5000)
    v.http.cookies.set("sf_sid", "%%%")
    assert v.page("/").testid("market").get("data-market") == "US"
    assert v.get("/account").status_code == 303
    assert v.get("/api/context?market=%ff&lang=%00").status_code == 200
    assert v.get("/search", params={"q": "x" * 5000}).status_code == 200
    assert v.get("/_staging/mailbox", params={"to": "\u00e9" * 5000}).json() == []


def test_bad_market_switch_and_notify(de):
    assert de.submit("/markets", {"market": "XX"}).status_code == 400
    assert de.submit("/markets", {}).status_code == 400
    assert de.submit("/notify", {"email": "x" * 300 + "@example.com"}).status_code == 400
    assert de.submit("/notify", {"email": ""}).status_code == 400


def test_bad_login_and_registration(de):
    assert de.submit("/account/login", {}).status_code == 401
    assert de.submit("/account/login", {"email": "x" * 1900, "password": "y"}).status_code == 401
    assert de.submit("/account/register", {}).status_code == 422
    assert de.submit("/account/register", {"email": email(), "password": "p" * 300, "name": "x"}).status_code == 422
    assert de.submit("/account/register", {"email": email(), "password": "long enough", "name": " "}).status_code == 422
    assert de.submit("/account/addresses", {"postcode": "x"}).status_code == 303  # logged out: to the login page


def test_wrong_methods(de):
    assert de.post("/").status_code == 405
    assert de.get("/cart/add").status_code == 405
    r = de.api("DELETE", "/api/carts")
    assert r.status_code == 405 and r.json()["error"] == "method_not_allowed" and "POST" in r.headers["allow"]
