"""Market and language detection: geo-IP, Accept-Language, URL prefix, cookie, unserved countries."""
from __future__ import annotations

import pytest
from babel import Locale

from storefront.detection import MarketDetector, best_language, parse_accept_language
from storefront.geo import ClientAddress, GeoIPTable
from storefront.i18n import available_languages, translations
from storefront.loading import load_shop

from .dom import parse
from .shopping import ADDRESS, IP, PHONE, UNKNOWN_IP, UNSERVED_IP, email, html_checkout


def _ctx(v, path="/api/context"):
    return v.get(path).json()


# ---------------------------------------------------------------- over HTTP


@pytest.mark.slow
@pytest.mark.parametrize("country, currency, language", [("DE", "EUR", "de"), ("JP", "JPY", "ja"), ("CH", "CHF", "de"),
                                                         ("US", "USD", "en"), ("NL", "EUR", "nl")])
def test_trusted_forwarded_for_picks_the_market_by_geoip(clean, country, currency, language):
    v = clean.visitor(ip=IP[country])
    ctx = _ctx(v)
    assert (ctx["market"], ctx["currency"], ctx["language"], ctx["source"]) == (country, currency, language, "ip")
    assert ctx["client_ip"] == IP[country] and ctx["ip_country"] == country
    page = v.page("/")
    assert page.find("html").get("lang") == language
    assert page.testid("market").get("data-currency") == currency


@pytest.mark.slow
def test_ip_beats_accept_language(clean):
    ctx = _ctx(clean.visitor(ip=IP["JP"], lang="de-DE"))
    assert ctx["market"] == "JP" and ctx["language"] == "ja"  # German is not a JP language
    ctx = _ctx(clean.visitor(ip=IP["CH"], lang="fr-CH,fr;q=0.9"))
    assert ctx["market"] == "CH" and ctx["language"] == "fr"


@pytest.mark.slow
def test_forwarded_for_chain_takes_the_nearest_untrusted_hop(clean):
    # A client can put anything leftmost; the hop our trusted proxy appended wins.
    ctx = _ctx(clean.visitor(**{"X-Forwarded-For": f"{IP['JP']}, {IP['DE']}"}))
    assert ctx["client_ip"] == IP["DE"] and ctx["market"] == "DE"
    ctx = _ctx(clean.visitor(**{"X-Forwarded-For": f"{IP['JP']}, 127.0.0.1"}))
    assert ctx["client_ip"] == IP["JP"] and ctx["market"] == "JP"
    ctx = _ctx(clean.visitor(**{"X-Forwarded-For": "not-an-ip"}))
    assert ctx["client_ip"] == "127.0.0.1" and ctx["source"] == "default" and ctx["market"] == "US"


@pytest.mark.slow
@pytest.mark.parametrize("header, market, currency, language", [
    ("de-DE", "DE", "EUR", "de"),
    ("ja-JP", "JP", "JPY", "ja"),
    ("ja", "JP", "JPY", "ja"),
    ("fr-CH,fr;q=0.8", "CH", "CHF", "fr"),
    ("en-GB,en;q=0.8", "GB", "GBP", "en"),
    ("en", "US", "USD", "en"),
    ("fr;q=0.2, xx-YY;q=0.9", "FR", "EUR", "fr"),
    ("zh-TW", "TW", "TWD", "zh-Hant"),
    ("zh-Hant", "HK", "HKD", "zh-Hant"),  # Traditional script: not the Simplified CN shop
    ("zh", "CN", "CNY", "zh-Hans"),
])
def test_accept_language_when_the_ip_is_unknown(clean, header, market, currency, language):
    v = clean.visitor(ip=UNKNOWN_IP, lang=header)
    ctx = _ctx(v)
    assert (ctx["market"], ctx["currency"], ctx["language"]) == (market, currency, language)
    assert ctx["ip_country"] is None and ctx["source"] == "accept-language"
    page = v.page("/")
    assert page.find("html").get("lang") == language
    assert page.testid("market").get("data-market") == market


@pytest.mark.slow
def test_right_to_left_languages(clean):
    html = clean.visitor(ip=IP["SA"]).page("/").find("html")
    assert (html.get("lang"), html.get("dir")) == ("ar", "rtl")
    html = clean.visitor(ip=IP["DE"]).page("/").find("html")
    assert (html.get("lang"), html.get("dir")) == ("de", "ltr")


