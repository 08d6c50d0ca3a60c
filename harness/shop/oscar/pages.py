"""Reading an Oscar shop's pages (Oscar 4's default templates, plus the region markers the shop's
base template adds: see `harness/shop/oscar/__init__.py`), in one round trip per page."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache

from babel.numbers import get_currency_symbol, list_currencies
from playwright.sync_api import Page

from ..catalogue import Price, Refusal

READ_PAGE = """() => {
  const text = el => el ? el.textContent.replace(/\\s+/g, ' ').trim() : '';
  const body = document.body ? document.body.dataset : {};
  const notServed = document.querySelector('[data-testid="not-served"]');
  const rows = {};
  document.querySelectorAll('.product_page table tr').forEach(tr => {
    const th = tr.querySelector('th'), td = tr.querySelector('td');
    if (th && td) rows[text(th)] = text(td);
  });
  const main = document.querySelector('.product_main');
  const totals = document.querySelector('#basket_totals');
  const vat = document.querySelector('[data-testid="vat-included"]');
  return {
    lang: document.documentElement.lang || '', path: location.pathname,
    country: body.country || null, currency: body.currency || null, served: body.served !== 'false',
    heading: text(document.querySelector('.page_inner h1, .sub-header h1, h1')),
    messages: [...document.querySelectorAll('#messages .alert')].map(text),
    categories: [...new Set([...document.querySelectorAll('a[href*="/catalogue/category/"]')]
                 .map(a => a.getAttribute('href')))],
    pods: [...document.querySelectorAll('article.product_pod')].map(p => {
      const a = p.querySelector('h3 a');
      return {href: a.getAttribute('href'), name: a.getAttribute('title') || text(a),
              price: text(p.querySelector('.price_color')),
              available: !!p.querySelector('form[action*="/basket/add/"]')};
    }),
    notServed: notServed && {text: text(notServed.querySelector('p')) || text(notServed),
                             alternatives: notServed.querySelectorAll('[data-testid="served-countries"] li').length},
    product: main && {name: text(main.querySelector('h1')), price: text(main.querySelector('.price_color')),
                      addable: !!document.querySelector('#add_to_basket_form'), rows,
                      crumbs: [...document.querySelectorAll('.breadcrumb a')].map(a => a.getAttribute('href'))},
    lines: [...document.querySelectorAll('.basket-items .row')].filter(r => r.querySelector('h3 a')).map(r => {
      const qty = r.querySelector('input[name$="-quantity"]');
      const cells = [...r.querySelectorAll('.price_color')].map(text);
      return {href: r.querySelector('h3 a').getAttribute('href'),
              quantity: qty ? qty.value : text(r.querySelector('.text-center')), total: cells[cells.length - 1] || ''};
    }),
    totals: totals && {rows: [...totals.querySelectorAll('tr')].map(tr => [...tr.querySelectorAll('th, td')].map(text))
                                   .filter(cells => cells.some(c => c)),
                       total: text(totals.querySelector('.price_color')),
                       vat: vat && {rate: vat.dataset.rate, amount: text(vat.querySelector('.text-right') || vat.lastElementChild)}},
    order: (s => s && s.textContent.trim())(document.querySelector('.page_inner p.lead strong')),
    address: [...document.querySelectorAll('.shipping-payment address')].map(a => a.innerText.split('\\n')
               .map(l => l.trim()).filter(Boolean))[0] || [],
    contact: text([...document.querySelectorAll('.shipping-payment h4')].map(h => h.nextElementSibling)[0]),
    errors: Object.fromEntries([...document.querySelectorAll('form .is-invalid, form .has-error input, form .has-error select')]
              .map(el => [el.name, text(el.closest('.form-group') && el.closest('.form-group').querySelector('.invalid-feedback, .error-block, .help-block'))])),
    formErrors: [...document.querySelectorAll('form .alert-danger, .errorlist.nonfield')].map(text),
  };
}"""


def read(page: Page) -> dict:
    return page.evaluate(READ_PAGE)


def language_prefix(page: Page) -> str:
    """The shop's language prefix of the page the browser is on (`de` of `/de/catalogue/`)."""
    match = re.match(r"^/([a-z]{2}(?:-[a-z]+)?)/", re.sub(r"^https?://[^/]+", "", page.url))
    return match.group(1) if match else ""


