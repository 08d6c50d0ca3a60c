"""The storefront on PostgreSQL (--database-url): the same shop, two workers, a real server."""
from __future__ import annotations

import pytest

from .postgres import Cluster, NoPostgres
from .shopping import IP, email, html_checkout
from .test_server import Running

pytestmark = pytest.mark.slow  # every test here talks to a real storefront server


@pytest.fixture(scope="module")
def on_postgres(tmp_path_factory):
    pytest.importorskip("psycopg")
    cluster = Cluster()
    try:
        url = cluster.start()
    except NoPostgres as exc:
        cluster.stop()
        pytest.skip(str(exc))
    shop = Running(tmp_path_factory.mktemp("pg-shop"), "--workers", "2", "--database-url", url)
    yield shop.server()
    code, err = shop.stop()
    cluster.stop()
    assert code == 0 and "Traceback" not in err, err


@pytest.mark.parametrize("market", ["DE", "JP", "CH"])
def test_api_order_and_its_mail(on_postgres, market):
    v = on_postgres.visitor(ip=IP[market])
    token, order = v.api_order(market, [("APP-001", 2)])
    assert order["ref"].startswith(market)
    again = v.api("GET", f"/api/orders/{order['ref']}", token=token).json()
    assert again["name"] == order["name"] and again["total"] == order["total"]
    mails = v.get("/_staging/mailbox", params={"to": order["email"]}).json()
    assert len(mails) == 1 and order["ref"] in mails[0]["subject"]


def test_pages_checkout_and_account(on_postgres):
    v = on_postgres.visitor(ip=IP["DE"], lang="de-DE")
    address = email("pg")
    r = v.submit("/account/register", {"email": address, "password": "correct horse 42", "name": "Zoë O'Brien-Łukasz",
                                       "phone": "+49 30 12345678"})
    assert r.status_code == 303, r.text[:500]
    assert v.submit("/cart/add", {"sku": "APP-001", "quantity": "1"}).status_code == 303
    r = html_checkout(v, {"email": address, "phone": "+49 30 12345678", "name": "Zoë O'Brien-Łukasz",
                          "street": "Unter den Linden 1", "postcode": "10115", "city": "Berlin"})
    ref = r.headers["location"].rsplit("/", 1)[1]
    assert ref in v.page("/account").text
    assert v.page(f"/orders/{ref}").testid("order-name").text == "Zoë O'Brien-Łukasz"