@pytest.mark.slow
def test_every_link_of_the_market_switcher_works(clean):
    v = clean.visitor(ip=IP["DE"])
    links = [(li.get("data-market"), a.get("href"), a.get("hreflang"))
             for li in v.page("/markets").testid("markets").find_all("li") for a in li.find_all("a")]
    assert len(links) > 49
    for market, href, language in links:
        ctx = v.get(href + "api/context").json()
        assert (ctx["market"], ctx["language"], ctx["source"]) == (market, language, "prefix"), href
    market, href, language = links[0]
    page = v.page(href)
    assert page.testid("market").get("data-market") == market and page.find("html").get("lang") == language


@pytest.mark.slow
def test_no_signal_gives_the_default_market(clean):
    ctx = _ctx(clean.visitor(ip=UNKNOWN_IP))
    assert (ctx["market"], ctx["language"], ctx["source"]) == ("US", "en", "default")


@pytest.mark.slow
def test_url_prefix_overrides_ip_and_language(clean):
    v = clean.visitor(ip=IP["DE"], lang="de-DE")
    ctx = _ctx(v, "/fr-ch/api/context")
    assert (ctx["market"], ctx["currency"], ctx["language"], ctx["source"]) == ("CH", "CHF", "fr", "prefix")
    page = v.page("/fr-ch/")
    assert page.find("html").get("lang") == "fr"
    assert page.testid("market").get("data-currency") == "CHF"
    # links stay under the prefix
    assert page.testid("cart-link").get("href") == "/fr-ch/cart"
    assert all(c.find("a").get("href").startswith("/fr-ch/p/") for c in page.find_all(data_testid="product"))
    assert v.page("/fr-ch/p/APP-001").testid("price").get("data-currency") == "CHF"
    # a prefix naming no market is just a path
    v.page("/fr-xx/", 404)


@pytest.mark.slow
def test_market_cookie_overrides_ip_but_not_the_prefix(clean):
    v = clean.visitor(ip=IP["DE"])
    assert v.submit("/markets", {"market": "FR", "language": "fr"}).status_code == 303
    ctx = _ctx(v)
    assert (ctx["market"], ctx["language"], ctx["source"]) == ("FR", "fr", "cookie")
    assert v.page("/").find("html").get("lang") == "fr"
    assert _ctx(v, "/it-ch/api/context")["market"] == "CH"


@pytest.mark.slow
def test_market_query_parameter(clean):
    ctx = _ctx(clean.visitor(ip=IP["DE"]), "/api/context?market=jp&lang=en")
    assert (ctx["market"], ctx["language"]) == ("JP", "en")


# ---------------------------------------------------------------- unserved countries


def _expected_ui_language(header: str) -> str:
    return best_language(parse_accept_language(header), available_languages()) or "en"


@pytest.mark.slow
@pytest.mark.parametrize("country", sorted(UNSERVED_IP))
def test_unserved_country_gets_the_friendly_page(clean, country):
    v = clean.visitor(ip=UNSERVED_IP[country])
    r = v.get("/")
    assert r.status_code == 403
    ctx = _ctx(v)
    assert ctx["market"] is None and ctx["unserved_country"] == country
    page = parse(r.text)
    section = page.testid("unserved")
    assert section is not None and section.get("data-country") == country
    assert page.testid("notify-me").find("input", name="csrf").get("value")
    assert len(page.testid("alternative-markets").find_all("a")) == 49


@pytest.mark.slow
@pytest.mark.parametrize("header", ["de-DE,de;q=0.9", "ja-JP", "fr", "en-US"])
def test_unserved_page_speaks_the_visitors_language(clean, header):
    v = clean.visitor(ip=UNSERVED_IP["RU"], lang=header)
    page = v.page("/", 403)
    lang = _expected_ui_language(header)
    assert page.find("html").get("lang") == lang
    heading = translations(lang).gettext("We do not deliver to {country} yet.").format(
        country=Locale.parse(lang.replace("-", "_")).territories["RU"])
    assert page.testid("unserved").find("h1").text == heading


