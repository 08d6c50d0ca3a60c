"""Forms and journeys over HTTP: cart, checkout in the pages and the API, accounts, mail, consent."""
from __future__ import annotations

import functools
from decimal import Decimal

import pytest
from babel.numbers import format_currency

from storefront.loading import load_shop

from .dom import parse
from .shopping import ADDRESS, IP, PHONE, TEST_CARD, UNSERVED_IP, email, html_checkout

pytestmark = pytest.mark.slow  # every test here talks to a real storefront server


def _cart_lines(v) -> dict[str, int]:
    page = v.page("/cart")
    lines = page.testid("cart-lines")
    if lines is None:
        return {}
    return {tr.get("data-sku"): int(tr.find("input", name="quantity").get("value")) for tr in lines.find_all("tr")}


def _de_shopper(clean):
    v = clean.visitor(ip=IP["DE"])
    r = v.submit("/cart/add", {"sku": "APP-001", "quantity": "1"})
    assert r.status_code == 303 and r.headers["location"] == "/cart"
    return v


def test_cart_add_and_update(clean):
    v = clean.visitor(ip=IP["DE"])
    assert v.submit("/cart/add", {"sku": "BOK-001", "quantity": "2"}).status_code == 303
    assert v.submit("/cart/add", {"sku": "BOK-001"}).status_code == 303  # quantity defaults to 1
    assert v.submit("/cart/add", {"sku": "HOM-002", "quantity": "1"}).status_code == 303
    assert _cart_lines(v) == {"BOK-001": 3, "HOM-002": 1}
    page = v.page("/cart")
    assert page.testid("cart-count").text == "4"
    totals = page.testid("totals")
    # 3 x 38.08 + 14.88; VAT included
    assert Decimal(totals.testid("subtotal").get("data-amount")) == Decimal("129.12")
    assert totals.testid("tax").get("data-included") == "true"

    assert v.submit("/cart/update", {"sku": "BOK-001", "quantity": "5"}).status_code == 303
    assert _cart_lines(v) == {"BOK-001": 5, "HOM-002": 1}
    assert v.submit("/cart/update", {"sku": "HOM-002", "quantity": "0"}).status_code == 303
    assert _cart_lines(v) == {"BOK-001": 5}


def test_full_checkout_in_the_pages(clean):
    v = _de_shopper(clean)
    assert v.submit("/cart/add", {"sku": "HOM-003", "quantity": "1"}).status_code == 303
    address_page = v.page("/checkout")
    form = address_page.testid("address-form")
    assert form.get("data-fields") == "name,company,street,street2,postcode,city,vat_id"
    mail = email("de")
    r = html_checkout(v, {**ADDRESS["DE"], "email": mail, "phone": PHONE["DE"]}, shipping="express", payment="sepa")
    assert r.status_code == 303 and r.headers["location"].startswith("/orders/DE-")
    ref = r.headers["location"].rsplit("/", 1)[1]
    order = v.follow(r)
    section = order.testid("order")
    assert section.get("data-ref") == ref and section.get("data-currency") == "EUR"
    assert order.testid("order-ref").text == ref
    assert order.testid("order-name").text == "Erika Mustermann"
    shown = order.testid("order-email")  # DE masks e-mail addresses on pages (test_aftersales checks the rule)
    assert shown.get("data-masked") == "true" and mail not in shown.text and shown.text.endswith("@example.com")
    totals = order.testid("totals")
    # APP-001 105.91 + HOM-003 22.49 = 128.40 >= 100: the advertised 10 EUR off; express 12.90
    assert totals.testid("subtotal").get("data-amount") == "128.40"
    assert totals.testid("discount").get("data-amount") == "10.00"
    assert totals.testid("shipping").get("data-amount") == "12.90"
    assert totals.testid("total").get("data-amount") == "131.30"
    assert "€" in totals.testid("total").text
    # the cart is empty after the order
    assert v.page("/cart").testid("cart-empty") is not None

    mails = v.get("/_staging/mailbox", params={"to": mail}).json()
    assert len(mails) == 1
    m = mails[0]
    assert m["language"] == "de" and ref in m["subject"] and ref in m["text"]
    assert format_currency(Decimal("131.30"), "EUR", locale="de_DE") in m["text"]
    assert 'lang="de"' in m["html"]


