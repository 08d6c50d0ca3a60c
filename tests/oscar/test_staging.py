"""The django-oscar staging shop (tests/oscar/README.md): its regions, its not-served page, the VAT
its totals include, each fault against the clean shop, a guest checkout over plain HTTP and its
confirmation mail.

Skipped, with the reason, where the shop's virtualenv cannot be built (no PyPI)."""
from __future__ import annotations

import email
import email.policy
import re
import signal
import socketserver
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import ROUND_HALF_UP, Decimal

import httpx
import pytest

from .staging import FAULTS, ROOT, OscarStaging, ensure_template, started_or_skipped

BOOK = "The Pragmatic Gardener"  # BOK-001, pk 1: net 10.00 EUR, 9.00 GBP, 12.00 USD
MUG = "Ceramic Mug"  # HOM-002, the product us-price-missing takes out of the US region
SERVED = ["DE", "AT", "GB", "US"]
# Oscar checks postcodes against each country's format.
ADDRESSES = {"DE": ("Berlin", "10115"), "AT": ("Wien", "1010"), "GB": ("London", "SW1A 1AA"),
             "US": ("New York", "10001")}
# Per country (project/shop.json): currency, BOK-001's net price, the shipping charge shown (VAT
# included), the VAT rate included in both.
PRICING = {"DE": ("EUR", Decimal("10.00"), Decimal("4.90"), Decimal("0.19")),
           "AT": ("EUR", Decimal("10.00"), Decimal("4.90"), Decimal("0.20")),
           "GB": ("GBP", Decimal("9.00"), Decimal("3.95"), Decimal("0.20")),
           "US": ("USD", Decimal("12.00"), Decimal("5.00"), Decimal("0"))}
CENT = Decimal("0.01")
SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$"}


# --- a minimal SMTP receiver on loopback -------------------------------------------------------

