"""Reading the reference storefront's pages: one script per page kind, run in the browser in
one round trip (reading element by element costs a round trip each)."""
from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import Page

from ..catalogue import Price, ProductCard, Refusal

READ_PAGE = """() => {
  const one = (id, root = document) => root.querySelector(`[data-testid="${id}"]`);
  const all = (id, root = document) => [...root.querySelectorAll(`[data-testid="${id}"]`)];
  const price = el => el && {amount: el.dataset.amount, currency: el.dataset.currency, text: el.textContent.trim()};
  const market = one('market');
  const unserved = one('unserved');
  const refusal = one('refusal') || one('restricted');
  return {
    lang: document.documentElement.lang,
    market: market && market.dataset.market, currency: market && market.dataset.currency,
    consent: !!one('consent-prompt'),
    heading: ((document.querySelector('main h1, body > h1') || {}).textContent || document.title || '').trim(),
    categories: [...document.querySelectorAll('header nav a')].map(a => a.getAttribute('href') || '')
                .filter(h => h.includes('/c/')).map(h => h.split('/c/').pop()),
    cart: all('cart-lines').flatMap(t => [...t.querySelectorAll('[data-sku]')].map(r => r.dataset.sku)),
    cards: all('product').map(c => ({sku: c.dataset.sku, category: c.dataset.category,
                                     name: (c.querySelector('a') || c).textContent.trim(), price: price(one('price', c))})),
    promotions: all('promotion').map(p => ({threshold: p.dataset.threshold, discount: p.dataset.discount})),
    badges: [...document.querySelectorAll('[data-testid="payment-badges"] [data-payment]')].map(b => b.dataset.payment),
    unserved: unserved && {text: unserved.querySelector('h1').textContent.trim(),
                           alternatives: unserved.querySelectorAll('[data-testid="alternative-markets"] a').length
                                         + (one('notify-me', unserved) ? 1 : 0)},
    refusal: refusal && {text: refusal.textContent.trim(),
                         alternatives: refusal.parentElement.parentElement.querySelectorAll('a').length},
    product: (p => p && {sku: p.dataset.sku, category: p.dataset.category, price: price(one('price', p)),
                         purchasable: !!one('add-to-cart', p),
                         delivery: [...p.querySelectorAll('[data-testid="delivery"] [data-method]')].map(m => m.dataset.method)})
             (one('product-page')),
  };
}"""


def read(page: Page) -> dict:
    return page.evaluate(READ_PAGE)


def price(raw: dict | None) -> Price | None:
    if not raw or raw.get("amount") is None:
        return None
    return Price(Decimal(raw["amount"]), raw["currency"], raw["text"])


def cards(raw: dict) -> list[ProductCard]:
    return [ProductCard(c["sku"], c["name"], c["category"], price(c["price"])) for c in raw["cards"]]


def refusal(raw: dict, status: int = 0) -> Refusal | None:
    """The page's refusal; an error status without one is a bare refusal: its heading, no alternative."""
    found = raw.get("unserved") or raw.get("refusal")
    if not found:
        if status < 400:
            return None
        found = {"text": raw.get("heading") or "", "alternatives": 0}
    return Refusal(found["text"], raw["lang"], found.get("alternatives", 0), status)


def submit(page: Page, button) -> int:
    """Presses a form's button (a locator) from the keyboard, waits for the page it leads to and
    returns its HTTP status. Not a pointer click: Playwright's click misses its target on
    right-to-left pages wider than a mobile viewport (the scroll origin is on the right)."""
    with page.expect_navigation() as navigation:
        button.press("Enter")
    response = navigation.value
    return response.status if response else 0