def test_order_page_keeps_the_order_currency_when_viewed_from_elsewhere(clean):
    """A traveller sees their order's totals in the currency it was paid in, whatever market they are in now."""
    v = _de_shopper(clean)
    r = html_checkout(v, {**ADDRESS["DE"], "email": email("trav"), "phone": PHONE["DE"]})
    ref = r.headers["location"].rsplit("/", 1)[1]
    for ip in (IP["JP"], UNSERVED_IP["RU"]):
        v.http.headers["X-Forwarded-For"] = ip
        order = v.page(f"/orders/{ref}")
        assert order.testid("order").get("data-currency") == "EUR"
        for cell in order.testid("totals").find_all("td", data_amount=True):
            assert "€" in cell.text and "¥" not in cell.text and "$" not in cell.text, cell.text


def test_orders_are_private(clean):
    v = _de_shopper(clean)
    r = html_checkout(v, {**ADDRESS["DE"], "email": email("priv"), "phone": PHONE["DE"]})
    ref = r.headers["location"].rsplit("/", 1)[1]
    stranger = clean.visitor(ip=IP["DE"])
    assert stranger.page(f"/orders/{ref}", 404).testid("error") is not None


def test_api_checkout_and_order_lookup(clean):
    v = clean.visitor(ip=IP["DE"])
    r = v.api("POST", "/api/carts")
    assert r.status_code == 201
    cart = r.json()
    token = cart["token"]
    assert cart["market"] == "DE" and cart["currency"] == "EUR" and cart["items"] == []
    r = v.api("POST", f"/api/carts/{token}/items", json={"sku": "BOK-002", "quantity": 2})
    assert r.status_code == 200
    assert r.json()["items"] == [{"sku": "BOK-002", "quantity": 2, "unit_price": "33.92"}]
    assert v.api("GET", f"/api/carts/{token}").json()["totals"]["subtotal"] == "67.84"
    r = v.api_address(token, "DE")
    assert r.status_code == 200
    body = r.json()
    assert body["deliverable"] is True
    assert {o["id"] for o in body["shipping_options"]} == {"standard", "express", "pickup"}
    assert body["payment_methods"] == ["card", "paypal", "sepa", "klarna"]
    r = v.api("POST", f"/api/carts/{token}/checkout", json={"shipping_method": "standard", "payment_method": "paypal"})
    assert r.status_code == 201
    order = r.json()
    ref = order["ref"]
    assert ref.startswith("DE-") and order["currency"] == "EUR" and order["total"] == "72.74"
    assert order["payment_method"] == "paypal" and order["tax_included"] is True

    r = v.api("GET", f"/api/orders/{ref}", token=token)
    assert r.status_code == 200 and r.json() == order
    assert v.api("GET", f"/api/orders/{ref}").status_code == 404
    assert v.api("GET", f"/api/orders/{ref}", token="api-not-the-right-token").status_code == 404
    assert clean.visitor().api("GET", f"/api/orders/{ref}", token=token).status_code == 200
    assert v.api("GET", "/api/orders/DE-00000000", token=token).status_code == 404


def test_japanese_order_mail_is_in_japanese_and_yen(clean):
    v = clean.visitor(ip=IP["JP"])
    mail = email("jp")
    _, order = v.api_order("JP", [("APP-002", 1)], shipping="standard", payment="konbini", email=mail)
    # 4380 yen + 550 yen shipping, VAT included
    assert order["currency"] == "JPY" and order["total"] == "4930" and order["language"] == "ja"
    assert order["name"] == "山田 太郎" and order["phone"] == "+81312345678"
    mails = v.get("/_staging/mailbox", params={"to": mail}).json()
    assert len(mails) == 1
    m = mails[0]
    assert m["language"] == "ja"
    yen = format_currency(Decimal("4930"), "JPY", locale="ja_JP")
    assert yen in m["text"] and yen in m["html"]
    assert "4930.00" not in m["text"] and "€" not in m["text"]
    assert "山田 太郎" in m["text"] and order["ref"] in m["subject"]
    assert 'lang="ja"' in m["html"]


