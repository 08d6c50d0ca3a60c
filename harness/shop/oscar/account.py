"""An Oscar shop's customer accounts: registration (e-mail and password: Oscar asks no name),
log in and out, the order history and an order's page."""
from __future__ import annotations

import re

from playwright.sync_api import Page

from ...personas import Persona
from ..account import AccountOrder, OrderList, OrderSummary, SignedIn
from ..catalogue import Refusal
from . import pages

READ_ACCOUNT = """() => {
  const text = el => el ? el.textContent.replace(/\\s+/g, ' ').trim() : '';
  const cells = [...document.querySelectorAll('.page_inner table tr')].map(tr => [...tr.querySelectorAll('th, td')].map(text));
  return {
    lang: document.documentElement.lang || '', path: location.pathname,
    heading: text(document.querySelector('.page_inner h1, h1')),
    signedIn: !!document.querySelector('a[href*="/accounts/logout/"]'),
    cells,
    orders: [...document.querySelectorAll('.page_inner table tr')].filter(tr => tr.querySelector('a[href*="/accounts/orders/"]'))
              .map(tr => ({ref: text(tr.querySelector('a[href*="/accounts/orders/"]')),
                           total: text([...tr.querySelectorAll('td')].slice(-1)[0])})),
    errors: [...document.querySelectorAll('.alert-danger, .invalid-feedback, .errorlist li')].map(text).filter(Boolean),
    currency: document.body ? document.body.dataset.currency || null : null,
  };
}"""


class OscarAccount:
    def register(self, page: Page, persona: Persona) -> SignedIn:
        language = _lang(page)
        response = page.goto(f"/{language}/accounts/register/")
        form = page.locator("form:has(input[name=password1])")
        if not form.count():
            return SignedIn(False, refusal=_refusal(page, response, "no registration form"))
        form.locator("input[name=email]").fill(persona.email)
        form.locator("input[name=password1]").fill(persona.password)
        form.locator("input[name=password2]").fill(persona.password)
        pages.submit(page, form.locator("button[type=submit]").first)
        return self._signed_in(page, exists_hint=True)

    def log_in(self, page: Page, persona: Persona) -> SignedIn:
        language = _lang(page)
        response = page.goto(f"/{language}/accounts/login/")
        form = page.locator("form:has(input[name=login-username])")
        if not form.count():
            return SignedIn(False, refusal=_refusal(page, response, "no login form"))
        form.locator("input[name=login-username]").fill(persona.email)
        form.locator("input[name=login-password]").fill(persona.password)
        pages.submit(page, form.locator("button[name=login_submit], button[type=submit]").first)
        return self._signed_in(page)

    def log_out(self, page: Page) -> None:
        page.goto(f"/{_lang(page)}/accounts/logout/")

    def orders(self, page: Page) -> OrderList:
        response = page.goto(f"/{_lang(page)}/accounts/orders/")
        raw = page.evaluate(READ_ACCOUNT)
        if "/accounts/orders/" not in raw["path"]:  # sent to log in
            return OrderList(refusal=_refusal(page, response, "asked to log in"))
        return OrderList([OrderSummary(o["ref"], o["total"]) for o in raw["orders"] if o["ref"]])

    def open_order(self, page: Page, ref: str) -> AccountOrder:
        response = page.goto(f"/{_lang(page)}/accounts/orders/{ref}/")
        raw = page.evaluate(READ_ACCOUNT)
        status = response.status if response else 0
        if status >= 400 or f"/accounts/orders/{ref}" not in raw["path"]:
            return AccountOrder(None, refusal=_refusal(page, response, "the order page is not shown"))
        # Oscar's order page: the lines, then the cart, shipping and order totals, the order's last
        priced = [pages.money(cells[-1], raw["lang"]) for cells in raw["cells"] if len(cells) >= 2]
        total = next((p for p in reversed(priced) if p is not None), None)
        return AccountOrder(ref, total.currency if total else raw["currency"], total.amount if total else None)

    def _signed_in(self, page: Page, exists_hint: bool = False) -> SignedIn:
        raw = page.evaluate(READ_ACCOUNT)
        if not raw["signedIn"]:
            said = " ".join(raw["errors"]) or raw["heading"]
            exists = exists_hint and bool(re.search(r"already|bereits|existiert", said, re.I))
            return SignedIn(False, refusal=Refusal(said, raw["lang"]), exists=exists)
        page.goto(f"/{_lang(page)}/accounts/profile/")
        profile = page.evaluate(READ_ACCOUNT)
        rows = {cells[0]: cells[-1] for cells in profile["cells"] if len(cells) >= 2}
        email = next((v for v in rows.values() if "@" in v), "")
        name = next((v for k, v in rows.items() if k.lower() in ("name",)), "")
        return SignedIn(True, name=name, email=email)


def _lang(page: Page) -> str:
    return pages.language_prefix(page) or "en"


def _refusal(page: Page, response, fallback: str) -> Refusal:
    raw = page.evaluate(READ_ACCOUNT)
    return Refusal(" ".join(raw["errors"]) or raw["heading"] or fallback, raw["lang"], 0,
                   response.status if response else 0)
