"""Every page and API route of the clean storefront, over HTTP."""
from __future__ import annotations

from decimal import Decimal

import pytest

from storefront.settings import CONFIG_DIR, load_yaml

from .shopping import IP

pytestmark = pytest.mark.slow  # every test here talks to a real storefront server

MARKETS = load_yaml(CONFIG_DIR / "markets.yaml")["markets"]


@pytest.fixture
def de(clean):
    v = clean.visitor(ip=IP["DE"])
    yield v
    v.close()


@pytest.mark.parametrize(
    "path, status, testid",
    [
        ("/", 200, "product"),
        ("/c/books", 200, "product"),
        ("/p/APP-001", 200, "product-page"),
        ("/search?q=merino", 200, "product"),
        ("/search?q=", 200, "no-results"),
        ("/search?q=no-such-thing-anywhere", 200, "no-results"),
        ("/cart", 200, "cart-empty"),
        ("/markets", 200, "markets"),
        ("/account/login", 200, "login"),
        ("/account/register", 200, "register"),
        ("/c/no-such-category", 404, "error"),
        ("/p/NO-SUCH-SKU", 404, "error"),
        ("/no/such/page", 404, "error"),
    ],
)
def test_page_answers(de, path, status, testid):
    page = de.page(path, status)
    assert page.testid(testid) is not None
    assert page.find("html").get("lang") == "de"
    header = page.testid("market")
    assert header.get("data-market") == "DE" and header.get("data-currency") == "EUR"


def test_home_lists_products_priced_in_the_market_currency(de):
    cards = de.page("/").find_all(data_testid="product")
    assert cards
    for card in cards:
        price = card.testid("price")
        assert price.get("data-currency") == "EUR"
        assert Decimal(price.get("data-amount")) > 0
        assert "€" in price.text


def test_category_lists_only_its_products(de):
    cards = de.page("/c/books").find_all(data_testid="product")
    assert {c.get("data-sku") for c in cards} == {"BOK-001", "BOK-002", "BOK-003"}
    assert {c.get("data-category") for c in cards} == {"books"}


def test_product_page_has_add_to_cart_and_delivery(de):
    page = de.page("/p/APP-001")
    article = page.testid("product-page")
    assert article.get("data-sku") == "APP-001"
    assert page.testid("add-to-cart") is not None
    assert page.testid("delivery").find_all("li", data_method=True)
    assert "Heligoland" in page.testid("delivery-exclusions").text


def test_search_matches_names_in_any_language(clean):
    v = clean.visitor(ip=IP["JP"])
    skus = {c.get("data-sku") for c in v.page("/search?q=メリノ").find_all(data_testid="product")}
    assert skus == {"APP-001"}
    skus = {c.get("data-sku") for c in v.page("/search?q=app-00").find_all(data_testid="product")}
    assert skus == {"APP-001", "APP-002", "APP-003"}


def test_restricted_category_and_product_are_refused_in_the_market(clean):
    jp = clean.visitor(ip=IP["JP"])
    assert jp.page("/c/knives", 403).testid("refusal") is not None
    page = jp.page("/p/KNI-001", 403)
    assert page.testid("restricted") is not None and page.testid("add-to-cart") is None
    assert "knives" not in {a.get("href", "").rsplit("/", 1)[-1] for a in jp.page("/").find("nav").find_all("a")}
    assert not [c for c in jp.page("/").find_all(data_testid="product") if c.get("data-category") == "knives"]


def test_checkout_redirects_to_cart_when_the_cart_is_empty(de):
    r = de.get("/checkout")
    assert r.status_code == 303 and r.headers["location"] == "/cart"
    for step in ("/checkout/shipping", "/checkout/payment", "/checkout/review"):
        assert de.get(step).status_code == 303


def test_account_redirects_to_login_when_logged_out(de):
    r = de.get("/account")
    assert r.status_code == 303 and r.headers["location"] == "/account/login"