def test_register_login_logout_and_addresses(clean):
    v = clean.visitor(ip=IP["DE"])
    mail = email("acct")
    v.page("/account/register")
    r = v.submit("/account/register", {"name": "Max Muster", "email": mail, "phone": PHONE["DE"], "password": "correct horse"})
    assert r.status_code == 303 and r.headers["location"] == "/account"
    account = v.page("/account")
    assert mail in account.testid("account-name").text

    # the same address again is refused
    again = clean.visitor(ip=IP["DE"])
    r = again.submit("/account/register", {"name": "Max", "email": mail, "password": "another password"})
    assert r.status_code == 422 and "register-error" in r.text
    r = again.submit("/account/register", {"name": "Max", "email": email(), "password": "short"})
    assert r.status_code == 422

    # addresses
    r = v.submit("/account/addresses", {"name": "Max Muster", "street": "Marienplatz 1", "postcode": "80331", "city": "München"})
    assert r.status_code == 303
    assert "Marienplatz 1" in v.page("/account").testid("addresses").text
    r = v.submit("/account/addresses", {"name": "Max", "street": "x", "postcode": "8033", "city": "München"})
    assert r.status_code == 422

    # an order placed while logged in shows in the account; checkout is prefilled
    assert v.submit("/cart/add", {"sku": "BOK-003"}).status_code == 303
    prefilled = v.page("/checkout").testid("address-form")
    assert prefilled.find("input", name="email").get("value") == mail
    assert prefilled.find("input", name="postcode").get("value") == "80331"
    r = html_checkout(v, {**ADDRESS["DE"], "email": mail, "phone": PHONE["DE"]})
    ref = r.headers["location"].rsplit("/", 1)[1]
    assert ref in v.page("/account").testid("orders").text

    # log out: the account page is gone
    r = v.submit("/account/logout")
    assert r.status_code == 303
    assert v.get("/account").status_code == 303

    # log in again from a fresh browser: wrong password, then the right one
    other = clean.visitor(ip=IP["DE"])
    r = other.submit("/account/login", {"email": mail, "password": "wrong password"})
    assert r.status_code == 401 and "login-error" in r.text
    r = other.submit("/account/login", {"email": mail.upper(), "password": "correct horse"})
    assert r.status_code == 303 and r.headers["location"] == "/account"
    assert ref in other.page("/account").testid("orders").text
    assert other.page(f"/orders/{ref}").testid("order-ref").text == ref


def test_api_customers_and_sessions(clean):
    v = clean.visitor(ip=IP["DE"])
    mail = email("api")
    r = v.api("POST", "/api/customers", json={"email": mail, "password": "long enough", "name": "Api User"})
    assert r.status_code == 201 and r.json()["market"] == "DE"
    assert v.api("POST", "/api/customers", json={"email": mail, "password": "long enough", "name": "x"}).status_code == 422
    assert v.api("POST", "/api/sessions", json={"email": mail, "password": "wrong"}).status_code == 401
    r = v.api("POST", "/api/sessions", json={"email": mail, "password": "long enough"})
    assert r.status_code == 201 and len(r.json()["token"]) > 20