def pk_of(href: str) -> str | None:
    """Oscar's product and category URLs end in `<slug>_<pk>/`."""
    match = re.search(r"_(\d+)/?$", href.split("?")[0])
    return match.group(1) if match else None


def slug_of(href: str) -> str:
    """`books` of `/de/catalogue/category/books_1/`."""
    last = href.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"_\d+$", "", last)


def without_prefix(href: str) -> str:
    """`catalogue/category/books_1/` of `/de/catalogue/category/books_1/`: the same page in any language."""
    return re.sub(r"^/[a-z]{2}(?:-[a-z]+)?/", "", href.split("?")[0]).lstrip("/")


def money(text: str, language: str) -> Price | None:
    """A price as the page writes it ("12,00 €", "€ 12,00", "£10.80", "$12.00"): amount and currency.
    The amount is read from its digits, not with the page's language: a shop formats for the
    visitor's country too, and an English page in Austria writes "€ 14,50"."""
    text = (text or "").replace("\xa0", " ").replace("\u202f", " ").strip()
    number = re.search(r"\d[\d.,' ]*\d|\d", text)
    if not number:
        return None
    try:
        amount = amount_of(number.group(0))
    except InvalidOperation:
        return None
    symbol = text.replace(number.group(0), " ")
    return Price(amount, currency_of(symbol, (language or "en").replace("-", "_")), text)


def amount_of(number: str) -> Decimal:
    """1,234.56 / 1.234,56 / 1 234,56 / 14,50 / 1,500: the last separator followed by one or two
    digits is the decimal one; other separators group thousands."""
    digits = re.sub(r"[ ']", "", number)
    last = max(digits.rfind(","), digits.rfind("."))
    if last >= 0 and len(digits) - last - 1 in (1, 2):
        return Decimal(re.sub(r"[.,]", "", digits[:last]) + "." + digits[last + 1:])
    return Decimal(re.sub(r"[.,]", "", digits))


@cache
def _symbols(locale: str) -> list[tuple[str, str]]:
    """(symbol, code) in `locale`, longest symbols first: "US$" before "$"."""
    pairs = []
    for code in list_currencies():
        try:
            pairs.append((get_currency_symbol(code, locale=locale), code))
        except Exception:  # a locale Babel lacks data for: its codes stay unknown
            continue
    return sorted(pairs, key=lambda p: -len(p[0]))


def currency_of(shown: str, locale: str) -> str:
    """The ISO code of the currency symbol or code in `shown`; "" when none stands there."""
    shown = shown.strip()
    for code in re.findall(r"\b[A-Z]{3}\b", shown):
        if code in list_currencies():
            return code
    for symbol, code in _symbols(locale):
        if symbol and symbol == shown:
            return code
    for symbol, code in _symbols(locale):
        if symbol and not symbol.isalpha() and symbol in shown:
            return code
    return ""


def refusal(raw: dict, status: int = 0) -> Refusal | None:
    """The not-served page, or an error page (its heading, no alternative)."""
    if raw.get("notServed"):
        found = raw["notServed"]
        return Refusal(found["text"], raw["lang"], found["alternatives"], status)
    if status >= 400:
        return Refusal(raw.get("heading") or "", raw["lang"], 0, status)
    return None


def submit(page: Page, button) -> int:
    """Presses a form's button from the keyboard, waits for the page it leads to; its status."""
    with page.expect_navigation() as navigation:
        button.press("Enter")
    response = navigation.value
    return response.status if response else 0