@pytest.mark.slow
def test_unserved_page_renders_in_every_ui_language(clean):
    for lang in available_languages():
        v = clean.visitor(ip=UNSERVED_IP["PK"], lang=lang)
        page = v.page("/", 403)
        assert page.find("html").get("lang") == lang
        assert len(page.testid("alternative-markets").find_all("a")) == 49
        api = v.get("/api/products").json()
        assert api["error"] == "unserved_country" and api["message"]


@pytest.mark.slow
def test_unserved_country_is_refused_on_catalogue_pages_and_api(clean):
    v = clean.visitor(ip=UNSERVED_IP["IR"])
    for path in ("/", "/c/books", "/p/APP-001", "/search?q=tea", "/cart"):
        assert v.page(path, 403).testid("unserved") is not None, path
    for path in ("/api/products", "/api/products/APP-001"):
        r = v.get(path)
        assert r.status_code == 403 and r.json()["error"] == "unserved_country" and r.json()["country"] == "IR"
    r = v.api("POST", "/api/carts")
    assert r.status_code == 403
    assert v.submit("/cart/add", {"sku": "APP-001"}).status_code == 403


@pytest.mark.slow
def test_a_cart_survives_a_look_from_an_unserved_country(clean):
    v = clean.visitor(ip=IP["DE"])
    assert v.submit("/cart/add", {"sku": "BOK-001", "quantity": "2"}).status_code == 303
    v.http.headers["X-Forwarded-For"] = UNSERVED_IP["BY"]
    assert v.page("/cart", 403).testid("unserved") is not None
    v.http.headers["X-Forwarded-For"] = IP["DE"]
    assert v.page("/cart").testid("cart-count").text == "2"


@pytest.mark.slow
def test_account_and_order_pages_stay_reachable_from_an_unserved_country(clean):
    # A customer orders in DE, then travels to an unserved country.
    v = clean.visitor(ip=IP["DE"])
    mail = email("traveller")
    assert v.submit("/account/register", {"name": "Tina Reisende", "email": mail, "password": "travel far"}).status_code == 303
    assert v.submit("/cart/add", {"sku": "BOK-001"}).status_code == 303
    ref = html_checkout(v, {**ADDRESS["DE"], "email": mail, "phone": PHONE["DE"]}).headers["location"].rsplit("/", 1)[1]

    v.http.headers["X-Forwarded-For"] = UNSERVED_IP["BY"]
    assert v.page("/", 403).testid("unserved") is not None
    assert v.page("/account").testid("orders").find("a").text == ref
    assert v.page(f"/orders/{ref}").testid("order-ref").text == ref
    assert v.page("/markets").testid("markets") is not None
    assert v.submit("/account/logout").status_code == 303
    assert v.page("/account/login").testid("login") is not None
    assert v.page("/account/register").testid("register") is not None
    r = v.submit("/account/login", {"email": mail, "password": "travel far"})
    assert r.status_code == 303 and r.headers["location"] == "/account"
    # ... and can pick a served market to shop in
    assert v.submit("/markets", {"market": "DE"}).status_code == 303
    assert v.page("/").testid("market").get("data-market") == "DE"


# ---------------------------------------------------------------- units: untrusted proxies, parsing


@pytest.fixture(scope="module")
def shop():
    return load_shop()


def test_client_address_ignores_forwarded_for_from_an_untrusted_peer():
    clients = ClientAddress(["127.0.0.0/8", "::1/128", "10.0.0.0/8"])
    assert clients.resolve("203.0.113.7", IP["DE"]) == "203.0.113.7"
    assert clients.resolve("127.0.0.1", IP["DE"]) == IP["DE"]
    assert clients.resolve("10.1.2.3", f"{IP['JP']}, 10.9.9.9") == IP["JP"]
    assert clients.resolve("::1", IP["DE"]) == IP["DE"]
    assert clients.resolve("127.0.0.1", "1.2.3.4, garbage") == "127.0.0.1"
    assert clients.resolve("127.0.0.1", "garbage, 1.2.3.4") == "1.2.3.4"  # only the hops we must read count
    assert clients.resolve("127.0.0.1", "10.0.0.1, 10.0.0.2") == "10.0.0.1"
    assert clients.resolve("127.0.0.1", None) == "127.0.0.1"
    assert clients.resolve(None, IP["DE"]) is None
    assert not clients.is_trusted("not an ip")