def test_consent(clean):
    v = clean.visitor(ip=IP["DE"])  # DE asks for consent
    page = v.page("/p/APP-001")
    prompt = page.testid("consent-prompt")
    assert prompt is not None
    nxt = prompt.find("input", name="next").get("value")
    r = v.submit("/consent", {"choice": "necessary", "next": nxt})
    assert r.status_code == 303 and r.headers["location"] == "/p/APP-001"
    assert v.http.cookies.get("sf_consent") == "necessary"
    assert v.page("/p/APP-001").testid("consent-prompt") is None
    # no consent prompt where the market needs none
    assert clean.visitor(ip=IP["JP"]).page("/").testid("consent-prompt") is None
    # the redirect stays on this site
    r = v.submit("/consent", {"choice": "all", "next": "//evil.example/"})
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_consent_under_a_locale_prefix_returns_to_the_page(clean):
    v = clean.visitor()
    page = v.page("/fr-ch/p/APP-001")
    form = page.testid("consent-prompt").find("form")
    assert form.get("action") == "/fr-ch/consent"
    r = v.submit(form.get("action"), {"choice": "all", "next": form.find("input", name="next").get("value")})
    assert r.status_code == 303 and r.headers["location"] == "/fr-ch/p/APP-001"
    page = v.follow(r)
    assert page.find("html").get("lang") == "fr"
    assert page.testid("consent-prompt") is None


def test_notify_me_from_an_unserved_country(clean):
    v = clean.visitor(ip=UNSERVED_IP["RU"])
    page = v.page("/", 403)
    form = page.testid("notify-me")
    assert form.get("action") == "/notify"
    csrf = form.find("input", name="csrf").get("value")
    r = v.post("/notify", data={"csrf": csrf, "email": email("ru")})
    assert r.status_code == 200 and 'data-testid="notified"' in r.text
    r = v.post("/notify", data={"csrf": csrf, "email": "not an address"})
    assert r.status_code == 400


def test_market_switch(clean):
    v = clean.visitor(ip=IP["DE"])
    assert v.page("/").testid("market").get("data-market") == "DE"
    assert v.submit("/cart/add", {"sku": "APP-001"}).status_code == 303
    r = v.submit("/markets", {"market": "jp", "language": "en"})
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert v.http.cookies.get("sf_market") == "JP" and v.http.cookies.get("sf_lang") == "en"
    page = v.page("/")
    header = page.testid("market")
    assert (header.get("data-market"), header.get("data-currency"), header.get("data-language")) == ("JP", "JPY", "en")
    assert page.find("html").get("lang") == "en"
    # switching market empties the cart: prices, tax and availability all change
    assert v.page("/cart").testid("cart-empty") is not None
    # a language the market does not offer falls back to its default
    assert v.submit("/markets", {"market": "CH", "language": "ja"}).status_code == 303
    assert v.get("/api/context").json()["language"] == "de"
    assert v.submit("/markets", {"market": "XX"}).status_code == 400


def test_checkout_under_a_locale_prefix_stays_in_that_market_and_language(clean):
    v = clean.visitor(ip=IP["DE"])  # a German IP shopping the Swiss shop in French
    page = v.page("/fr-ch/p/BOK-003")
    form = page.testid("add-to-cart").parent
    while form.tag != "form":
        form = form.parent
    assert form.get("action") == "/fr-ch/cart/add"
    r = v.submit("/fr-ch/cart/add", {"sku": "BOK-003", "quantity": "2"})
    assert r.status_code == 303 and r.headers["location"] == "/fr-ch/cart"
    cart = v.follow(r)
    assert cart.testid("checkout").get("href") == "/fr-ch/checkout"
    mail = email("ch")
    r = html_checkout(v, {**ADDRESS["CH"], "email": mail, "phone": PHONE["CH"]}, prefix="/fr-ch")
    assert r.status_code == 303 and r.headers["location"].startswith("/fr-ch/orders/CH-")
    order = v.follow(r)
    assert order.testid("order").get("data-currency") == "CHF" and order.find("html").get("lang") == "fr"
    m = v.get("/_staging/mailbox", params={"to": mail}).json()[0]
    assert m["language"] == "fr"
    total = Decimal(order.testid("totals").testid("total").get("data-amount"))
    assert format_currency(total, "CHF", locale="fr_CH") in m["text"]