def test_markets_page_lists_every_market(de):
    items = de.page("/markets").testid("markets").find_all("li", data_market=True)
    assert {li.get("data-market") for li in items} == set(MARKETS)
    assert len(items) == 49
    ch = next(li for li in items if li.get("data-market") == "CH")
    assert {a.get("href") for a in ch.find_all("a")} == {"/de-ch/", "/fr-ch/", "/it-ch/"}


def test_health(clean):
    r = clean.visitor().get("/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "markets": 49, "faults": []}


def test_api_context(de):
    body = de.get("/api/context").json()
    assert body == {"market": "DE", "language": "de", "currency": "EUR", "client_ip": IP["DE"],
                    "ip_country": "DE", "source": "ip", "unserved_country": None}


def test_api_markets(de):
    body = de.get("/api/markets").json()
    assert len(body) == 49
    assert {m["country"] for m in body} == set(MARKETS)
    for m in body:
        assert {"country", "name", "languages", "currency", "tax", "payment_methods", "shipping_methods", "promotions"} <= set(m)


def test_api_market_de(de):
    r = de.get("/api/markets/DE")
    assert r.status_code == 200
    m = r.json()
    assert m["country"] == "DE" and m["currency"] == "EUR" and m["languages"] == ["de", "en"]
    assert m["tax"] == {"kind": "vat_included", "rate": "19", "regions": {}}
    assert m["promotions"] == [{"id": "spend-100-save-10", "threshold": "100", "discount": "10"}]
    assert {s["id"] for s in m["shipping_methods"]} == {"standard", "express", "pickup"}
    assert de.get("/api/markets/de").json()["country"] == "DE"
    r = de.get("/api/markets/XX")
    assert r.status_code == 404 and r.json()["error"] == "unknown_market"


def test_api_products(de):
    body = de.get("/api/products").json()
    assert body["market"] == "DE" and body["currency"] == "EUR"
    assert len(body["products"]) >= 30
    assert all(p["currency"] == "EUR" and p["available"] for p in body["products"])
    books = de.get("/api/products", params={"category": "books"}).json()["products"]
    assert {p["sku"] for p in books} == {"BOK-001", "BOK-002", "BOK-003"}
    found = de.get("/api/products", params={"q": "merino"}).json()["products"]
    assert [p["sku"] for p in found] == ["APP-001"]


def test_api_products_leave_out_restricted_categories(clean):
    sa = clean.visitor(ip=IP["SA"])
    cats = {p["category"] for p in sa.get("/api/products").json()["products"]}
    assert "alcohol" not in cats and "drones" not in cats and "books" in cats


def test_api_product(de):
    r = de.get("/api/products/HOM-002")
    assert r.status_code == 200
    p = r.json()
    # 12.50 EUR net + 19 % VAT = 14.875, rounded half-up to the cent.
    assert p == {"sku": "HOM-002", "category": "home", "name": p["name"], "price": "14.88", "currency": "EUR",
                 "formatted_price": p["formatted_price"], "available": True}
    assert "14,88" in p["formatted_price"] and "€" in p["formatted_price"]
    r = de.get("/api/products/NOPE-1")
    assert r.status_code == 404 and r.json()["error"] == "unknown_product"


def test_api_product_in_yen(clean):
    p = clean.visitor(ip=IP["JP"]).get("/api/products/APP-002").json()
    # 24.90 EUR * 160 * 1.10 = 4382.4 -> rounded to 10 yen
    assert p["price"] == "4380" and p["currency"] == "JPY"


def test_staging_mailbox(clean):
    v = clean.visitor()
    r = v.get("/_staging/mailbox")
    assert r.status_code == 200 and isinstance(r.json(), list)
    assert v.get("/_staging/mailbox", params={"to": "nobody-at-all@example.com"}).json() == []


def test_unknown_api_route_is_a_json_404(de):
    r = de.get("/api/nothing-here")
    assert r.status_code == 404 and r.json()["error"] == "not_found"
