"""A django-oscar shop's customer actions over HTTP: Oscar's own pages and forms, as the staging
in `tests/oscar/` serves them (its README lists the URLs and fields).

The language is Oscar's URL prefix: the persona's, where the shop has it. What a market's visitors
may buy is read from the shop once per market and process, from the catalogue listing as they
see it (`/<lang>/catalogue/`): its category links, and the products offered for sale there, those
with an add-to-basket form. A product the region cannot price (HOM-002 in the US with the fault
`us-price-missing`) has none, so it is never picked: a load user buys what the shop offers it.

Requests are named by Oscar's URL patterns (`/{lang}/catalogue/{product}/`), not per product. A
checkout is Oscar's guest checkout, step by step, following the shop's redirects, and is True only
when the thank-you page shows the order number. Where the shop refuses a step with a page whose
HTTP status does not say so (a form shown again with its errors, a basket that stayed empty, a
redirect back to the basket), that response is marked failed with the shop's own message and
the checkout is False; an HTTP error is recorded by Locust as it is. Oscar has no payment provider
by default and one shipping method per country: the persona's payment method and the policy's
shipping method are not chosen.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import quote_plus, urlsplit

from ..traffic import Http, Visit

POD = re.compile(r'<article class="product_pod">(.*?)</article>', re.S)
PRODUCT = re.compile(r'href="(?:/[^/"]+)?/catalogue/([^/"]+_\d+)/"')
ADD = re.compile(r'action="(?:/[^/"]+)?/basket/add/(\d+)/"')
CATEGORY = re.compile(r'href="(?:/[^/"]+)?/catalogue/category/((?:[^/"]+/)*([^/"]+)_\d+)/"')
FIELD_ERROR = re.compile(r'class="error-block">(.*?)</span>', re.S)
ALERT = re.compile(r'<div class="alert [^"]*alert-(?:danger|warning)[^"]*">(.*?)</div>', re.S)
ORDER = re.compile(r"<h1>[^<]*?(\d+)[^<]*</h1>.*?<strong>\1</strong>", re.S)  # "Order 100042: ...", "... <strong>100042</strong>"


@dataclass(frozen=True)
class Offer:
    """What a market's visitors may buy: (the product's URL part `<slug>_<pk>`, its pk), and the
    categories (`books_1`) that the market's policy allows (all of them, if it names none of them)."""

    products: tuple[tuple[str, str], ...]
    categories: tuple[str, ...]