class _SMTPHandler(socketserver.StreamRequestHandler):
    def handle(self):
        self._reply(b"220 sink ESMTP")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"EHLO":
                self._reply(b"250-sink\r\n250 8BITMIME")
            elif verb == b"DATA":
                self._reply(b"354 end data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(data[1:] if data.startswith(b".") else data)  # dot-unstuffing
                self.server.sink.received(b"".join(lines))
                self._reply(b"250 queued")
            elif verb == b"QUIT":
                self._reply(b"221 bye")
                return
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                self._reply(b"250 ok")

    def _reply(self, text: bytes) -> None:
        self.wfile.write(text + b"\r\n")


class MailSink:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self._changed = threading.Condition()
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
        self._server.daemon_threads = True
        self._server.sink = self
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def received(self, raw: bytes) -> None:
        with self._changed:
            self.messages.append(email.message_from_bytes(raw, policy=email.policy.default))
            self._changed.notify_all()

    def wait_for(self, to: str, timeout: float = 10.0) -> email.message.EmailMessage:
        def find():
            return next((m for m in self.messages if m["To"] == to), None)
        with self._changed:
            self._changed.wait_for(find, timeout)
            found = find()
        assert found is not None, f"no mail to {to} within {timeout} s; got {[m['To'] for m in self.messages]}"
        return found

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


# --- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mail_sink():
    sink = MailSink()
    yield sink
    sink.close()


@pytest.fixture(scope="module")
def shop(mail_sink):
    staging = started_or_skipped(smtp_port=mail_sink.port)
    yield staging
    staging.stop()


@pytest.fixture(scope="module")
def clean_view(shop):
    view = {country: observe(shop.url, country) for country in SERVED}
    assert all(seen["checkout_reaches_payment"] for seen in view.values()), view
    assert {country: (seen["vat_basket"], seen["vat_preview"]) for country, seen in view.items()} == \
        {country: (expected_vat_row(country),) * 2 for country in SERVED}
    return view


# --- reading the shop over HTTP ----------------------------------------------------------------

def client(url: str, country: str | None = None) -> httpx.Client:
    return httpx.Client(base_url=url, trust_env=False, timeout=30,
                        cookies={"country": country} if country else None)


def csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def body_data(html: str) -> dict[str, str]:
    body = re.search(r"<body[^>]*>", html, re.S).group(0)
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', body))


def products(html: str) -> dict[str, tuple[str, bool]]:
    """title -> (price as shown, available to buy) for each product pod of a listing."""
    found = {}
    for pod in re.findall(r'<article class="product_pod">(.*?)</article>', html, re.S):
        title = re.search(r'title="([^"]+)"', pod).group(1)
        price = re.search(r'<p class="price_color">(.*?)</p>', pod, re.S).group(1).replace("\xa0", " ").strip()
        found[title] = (price.replace("&nbsp;", ""), 'class="instock availability"' in pod)
    return found


def observe(url: str, country: str) -> dict:
    """What a visitor from `country` sees, in English: the page's markers, every product's price
    and availability, the basket's shipping estimate for BOK-001 and the VAT its totals include,
    the countries the checkout ships to, whether a guest's checkout to an address in `country`
    reaches payment, and the VAT the preview's totals include (None where it does not)."""
    with client(url, country) as http:
        landing = http.get("/en/", follow_redirects=True)
        view = {"body": body_data(landing.text), "products": products(landing.text)}
        http.post("/en/basket/add/1/", data={"quantity": "1"}, headers={"X-CSRFToken": csrf(landing.text)})
        basket = http.get("/en/basket/").text
        estimate = re.search(r'<h3>Shipping</h3>.*?<th class="total">\s*(.*?)\s*</th>\s*'
                             r'<th class="total text-right">\s*(.*?)\s*</th>', basket, re.S)
        view["shipping_estimate"] = (estimate.group(1), estimate.group(2).replace("\xa0", " "))
        view["vat_basket"] = vat_row(basket)
        gateway = http.get("/en/checkout/").text
        http.post("/en/checkout/", data={"csrfmiddlewaretoken": csrf(gateway), "username": "probe@example.com",
                                         "options": "anonymous"})
        form = http.get("/en/checkout/shipping-address/").text
        view["ships_to"] = re.findall(r'<option value="([A-Z]{2})"', form)
        answer = http.post("/en/checkout/shipping-address/", data=address(country, csrf(form)),
                           follow_redirects=True)
        view["checkout_reaches_payment"] = answer.url.path == "/en/checkout/payment-details/"
        view["vat_preview"] = (vat_row(http.get("/en/checkout/preview/").text)
                               if view["checkout_reaches_payment"] else None)
    return view


def vat_row(html: str) -> tuple[str, str, str] | None:
    """The totals' "VAT included" row: (data-rate, its label, the amount), or None without one."""
    rows = re.findall(r'<tr data-testid="vat-included" data-rate="([^"]*)">\s*<td[^>]*>(.*?)</td>\s*'
                      r'<td class="text-right">(.*?)</td>\s*</tr>', html, re.S)
    assert len(rows) <= 1, rows
    return tuple(cell.strip() for cell in rows[0]) if rows else None


def order_total(html: str) -> str:
    totals = html[html.index('<div id="basket_totals">'):]
    return re.search(r'<h3 class="price_color">\s*(.*?)\s*</h3>', totals, re.S).group(1)


def money(amount: Decimal, currency: str, lang: str, country: str) -> str:
    """As the shop writes it: Babel for the page's language and the visitor's country (the shop's
    currency filter formats for both: €2.68 in English, 2,68 € in Germany, € 2,68 in Austria)."""
    from babel.numbers import format_currency

    return format_currency(amount, currency, locale=f"{lang}_{country}")


def expected_totals(country: str, quantity: int = 1, rate: Decimal | None = None,
                    shipped: bool = True) -> tuple[Decimal, Decimal]:
    """(order total, VAT it includes) of `quantity` x BOK-001 for a visitor from `country`, from
    the net price and the rate: the goods' tax on the net price (FixedRateTax, to cents), the
    shipping charge's tax out of the charge shown (net = charge / (1 + rate), to cents)."""
    _, net, charge, default_rate = PRICING[country]
    rate = default_rate if rate is None else rate
    goods_tax = (net * rate).quantize(CENT) * quantity
    charge = charge if shipped else Decimal("0.00")
    shipping_tax = charge - (charge / (1 + rate)).quantize(CENT, rounding=ROUND_HALF_UP)
    return net * quantity + goods_tax + charge, goods_tax + shipping_tax


def expected_vat_row(country: str, lang: str = "en", **kwargs) -> tuple[str, str, str] | None:
    currency, _, _, rate = PRICING[country]
    rate = kwargs.get("rate", rate)
    if not rate:
        return None
    percent = f"{rate * 100:f}".rstrip("0").rstrip(".")
    label = f"inkl. {percent} % MwSt." if lang == "de" else f"incl. {percent} % VAT"
    return percent, label, money(expected_totals(country, **kwargs)[1], currency, lang, country)


def address(country: str, token: str) -> dict[str, str]:
    city, postcode = ADDRESSES[country]
    return {"csrfmiddlewaretoken": token, "first_name": "Erika", "last_name": "Muster", "line1": "Hauptstr. 1",
            "line4": city, "postcode": postcode, "country": country, "phone_number": "", "notes": ""}


def guest_checkout(url: str, country: str, email_address: str, lang: str = "en") -> str:
    """Basket, guest e-mail, address, (the one shipping method), preview, place order: the order
    number from the thank-you page."""
    with client(url, country) as http:
        product = http.get(f"/{lang}/catalogue/the-pragmatic-gardener_1/")
        assert product.status_code == 200
        added = http.post(f"/{lang}/basket/add/1/", data={"csrfmiddlewaretoken": csrf(product.text), "quantity": "2"})
        assert added.status_code == 302, added.text[-500:]
        gateway = http.get(f"/{lang}/checkout/")
        step = http.post(f"/{lang}/checkout/", data={"csrfmiddlewaretoken": csrf(gateway.text),
                                                     "username": email_address, "options": "anonymous"})
        assert step.headers["location"] == f"/{lang}/checkout/shipping-address/"
        form = http.get(f"/{lang}/checkout/shipping-address/")
        step = http.post(f"/{lang}/checkout/shipping-address/", data=address(country, csrf(form.text)),
                         follow_redirects=True)
        assert step.url.path == f"/{lang}/checkout/payment-details/", step.text[-2000:]
        preview = http.get(f"/{lang}/checkout/preview/")
        placed = http.post(f"/{lang}/checkout/preview/", data={"csrfmiddlewaretoken": csrf(preview.text),
                                                              "action": "place_order"})
        assert placed.headers.get("location") == f"/{lang}/checkout/thank-you/", placed.text[-2000:]
        thanks = http.get(f"/{lang}/checkout/thank-you/")
        return re.search(r"<strong>(\d+)</strong>", thanks.text).group(1)


# --- the clean shop ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang, country, region, currency, rate, price", [
    ("de", "DE", "eu", "EUR", "0.19", "11,90 €"),
    ("de", "AT", "eu", "EUR", "0.20", "€ 12,00"),  # CLDR de_AT: the shop formats for the visitor's country
    ("en", "GB", "gb", "GBP", "0.20", "£10.80"),
    ("en", "US", "us", "USD", "0.00", "$12.00"),
])
def test_each_country_sees_its_region_currency_and_tax(shop, lang, country, region, currency, rate, price):
    with client(shop.url, country) as http:
        page = http.get(f"/{lang}/", follow_redirects=True)
    assert page.status_code == 200
    assert f'<html lang="{lang}"' in page.text
    assert body_data(page.text) == {"country": country, "region": region, "currency": currency,
                                    "vat-rate": rate, "served": "true"}
    assert products(page.text)[BOOK] == (price, True)