def test_customer_input_is_escaped_in_pages(clean):
    v = clean.visitor(ip=IP["DE"])
    evil = '<script>alert("x")</script>'
    assert evil not in v.get("/search", params={"q": evil}).text
    assert v.submit("/cart/add", {"sku": "BOK-003"}).status_code == 303
    r = v.submit("/checkout", {**ADDRESS["DE"], "street": evil, "email": email(), "phone": PHONE["DE"]})
    assert r.status_code == 303
    r = html_checkout(v, {**ADDRESS["DE"], "name": evil, "street": evil, "email": email(), "phone": PHONE["DE"]})
    order = v.follow(r)
    assert order.testid("order-name").text == evil
    assert evil not in v.get(r.headers["location"]).text
    assert v.submit("/cart/add", {"sku": "BOK-003"}).status_code == 303
    r = v.submit("/checkout", {"email": evil, "postcode": evil, "name": evil})
    assert r.status_code == 422 and evil not in r.text
    assert parse(r.text).testid("address-form").find("input", name="name").get("value") == evil


def test_checkout_prefills_only_an_address_of_the_markets_country(clean):
    v = clean.visitor(ip=IP["DE"])
    mail = email("prefill")
    assert v.submit("/account/register", {"name": "Mia Muster", "email": mail, "password": "long enough"}).status_code == 303
    assert v.submit("/account/addresses", {"name": "Mia Muster", "street": "Marienplatz 1", "postcode": "80331",
                                           "city": "München"}).status_code == 303
    assert v.submit("/markets", {"market": "JP", "language": "en"}).status_code == 303
    assert v.submit("/cart/add", {"sku": "BOK-003"}).status_code == 303
    form = v.page("/checkout").testid("address-form")
    assert form.find("input", name="email").get("value") == mail
    assert form.find("input", name="name").get("value") == "Mia Muster"
    assert form.find("input", name="postcode").get("value") == ""  # not the Munich postcode in a Japanese form
    assert form.find("input", name="city").get("value") == ""


def test_a_guest_checkout_under_an_accounts_address_is_refused_on_the_email_field(clean):
    mail = email("taken")
    holder = clean.visitor(ip=IP["DE"])
    assert holder.submit("/account/register", {"name": "Erika Mustermann", "email": mail,
                                                "password": "long enough"}).status_code == 303
    guest = clean.visitor(ip=IP["DE"], lang="de")
    assert guest.submit("/cart/add", {"sku": "BOK-003"}).status_code == 303
    for typed in (mail, f" {mail.upper()} "):  # case and spaces make no other address
        r = guest.submit("/checkout", {**ADDRESS["DE"], "email": typed, "phone": PHONE["DE"]})
        assert r.status_code == 422, r.text[:800]
        form = parse(r.text)
        errors = {n.get("data-error"): n.text for n in form.find_all(data_error=True)}
        assert errors == {"email": "Es gibt bereits ein Konto mit dieser E-Mail-Adresse."}, errors
        assert form.testid("address-form").find("input", name="email").get("value").strip().lower() == mail
    # with other field errors too, every one is named
    r = guest.submit("/checkout", {**ADDRESS["DE"], "postcode": "1", "email": mail, "phone": PHONE["DE"]})
    errors = {n.get("data-error") for n in parse(r.text).find_all(data_error=True)}
    assert r.status_code == 422 and errors == {"email", "postcode"}, errors
    # another address is a guest's own
    assert guest.submit("/checkout", {**ADDRESS["DE"], "email": email(), "phone": PHONE["DE"]}).status_code == 303
    # the account's holder, logged in, checks out under it (or any other address)
    assert holder.submit("/cart/add", {"sku": "BOK-003"}).status_code == 303
    r = html_checkout(holder, {**ADDRESS["DE"], "email": mail.upper(), "phone": PHONE["DE"]})
    assert r.status_code == 303 and r.headers["location"].startswith("/orders/"), r.text[:800]