class OscarTraffic:
    actions = frozenset({"browse", "category", "product", "search", "add_to_cart", "checkout"})
    LANGUAGES = ("en", "de")  # the shop's URL prefixes; the first for a persona reading neither

    def __init__(self):
        self.offers: dict[str, Offer] = {}  # market -> what its visitors may buy, read once per process

    def language(self, visit: Visit) -> str:
        primary = visit.persona.language.split("-")[0].lower()
        return primary if primary in self.LANGUAGES else self.LANGUAGES[0]

    def browse(self, http: Http, visit: Visit) -> None:
        r = http.get(f"/{self.language(visit)}/", "/{lang}/")  # redirected to the catalogue listing
        if visit.market not in self.offers:
            self._learn(visit, r)

    def category(self, http: Http, visit: Visit) -> None:
        lang = self.language(visit)
        offer = self._offer(http, visit, lang)
        if offer and offer.categories:
            http.get(f"/{lang}/catalogue/category/{visit.rng.choice(offer.categories)}/",
                     "/{lang}/catalogue/category/{category}/")

    def product(self, http: Http, visit: Visit) -> None:
        lang = self.language(visit)
        picked = self._pick(http, visit, lang)
        if picked:
            http.get(f"/{lang}/catalogue/{picked[0]}/", "/{lang}/catalogue/{product}/")

    def search(self, http: Http, visit: Visit, query: str) -> None:
        lang = self.language(visit)
        http.get(f"/{lang}/search/?q={quote_plus(query)}", "/{lang}/search/")

    def add_to_cart(self, http: Http, visit: Visit) -> None:
        self._add(http, visit, self.language(visit))

    def checkout(self, http: Http, visit: Visit) -> bool:
        lang, p = self.language(visit), visit.persona
        if not self._add(http, visit, lang):
            return False
        first, _, last = " ".join(p.name.split()).partition(" ")  # given name first; a single name fills both
        address = {"first_name": first, "last_name": last or first, "line1": p.address.street,
                   "line2": p.address.street2, "line4": p.address.city, "postcode": p.address.postcode or "",
                   "country": visit.market, "phone_number": p.phone, "notes": ""}
        if p.address.region_code:
            address["state"] = p.address.region_code
        steps = (("GET", "/checkout/", "/checkout/", "no checkout"),
                 ("POST", "/checkout/", "/checkout/shipping-address/", "guest checkout refused",
                  {"username": p.email, "options": "anonymous"}),
                 ("POST", "/checkout/shipping-address/", "/checkout/payment-details/", "shipping address refused", address),
                 ("GET", "/checkout/preview/", "/checkout/preview/", "no order preview"),
                 ("POST", "/checkout/preview/", "/checkout/thank-you/", "order not placed", {"action": "place_order"},
                  ORDER.search))
        return all(self._step(http, lang, *step) for step in steps)  # up to the first step that failed

    # --- steps
    def _offer(self, http: Http, visit: Visit, lang: str) -> Offer | None:
        offer = self.offers.get(visit.market)
        return offer if offer else self._learn(visit, http.get(f"/{lang}/catalogue/", "/{lang}/catalogue/"))

    def _learn(self, visit: Visit, listing) -> Offer | None:
        """What the listing offers the visit's market; kept once it offers something (a listing
        that offers nothing, a not-served page, an error, is read again by the next visitor)."""
        page = (listing.text or "") if listing.status_code == 200 else ""
        products = {}
        for pod in POD.findall(page):
            url, add = PRODUCT.search(pod), ADD.search(pod)
            if url and add:
                products[url.group(1)] = add.group(1)
        if not products:
            return None
        links = CATEGORY.findall(page)
        named = set(visit.policy.categories.allowed) - set(visit.policy.categories.restricted)
        categories = [path for path, slug in links if slug in named] or [path for path, _ in links]
        offer = self.offers[visit.market] = Offer(tuple(products.items()), tuple(dict.fromkeys(categories)))
        return offer

    def _pick(self, http: Http, visit: Visit, lang: str) -> tuple[str, str] | None:
        offer = self._offer(http, visit, lang)
        return visit.rng.choice(offer.products) if offer else None

    def _add(self, http: Http, visit: Visit, lang: str) -> bool:
        """A product page (it sets the CSRF cookie), then the product into the basket."""
        picked = self._pick(http, visit, lang)
        if not picked or http.get(f"/{lang}/catalogue/{picked[0]}/", "/{lang}/catalogue/{product}/").status_code != 200:
            return False
        return self._step(http, lang, "POST", f"/basket/add/{picked[1]}/", "/basket/", "not added to the basket",
                          {"quantity": "1"}, lambda page: 'id="basket_formset"' in page, label="/basket/add/{pk}/")

    def _step(self, http: Http, lang: str, method: str, path: str, lands: str, refused: str, data: dict | None = None,
              shows=None, label: str | None = None) -> bool:
        """One step of Oscar's (`data` posted with the CSRF token): whether, after the shop's
        redirects, it landed on `lands` showing what `shows` looks for."""
        send, kwargs = http.get, {}
        if method == "POST":
            send, kwargs = http.post, {"data": {"csrfmiddlewaretoken": http.cookie("csrftoken") or "", **(data or {})}}
        with send(f"/{lang}{path}", f"/{{lang}}{label or path}", catch_response=True, **kwargs) as r:
            if getattr(r, "error", None) or not 200 <= r.status_code < 300:
                return False  # an HTTP error, or no answer: recorded as it is
            page = r.text or ""
            if urlsplit(r.url or "").path != f"/{lang}{lands}" or (shows and not shows(page)):
                r.failure(f"{refused}: {_said(page)}")
                return False
            return True


def _said(page: str) -> str:
    """The shop's words for a refusal: the first field error, else the first error or warning."""
    found = FIELD_ERROR.search(page) or ALERT.search(page)
    text = re.sub(r"<a [^>]*>.*?</a>|<[^>]+>", " ", found.group(1), flags=re.S) if found else ""
    return " ".join(html.unescape(text).split())[:160] or "the page says no more"