def test_without_a_country_cookie_the_shop_is_german(shop):
    with client(shop.url) as http:
        page = http.get("/en/catalogue/")
    assert body_data(page.text)["country"] == "DE"
    assert products(page.text)[BOOK] == (_written_in("11.90", "US", "DE"), True)


@pytest.mark.parametrize("address, country, served", [("62.178.243.234", "AT", True), ("81.2.69.142", "GB", True),
                                                     ("178.192.0.1", "CH", False), ("95.24.0.1", "RU", False)])
def test_without_a_cookie_the_country_is_the_visitors_addresss(shop, address, country, served):
    """As a CDN's geo-IP tells a shop: the last X-Forwarded-For hop's country; the cookie wins over it."""
    with client(shop.url) as http:
        page = http.get("/en/catalogue/", headers={"X-Forwarded-For": f"10.0.0.9, {address}"})
    assert (body_data(page.text)["country"], body_data(page.text)["served"]) == (country, "true" if served else "false")
    with client(shop.url, "US") as http:
        assert body_data(http.get("/en/catalogue/", headers={"X-Forwarded-For": address}).text)["country"] == "US"


@pytest.mark.parametrize("path", ["/de/", "/de/catalogue/", "/de/catalogue/category/books_1/", "/de/basket/"])
def test_an_unserved_country_gets_the_not_served_page_in_its_language(shop, path):
    with client(shop.url, "CH") as http:
        page = http.get(path, follow_redirects=True)
    assert page.status_code == 200
    assert 'data-testid="not-served" data-country="CH"' in page.text
    assert "Leider liefern wir nicht in Ihr Land: Schweiz." in page.text
    served = re.search(r'data-testid="served-countries">(.*?)</ul>', page.text, re.S).group(1)
    assert re.findall(r'data-country="([A-Z]{2})"', served) == SERVED
    assert "Österreich" in served
    assert body_data(page.text)["served"] == "false"
    assert "price_color" not in page.text


