"""The reference storefront's account pages: register, log in, the order list, an order."""
from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import Page

from ...personas import Persona
from ..account import AccountOrder, OrderList, OrderSummary, SignedIn
from ..catalogue import Refusal
from . import pages

READ_ACCOUNT = """() => {
  const one = id => document.querySelector(`[data-testid="${id}"]`);
  const name = one('account-name');
  const order = one('order');
  const total = order && order.querySelector('[data-testid="total"]');
  const error = one('register-error') || one('login-error') || one('error');
  return {
    lang: document.documentElement.lang,
    heading: ((document.querySelector('main h1, body > h1') || {}).textContent || document.title || '').trim(),
    account: name && name.textContent.trim(),
    login_form: !!one('login'),
    orders: [...document.querySelectorAll('[data-testid="orders"] li')].map(li => {
      const a = li.querySelector('a');
      return {ref: a ? a.textContent.trim() : '', total: li.textContent.split('—').pop().trim()};
    }),
    order: order && {ref: order.dataset.ref, currency: order.dataset.currency, total: total && total.dataset.amount},
    error: error && error.textContent.trim(),
  };
}"""


class ReferenceAccount:
    def register(self, page: Page, persona: Persona) -> SignedIn:
        response = page.goto("/account/register")
        form = page.locator("form[action$='/account/register']")
        if not form.count():
            return SignedIn(False, refusal=_refusal(page.evaluate(READ_ACCOUNT), _status(response), "no registration form"))
        form.locator("input[name=name]").fill(persona.name)
        form.locator("input[name=email]").fill(persona.email)
        form.locator("input[name=phone]").fill(persona.phone)
        form.locator("input[name=password]").fill(persona.password)
        return self._submit(page, "register")

    def log_in(self, page: Page, persona: Persona) -> SignedIn:
        response = page.goto("/account/login")
        form = page.locator("form[action$='/account/login']")
        if not form.count():
            return SignedIn(False, refusal=_refusal(page.evaluate(READ_ACCOUNT), _status(response), "no login form"))
        form.locator("input[name=email]").fill(persona.email)
        form.locator("input[name=password]").fill(persona.password)
        return self._submit(page, "login")

    def log_out(self, page: Page) -> None:
        if not page.url.split("?")[0].endswith("/account"):
            page.goto("/account")
        if page.get_by_test_id("logout").count():
            pages.submit(page, page.get_by_test_id("logout"))

    def orders(self, page: Page) -> OrderList:
        response = page.goto("/account")
        raw = page.evaluate(READ_ACCOUNT)
        if raw["account"] is None:  # sent to the login form, or refused
            if raw["login_form"] and not raw["error"]:
                raw["error"] = "it asks to log in again"
            return OrderList([], _refusal(raw, _status(response), "no account shown"))
        return OrderList([OrderSummary(o["ref"], o["total"]) for o in raw["orders"] if o["ref"]])

    def open_order(self, page: Page, ref: str) -> AccountOrder:
        response = page.goto(f"/orders/{ref}")
        raw = page.evaluate(READ_ACCOUNT)
        order = raw["order"]
        if not order:
            return AccountOrder(None, refusal=_refusal(raw, _status(response), "the order is not shown"))
        return AccountOrder(order["ref"], order["currency"], Decimal(order["total"]) if order["total"] else None)

    @staticmethod
    def _submit(page: Page, button: str) -> SignedIn:
        status = pages.submit(page, page.get_by_test_id(button))
        raw = page.evaluate(READ_ACCOUNT)
        if raw["account"]:
            name, _, email = raw["account"].rpartition(" · ")
            return SignedIn(True, name, email)
        return SignedIn(False, refusal=_refusal(raw, status, "not signed in"))


def _refusal(raw: dict, status: int, otherwise: str):
    text = raw["error"] or raw["heading"] or otherwise
    return Refusal(text, raw["lang"], 0, status)


def _status(response) -> int:
    return response.status if response else 0
