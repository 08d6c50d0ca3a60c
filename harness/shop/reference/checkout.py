"""The reference storefront's cart, checkout steps, order page, order e-mail and order API.

Each page is read in one `page.evaluate` (READ_CHECKOUT); the confirmation e-mail's HTML is
parsed by the browser too (DOMParser), so the mail is read the way the page is.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse
from decimal import Decimal, InvalidOperation

from playwright.sync_api import Page

from ..capabilities import CannotPerform
from ..catalogue import Refusal
from ..checkout import (AddressStep, Cart, Confirmation, ConfirmationMail, DeliveryDetails, Line, PaymentStep,
                        Review, ShippingOption, StoredOrder, Totals)
from ..mailbox import Mailbox

READ_CHECKOUT = """() => {
  const one = (id, root = document) => root.querySelector(`[data-testid="${id}"]`);
  const text = el => el ? el.textContent.trim() : '';
  const amount = el => el ? el.dataset.amount : null;
  const totals = root => {
    const t = one('totals', root);
    if (!t) return null;
    const tax = one('tax', t);
    return {subtotal: amount(one('subtotal', t)), discount: amount(one('discount', t)), shipping: amount(one('shipping', t)),
            tax: amount(tax), tax_included: tax ? tax.dataset.included : null,
            total: amount(one('total', t)), total_text: text(one('total', t))};
  };
  const lines = table => table ? [...table.querySelectorAll('tr[data-sku]')].map(r => {
    const qty = r.querySelector('input[name=quantity]');
    const m = r.textContent.match(/(\\d+)\\s*×/);
    return {sku: r.dataset.sku, quantity: qty ? +qty.value : (m ? +m[1] : 1)};
  }) : [];
  const market = one('market');
  const form = one('address-form');
  const order = one('order');
  const refusal = one('refusal');
  return {
    path: location.pathname,
    lang: document.documentElement.lang,
    currency: market && market.dataset.currency,
    cart: one('cart-lines') || one('cart-empty') ? {lines: lines(one('cart-lines')), totals: totals(document)} : null,
    address: form && {fields: (form.dataset.fields || '').split(',').filter(Boolean),
                      values: Object.fromEntries([...form.querySelectorAll('input[name], select[name]')]
                                .filter(i => i.name !== 'csrf').map(i => [i.name, i.value])),
                      errors: Object.fromEntries([...document.querySelectorAll('[data-error]')]
                                .map(e => [e.dataset.error, text(e)]))},
    refusal: refusal && text(refusal),
    alert: text(document.querySelector('main [role=alert]')),
    shipping: one('shipping-form') && [...one('shipping-form').querySelectorAll('label[data-method]')].map(l => {
      const e = one('estimate', l);
      return {method: l.dataset.method, earliest: e && e.dataset.earliest, latest: e && e.dataset.latest, text: text(e)};
    }),
    payment: one('payment-form') && [...one('payment-form').querySelectorAll('label[data-payment]')]
                                      .map(l => l.dataset.payment),
    review: one('place-order') && {lines: lines(one('review-lines')), totals: totals(document),
                                   payment: (one('review-payment') || {dataset: {}}).dataset.payment || null},
    order: order && {ref: order.dataset.ref, currency: order.dataset.currency,
                     lines: lines(order.querySelector('table:not([data-testid])')), totals: totals(order),
                     name: text(one('order-name', order)),
                     address: [...order.querySelectorAll('[data-testid="order-address"] [data-field]')].map(text),
                     phone: text(one('order-phone', order)), email: text(one('order-email', order)),
                     card: text(one('order-card', order)).replace(/^[^:]*:\\s*/, ''),
                     delivery: (d => d && [d.dataset.earliest, d.dataset.latest])(one('order-delivery', order))},
  };
}"""

READ_MAIL = """html => {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const field = name => doc.querySelector(`[data-field="${name}"]`);
  const text = el => el ? el.textContent.trim() : '';
  const lines = el => el ? [...el.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)
                                             .map(n => n.textContent.trim()).filter(Boolean) : [];
  const total = field('total');
  return {ref: text(field('ref')), total: total && total.dataset.amount, total_text: text(total),
          name: text(field('name')), address: lines(field('address')), phone: text(field('phone')),
          card: text(field('card')).replace(/^[^:]*:\\s*/, '')};
}"""

# Fills a form in one round trip: each field as typing or choosing would leave it (its value set,
# input and change fired; a radio group's option checked). The form is then sent from its button.
FILL = """({form, values}) => {
  const root = document.querySelector(`[data-testid="${form}"]`);
  for (const [name, value] of Object.entries(values)) {
    const fields = [...root.querySelectorAll(`[name="${name}"]`)];
    if (!fields.length) throw new Error(`the ${form} has no field ${name}`);
    for (const el of fields) {
      if (el.type === 'radio' || el.type === 'checkbox') el.checked = el.value === value;
      else el.value = value;
      el.dispatchEvent(new Event('input', {bubbles: true}));
      el.dispatchEvent(new Event('change', {bubbles: true}));
    }
  }
}"""


class ReferenceCheckout:
    def __init__(self, mailbox: Mailbox):
        self.mailbox = mailbox

    # ------------------------------------------------------------------ cart and address
    def open_cart(self, page: Page) -> Cart:
        if not _at(page, "/cart"):
            page.goto("/cart")
        raw = _read(page)
        cart = raw["cart"] or {"lines": [], "totals": None}
        return Cart([Line(x["sku"], x["quantity"]) for x in cart["lines"]], _totals(cart["totals"]), raw["currency"])

    def enter_address(self, page: Page, details: DeliveryDetails) -> AddressStep:
        if not _at(page, "/checkout"):  # from the cart, or from the shipping step after an earlier address
            page.goto("/checkout")
        raw = _read(page)
        if raw["address"] is None:
            raise CannotPerform(f"the address step did not open (at {raw['path']}: {raw['alert'] or 'no form'})")
        prefilled = {k: v for k, v in raw["address"]["values"].items() if v}
        values = _form_values(details)
        typed = {name: values.get(name, "") for name in ["email", "phone", *raw["address"]["fields"]]}
        page.evaluate(FILL, {"form": "address-form", "values": typed})
        response = _send(page, page.get_by_test_id("address-form").get_by_test_id("continue"))
        raw = _read(page)
        if raw["shipping"] is not None:
            return AddressStep(True, [_option(o) for o in raw["shipping"]], typed=typed, prefilled=prefilled)
        errors = (raw["address"] or {}).get("errors", {})
        refusal = None
        if raw["refusal"] or not errors:
            refusal = Refusal(raw["refusal"] or raw["alert"], raw["lang"], 0, response.status if response else 0)
        return AddressStep(False, refusal=refusal, field_errors=errors, typed=typed, prefilled=prefilled)

    # ------------------------------------------------------------------ shipping, payment, order
    def choose_shipping(self, page: Page, method: str) -> PaymentStep:
        page.evaluate(FILL, {"form": "shipping-form", "values": {"method": method}})
        _send(page, page.get_by_test_id("shipping-form").get_by_test_id("continue"))
        raw = _read(page)
        if raw["payment"] is None:
            raise CannotPerform(f"the payment step did not open (at {raw['path']}: {raw['alert'] or 'no form'})")
        return PaymentStep(raw["payment"])

    def pay(self, page: Page, method: str, card_number: str = "") -> Review:
        values = {"method": method, **({"card_number": card_number} if method == "card" else {})}
        page.evaluate(FILL, {"form": "payment-form", "values": values})
        response = _send(page, page.get_by_test_id("payment-form").get_by_test_id("continue"))
        raw = _read(page)
        review = raw["review"]
        if review is None:
            status = response.status if response else 0
            return Review(refusal=Refusal(raw["alert"] or raw["refusal"] or "", raw["lang"], 0, status))
        return Review([Line(x["sku"], x["quantity"]) for x in review["lines"]], _totals(review["totals"]), review["payment"])

    def place_order(self, page: Page) -> Confirmation:
        _send(page, page.get_by_test_id("place-order"))
        return self._confirmation(page)

    def open_order(self, page: Page, ref: str) -> Confirmation:
        page.goto(f"/orders/{ref}")
        return self._confirmation(page)

    @staticmethod
    def _confirmation(page: Page) -> Confirmation:
        raw = _read(page)
        o = raw["order"]
        if o is None:
            raise CannotPerform(f"no order page (at {raw['path']}: {raw['refusal'] or raw['alert'] or 'no order shown'})")
        delivery = (_date(o["delivery"][0]), _date(o["delivery"][1])) if o["delivery"] else None
        return Confirmation(ref=o["ref"], language=raw["lang"], currency=o["currency"],
                            lines=[Line(x["sku"], x["quantity"]) for x in o["lines"]], totals=_totals(o["totals"]),
                            name=o["name"], address=o["address"], phone=o["phone"], email=o["email"], card=o["card"],
                            delivery=delivery)

    # ------------------------------------------------------------------ what the shop kept and sent
    def stored_order(self, page: Page, ref: str) -> StoredOrder | Refusal:
        response = page.request.get(f"/api/orders/{ref}")
        if not response.ok:
            return Refusal(response.text()[:200], "", status=response.status)
        o = response.json()
        return StoredOrder(ref=o["ref"], currency=o["currency"], language=o["language"], email=o["email"],
                           name=o["name"], phone=o["phone"], address={k: v for k, v in o["address"].items() if k != "country"},
                           card_number=o.get("card_number") or "", total=Decimal(o["total"]),
                           lines=[Line(x["sku"], x["quantity"]) for x in o["lines"]])

    def confirmation_mail(self, page: Page, email: str, ref: str) -> ConfirmationMail | None:
        mine = [m for m in self.mailbox.messages(email) if ref in m.subject]
        if not mine:
            return None
        mail = mine[-1]
        raw = page.evaluate(READ_MAIL, mail.html)
        return ConfirmationMail(subject=mail.subject, language=mail.language, ref=raw["ref"], total=_decimal(raw["total"]),
                                total_text=raw["total_text"], name=raw["name"], address=raw["address"],
                                phone=raw["phone"], card=raw["card"])


def _send(page: Page, button):
    """Sends the form as a keyboard user does (Enter on its button): a click can miss the button
    where a right-to-left page overflows a phone's viewport. Returns the response."""
    with page.expect_navigation() as nav:
        button.press("Enter")
    return nav.value