def test_the_picker_sets_the_country_cookie_and_redirects(shop):
    with client(shop.url) as http:
        picker = http.get("/en/regions/")
        listed = re.search(r'data-testid="country-picker">(.*?)</ul>', picker.text, re.S).group(1)
        assert re.findall(r'data-country="([A-Z]{2})"', listed) == SERVED
        chosen = http.get("/en/regions/?country=gb&next=/en/catalogue/")
        assert (chosen.status_code, chosen.headers["location"]) == (302, "/en/catalogue/")
        assert http.cookies["country"] == "GB"
        assert body_data(http.get("/en/catalogue/").text)["currency"] == "GBP"
        posted = http.post("/en/regions/", data={"csrfmiddlewaretoken": csrf(picker.text), "country": "FR"})
        assert (posted.status_code, posted.headers["location"]) == (302, "/en/")
        assert "Sorry, we do not deliver to your country: France." in http.get("/en/catalogue/").text
        assert http.get("/en/regions/?country=XYZ").status_code == 400


def test_search_finds_titles_and_upcs_at_the_visitors_prices(shop):
    with client(shop.url, "GB") as http:
        assert products(http.get("/en/search/?q=teapot").text) == {"Enamel Teapot": ("£31.20", True)}
        assert list(products(http.get("/en/search/?q=BOK-002").text)) == ["A Short History of Maps"]


# --- the VAT the totals include ----------------------------------------------------------------