def test_detector_ignores_untrusted_forwarded_for(shop):
    d = shop.detector.detect(peer="203.0.113.7", forwarded_for=IP["DE"], accept_language="ja-JP")
    assert d.client_ip == "203.0.113.7" and d.ip_country is None
    assert d.market.country == "JP" and d.source == "accept-language"
    d = shop.detector.detect(peer=IP["JP"], forwarded_for=IP["DE"], accept_language=None)
    assert d.client_ip == IP["JP"] and d.market.country == "JP" and d.source == "ip"
    # an untrusted peer cannot make itself look like it comes from an unserved country either
    d = shop.detector.detect(peer=IP["DE"], forwarded_for=UNSERVED_IP["RU"], accept_language=None)
    assert d.market.country == "DE" and d.unserved_country is None


def test_detector_precedence(shop):
    det: MarketDetector = shop.detector
    d = det.detect(peer="127.0.0.1", forwarded_for=IP["DE"], accept_language="ja-JP", prefix=("fr", "CH"), cookie_market="JP")
    assert (d.market.country, d.language, d.source) == ("CH", "fr", "prefix")
    d = det.detect(peer="127.0.0.1", forwarded_for=IP["DE"], accept_language="ja-JP", cookie_market="jp", cookie_language="en")
    assert (d.market.country, d.language, d.source) == ("JP", "en", "cookie")
    d = det.detect(peer="127.0.0.1", forwarded_for=IP["DE"], accept_language="ja-JP", cookie_market="ZZ")
    assert (d.market.country, d.language, d.source) == ("DE", "de", "ip")
    d = det.detect(peer="127.0.0.1", forwarded_for=None, accept_language="zh-Hant, en;q=0.5")
    assert (d.market.country, d.language, d.source) == ("HK", "zh-Hant", "accept-language")
    d = det.detect(peer="127.0.0.1", forwarded_for=UNSERVED_IP["CU"], accept_language="es-CU")
    assert d.market is None and d.unserved_country == "CU" and d.source == "ip"


def test_parse_accept_language():
    assert parse_accept_language("da, en-gb;q=0.8, en;q=0.7") == ["da", "en-gb", "en"]
    assert parse_accept_language("en;q=0.1, fr;q=0.9, *;q=0.5, de;q=0") == ["fr", "en"]
    assert parse_accept_language("en;q=abc, ja") == ["ja"]
    assert parse_accept_language("!!!, zh-Hant-TW") == ["zh-Hant-TW"]
    assert parse_accept_language("") == [] and parse_accept_language(None) == []
    assert len(parse_accept_language(",".join(["en"] * 100))) == 20


def test_best_language():
    assert best_language(["fr-CH", "de"], ["de", "fr", "it"]) == "fr"
    assert best_language(["zh-TW"], ["zh-Hans", "zh-Hant"]) == "zh-Hant"
    assert best_language(["zh-CN"], ["zh-Hant", "zh-Hans"]) == "zh-Hans"
    assert best_language(["zh-Hant"], ["zh-Hans"]) is None
    assert best_language(["ja"], ["de", "en"]) is None
    assert best_language(["EN-us"], ["en", "es"]) == "en"


def test_geoip_table():
    from ipaddress import ip_network

    from storefront.settings import GeoRange

    table = GeoIPTable([GeoRange(network=ip_network("80.128.0.0/16"), country="DE"),
                        GeoRange(network=ip_network("126.0.0.0/16"), country="JP"),
                        GeoRange(network=ip_network("2003:e0::/32"), country="DE")])
    assert table.country("80.128.255.255") == "DE"
    assert table.country("80.129.0.0") is None
    assert table.country("126.0.0.1") == "JP"
    assert table.country("2003:e0::1") == "DE"
    assert table.country("0.0.0.1") is None
    assert table.country("garbage") is None and table.country(None) is None


def test_bundled_geoip_table_knows_every_market_and_the_unserved_countries(shop):
    for country, ip in {**IP, **UNSERVED_IP}.items():
        assert shop.geoip.country(ip) == country
    assert shop.geoip.country(UNKNOWN_IP) is None
    for country in UNSERVED_IP:
        assert country not in shop.config.markets