def _at(page: Page, path: str) -> bool:
    return urlparse(page.url).path.endswith(path)


def _read(page: Page) -> dict:
    return page.evaluate(READ_CHECKOUT)


def _form_values(details: DeliveryDetails) -> dict[str, str]:
    a = details.address
    return {"email": details.email, "phone": details.phone, "name": a.name, "company": a.company,
            "street": a.street, "street2": a.street2, "postcode": a.postcode or "", "city": a.city,
            "region": a.region_code or "", "vat_id": details.vat_id}


def _option(raw: dict) -> ShippingOption:
    return ShippingOption(raw["method"], _date(raw["earliest"]), _date(raw["latest"]), re.sub(r"\s+", " ", raw["text"]))


def _totals(raw: dict | None) -> Totals | None:
    if not raw or raw["total"] is None:
        return None
    included = raw["tax_included"]
    return Totals(subtotal=_decimal(raw["subtotal"]) or Decimal(0), discount=_decimal(raw["discount"]) or Decimal(0),
                  shipping=_decimal(raw["shipping"]) or Decimal(0), tax=_decimal(raw["tax"]) or Decimal(0),
                  tax_added=None if included is None else included == "false",
                  total=_decimal(raw["total"]), total_text=raw["total_text"])


def _decimal(value: str | None) -> Decimal | None:
    try:
        return Decimal(value) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