@pytest.mark.parametrize("lang, country", [("de", "DE"), ("de", "AT"), ("en", "GB"), ("en", "US")])
def test_the_totals_state_the_vat_they_include_shipping_included(shop, mail_sink, lang, country):
    """BOK-001 x 1 and the country's shipping: the basket page, the checkout preview and the
    thank-you page state, after the order total, the VAT it includes (the goods' and the shipping
    charge's, at the country's rate): DE 11.90 + 4.90 = 16.80 incl. 1.90 + 0.78 = 2.68. No row
    where there is no tax (US). The confirmation mail states the same order total."""
    currency = PRICING[country][0]
    total, _ = expected_totals(country)
    row = expected_vat_row(country, lang)
    pages = {}
    with client(shop.url, country) as http:
        product = http.get(f"/{lang}/catalogue/the-pragmatic-gardener_1/")
        http.post(f"/{lang}/basket/add/1/", data={"csrfmiddlewaretoken": csrf(product.text), "quantity": "1"})
        pages["basket"] = http.get(f"/{lang}/basket/").text
        gateway = http.get(f"/{lang}/checkout/")
        http.post(f"/{lang}/checkout/", data={"csrfmiddlewaretoken": csrf(gateway.text),
                                              "username": f"vat-{country}@example.com", "options": "anonymous"})
        form = http.get(f"/{lang}/checkout/shipping-address/")
        step = http.post(f"/{lang}/checkout/shipping-address/", data=address(country, csrf(form.text)),
                         follow_redirects=True)
        assert step.url.path == f"/{lang}/checkout/payment-details/"
        pages["preview"] = http.get(f"/{lang}/checkout/preview/").text
        placed = http.post(f"/{lang}/checkout/preview/", data={"csrfmiddlewaretoken": csrf(pages["preview"]),
                                                              "action": "place_order"})
        assert placed.headers.get("location") == f"/{lang}/checkout/thank-you/"
        pages["thank-you"] = http.get(f"/{lang}/checkout/thank-you/").text
    for name, html in pages.items():
        assert (order_total(html), vat_row(html)) == (money(total, currency, lang, country), row), name
        if row:  # after the order total
            assert html.index('data-testid="vat-included"') > html.index('<h3 class="price_color">'), name
    text = mail_sink.wait_for(f"vat-{country}@example.com").get_body(preferencelist=("plain",)).get_content()
    assert re.search(r"(Order Total|Bestellsumme): (.*)", text).group(2).strip() == money(total, currency, lang, country)


# --- faults ------------------------------------------------------------------------------------

def _written_in(price: str, shown_in: str, country: str) -> str:
    """A euro price as an English page for `shown_in` writes it, written for `country` instead."""
    from babel.numbers import parse_decimal

    amount = parse_decimal(re.sub(r"[^\d.,]", "", price), locale=f"en_{shown_in}")
    return money(amount, "EUR", "en", country).replace("\xa0", " ")


def _expected_difference(fault: str, clean: dict) -> dict:
    """The clean shop's view, changed the way the fault says and no other way."""
    view = {country: {**seen, "body": dict(seen["body"]), "products": dict(seen["products"])}
            for country, seen in clean.items()}
    if fault == "at-vat-wrong":
        view["AT"]["body"]["vat-rate"] = "0.19"
        view["AT"]["products"] = {title: (_written_in(price, "DE", "AT"), available)  # DE's rate, 19 %
                                  for title, (price, available) in clean["DE"]["products"].items()}
        view["AT"]["vat_basket"] = view["AT"]["vat_preview"] = expected_vat_row("AT", rate=Decimal("0.19"))
    elif fault == "at-not-shipped":
        for seen in view.values():
            seen["ships_to"] = [code for code in seen["ships_to"] if code != "AT"]
        view["AT"]["shipping_estimate"] = ("No delivery to this country", _written_in("0.00", "US", "AT"))
        view["AT"]["checkout_reaches_payment"] = False
        view["AT"]["vat_basket"] = expected_vat_row("AT", shipped=False)  # the goods' VAT only
        view["AT"]["vat_preview"] = None
    elif fault == "gb-currency-wrong":
        view["GB"]["body"]["currency"] = "EUR"
        view["GB"]["products"] = {title: (price.replace("£", "€"), available)
                                  for title, (price, available) in clean["GB"]["products"].items()}
        name, charge = clean["GB"]["shipping_estimate"]
        view["GB"]["shipping_estimate"] = (name, charge.replace("£", "€"))
        for page in ("vat_basket", "vat_preview"):
            rate, label, amount = clean["GB"][page]
            view["GB"][page] = (rate, label, amount.replace("£", "€"))
    elif fault == "us-price-missing":
        view["US"]["products"][MUG] = ("", False)
    return view