def test_confirmation_mail_reaches_an_internationalised_address(clean):
    v = clean.visitor(ip=IP["DE"])
    mail = f"jürgen-{email('eai')}"
    _, order = v.api_order("DE", [("BOK-003", 1)], email=mail)
    mails = v.get("/_staging/mailbox", params={"to": mail}).json()
    assert [m["subject"] for m in mails] == [mails[0]["subject"]] and order["ref"] in mails[0]["subject"]


@pytest.mark.parametrize("address", ["a,b@example.com", "a@example.com,b", "x<b@example.com", "a;b@example.com",
                                     "a@example.com\nBcc: b@example.com", '"a"@example.com'])
def test_an_address_that_would_name_other_recipients_is_refused(clean, address):
    v = clean.visitor(ip=IP["DE"])
    token = v.new_cart(("BOK-003", 1))
    r = v.api_address(token, "DE", email=address)
    assert r.status_code == 422 and "email" in r.json()["fields"]
    assert v.submit("/cart/add", {"sku": "BOK-003"}).status_code == 303
    r = v.submit("/checkout", {**ADDRESS["DE"], "email": address, "phone": PHONE["DE"]})
    assert r.status_code == 422 and parse(r.text).find(data_error="email") is not None


@functools.cache
def _shop():
    return load_shop()


def _market_ids():
    return sorted(_shop().config.markets)


@pytest.mark.parametrize("country", _market_ids())
def test_every_market_checks_out_in_its_own_language(clean, country):
    """An API order in every market, in its default language: address rules, totals and the mail all render."""
    import phonenumbers

    from storefront.i18n import Formatter

    v = clean.visitor()
    market = v.get(f"/api/markets/{country}").json()
    lang = market["languages"][0]
    prefix = f"/{lang.lower()}-{country.lower()}"
    assert v.get(f"{prefix}/api/context").json()["market"] == country
    page = v.page(f"{prefix}/")
    assert page.find("html").get("lang") == lang
    sku = v.get(f"{prefix}/api/products").json()["products"][0]["sku"]
    v.page(f"{prefix}/p/{sku}")
    v.page(f"{prefix}/markets")

    # the example postcode and a deliverable region, from the shop's own rules
    rules = _shop().config.markets[country]
    excluded_regions = {r for a in rules.shipping.excluded for r in a.regions}
    region = next((r for r in rules.address.regions if r not in excluded_regions), "")
    address = {"name": "Test Person", "street": "Main Street 1", "city": "City", "region": region,
               "postcode": rules.address.postcode.example if rules.address.postcode else ""}
    address = {k: val for k, val in address.items() if k in rules.address.fields}
    phone = phonenumbers.format_number(phonenumbers.example_number(country), phonenumbers.PhoneNumberFormat.E164)
    mail = email(country.lower())

    r = v.api("POST", f"{prefix}/api/carts")
    token = r.json()["token"]
    assert v.api("POST", f"{prefix}/api/carts/{token}/items", json={"sku": sku, "quantity": 2}).status_code == 200
    r = v.api("POST", f"{prefix}/api/carts/{token}/address", json={"email": mail, "phone": phone, "address": address})
    assert r.status_code == 200, r.text
    offered = r.json()
    r = v.api("POST", f"{prefix}/api/carts/{token}/checkout",
              json={"shipping_method": offered["shipping_options"][0]["id"], "payment_method": offered["payment_methods"][0],
                    "card_number": TEST_CARD})
    assert r.status_code == 201, r.text
    order = r.json()
    assert order["market"] == country and order["currency"] == market["currency"] and order["language"] == lang
    mails = v.get("/_staging/mailbox", params={"to": mail}).json()
    assert len(mails) == 1 and mails[0]["language"] == lang and order["ref"] in mails[0]["subject"]
    total = Formatter(lang, country, order["currency"]).money(Decimal(order["total"]))
    assert total in mails[0]["text"]