@pytest.mark.parametrize("fault", list(FAULTS))
def test_each_fault_changes_exactly_what_it_says(shop, clean_view, fault):
    faulty = started_or_skipped(faults=(fault,))
    try:
        seen = {country: observe(faulty.url, country) for country in SERVED}
    finally:
        faulty.stop()
    assert seen != clean_view
    assert seen == _expected_difference(fault, clean_view)


def test_an_unknown_fault_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="'at-vat-wrng'.*at-vat-wrong, at-not-shipped"):
        OscarStaging(faults=("at-vat-wrng",))


# --- checkout and mail -------------------------------------------------------------------------

def test_a_german_guest_checkout_gets_an_order_number_and_a_german_confirmation(shop, mail_sink):
    number = guest_checkout(shop.url, "DE", "erika@example.com", lang="de")
    assert number.isdigit()
    mail = mail_sink.wait_for("erika@example.com")
    assert number in mail["Subject"]
    assert mail["Content-Language"] == "de"
    assert mail["From"] == "orders@oscar-staging.test"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "The Pragmatic Gardener" in text and "23,80" in text  # 2 x 11.90, German number format


def test_concurrent_guest_checkouts_all_succeed(shop):
    """gunicorn's threads and workers write to SQLite at once: WAL and a busy timeout, not
    'database is locked'."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(lambda n: guest_checkout(shop.url, SERVED[n % 4], f"load-{n}@example.com"),
                                range(16)))
    assert len(set(numbers)) == 16
    assert "database is locked" not in shop.log_tail(2000)


def test_a_registered_customer_gets_a_german_welcome_and_sees_the_order_in_the_history(shop, mail_sink):
    with client(shop.url, "AT") as http:
        form = http.get("/de/accounts/register/")
        registered = http.post("/de/accounts/register/", data={
            "csrfmiddlewaretoken": csrf(form.text), "email": "max@example.com",
            "password1": "Staging-Secret-42", "password2": "Staging-Secret-42"})
        assert (registered.status_code, registered.headers["location"]) == (302, "/de/accounts/")
        welcome = mail_sink.wait_for("max@example.com")
        assert welcome["Content-Language"] == "de"
        product = http.get("/de/catalogue/the-pragmatic-gardener_1/")
        http.post("/de/basket/add/1/", data={"csrfmiddlewaretoken": csrf(product.text), "quantity": "1"})
        assert http.get("/de/checkout/").headers["location"] == "/de/checkout/shipping-address/"
        form = http.get("/de/checkout/shipping-address/")
        step = http.post("/de/checkout/shipping-address/", data=address("AT", csrf(form.text)),
                         follow_redirects=True)  # the one shipping method is chosen on the way
        assert step.url.path == "/de/checkout/payment-details/"
        preview = http.get("/de/checkout/preview/")
        placed = http.post("/de/checkout/preview/", data={"csrfmiddlewaretoken": csrf(preview.text),
                                                         "action": "place_order"})
        assert placed.headers["location"] == "/de/checkout/thank-you/"
        number = re.search(r"<strong>(\d+)</strong>", http.get("/de/checkout/thank-you/").text).group(1)
        history = http.get("/de/accounts/orders/")
        assert f"/de/accounts/orders/{number}/" in history.text
        assert "€\xa012,00" in http.get(f"/de/accounts/orders/{number}/").text  # de_AT, a no-break space


# --- the command line --------------------------------------------------------------------------

def test_the_command_line_serves_until_ctrl_c_and_exits_130_without_a_traceback(shop):
    ensure_template()  # built already: the module's shop started
    process = subprocess.Popen([sys.executable, "-m", "tests.oscar.staging", "--fault", "at-vat-wrong"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), process.stderr.read()
        with client(url, "AT") as http:
            assert body_data(http.get("/de/catalogue/").text)["vat-rate"] == "0.19"
    finally:
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in errors
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/en/", trust_env=False)
