"""The reference storefront's after-sales: the order page's return and warranty forms, the return,
warranty and ticket pages, the chatbot's API, the refund e-mail, and the staging hook
`POST /_staging/orders/{ref}/delivered`.

Orders are placed the way the checkout pages would place them, but as form posts over
`page.request` (the persona's cookies and address, no page rendered): the order then belongs to
the persona's browser session, so its pages open for the persona and for no one else.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from decimal import Decimal

import httpx
from playwright.sync_api import APIResponse, Page

from ...personas import Persona
from ..aftersales import (Opened, OrderPage, PlacedOrder, Private, Refund, RefundMail, ReturnOutcome, Shown,
                          StatedRefundTime, TicketPage, WarrantyOutcome)
from ..catalogue import Price, Refusal
from ..mailbox import Mailbox


class ShopError(RuntimeError):
    """The shop did not let the adapter do what a journey asked: the journey is broken, not failed."""


READ = """() => {
  const one = (id, root = document) => root.querySelector(`[data-testid="${id}"]`);
  const text = el => el ? el.textContent.trim() : '';
  const data = (el, name) => el ? (el.dataset[name] ?? null) : null;
  const order = one('order'), ret = one('return'), claim = one('warranty'), ticket = one('ticket');
  const refund = ret && one('refund', ret), fee = claim && one('warranty-fee', claim);
  const retPolicy = ret && one('return-policy', ret), claimPolicy = claim && one('warranty-policy', claim);
  const error = one('return-error') || one('warranty-error') || one('refusal');
  return {
    lang: document.documentElement.lang,
    notice: text(document.querySelector('main .error, main p')),
    order: order && {ref: order.dataset.ref, delivered: data(one('order-delivered', order), 'deliveredOn'),
                     phone: text(one('order-phone', order)), email: text(one('order-email', order)),
                     card: text(one('order-card', order)), notYet: text(one('aftersales-not-yet', order)),
                     returnForm: !!one('return-form', order), warrantyForm: !!one('warranty-form', order)},
    error: error && {text: text(error), code: data(error, 'error')},
    ret: ret && {ref: ret.dataset.ref, status: ret.dataset.status, decision: text(one('return-decision', ret)),
                 requested: ret.dataset.requestedOn, delivered: ret.dataset.deliveredOn,
                 days: data(retPolicy, 'days'), lastDay: data(retPolicy, 'lastDay'), policy: text(retPolicy),
                 refund: refund && {amount: refund.dataset.amount, currency: refund.dataset.currency,
                                    from: refund.dataset.from, to: refund.dataset.to, text: text(refund)},
                 refundPolicy: text(one('refund-policy', ret)), email: text(one('return-email', ret))},
    claim: claim && {ref: claim.dataset.ref, status: claim.dataset.status, decision: text(one('warranty-decision', claim)),
                     delivered: claim.dataset.deliveredOn, months: data(claimPolicy, 'months'),
                     lastDay: data(claimPolicy, 'lastDay'), policy: text(claimPolicy),
                     fee: fee && {amount: fee.dataset.amount, currency: fee.dataset.currency, text: text(fee)},
                     email: text(one('warranty-email', claim))},
    ticket: ticket && {ref: data(one('ticket-ref', ticket), 'ref'), order: data(one('ticket-order', ticket), 'orderRef'),
                       email: text(one('ticket-email', ticket)), phone: text(one('ticket-phone', ticket))},
  };
}"""

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
LOOK_UP = {"order": ("/orders/", "/api/orders/"), "return": ("/returns/", "/api/returns/"),
           "warranty": ("/warranty/", "/api/warranty/"), "ticket": ("/tickets/", "/api/tickets/")}
REASONS = {"changed_mind": "changed_mind", "damaged": "damaged", "defective": "defective",
           "wrong_item": "wrong_item", "not_as_described": "not_as_described", "other": "other"}


class ReferenceAftersales:
    def __init__(self, staging: httpx.Client, mailbox: Mailbox):
        self.staging = staging
        self.mailbox = mailbox

    # ------------------------------------------------------------------ staging
    def set_delivered(self, order_ref: str, days_ago: int) -> dt.date:
        r = self.staging.post(f"/_staging/orders/{order_ref}/delivered", json={"days_ago": days_ago})
        if r.status_code != 200:
            raise ShopError(f"staging hook: order {order_ref} could not be marked delivered ({r.status_code}: {r.text[:200]})")
        return dt.date.fromisoformat(r.json()["delivered_on"])

    # ------------------------------------------------------------------ as the persona
    def place_order(self, page: Page, persona: Persona, categories: list[str], shipping_method: str,
                    payment_method: str) -> PlacedOrder:
        req = page.request
        listed = req.get("/api/products")
        if not listed.ok:
            raise ShopError(f"the product list answers {listed.status}: {listed.text()[:200]}")
        sku = next((p["sku"] for p in listed.json()["products"] if p["available"] and p["category"] in categories), None)
        if sku is None:
            raise ShopError(f"no product of {', '.join(categories)} on sale")
        csrf = _csrf(req.get(f"/p/{sku}"))
        a = persona.address
        card = persona.card_number if payment_method == "card" else ""
        _post(req, "/cart/add", csrf, sku=sku, quantity="1")
        _post(req, "/checkout", csrf, email=persona.email, phone=persona.phone, name=a.name, company=a.company,
              street=a.street, street2=a.street2, postcode=a.postcode or "", city=a.city, region=a.region_code or "",
              vat_id=persona.vat_id)
        _post(req, "/checkout/shipping", csrf, method=shipping_method)
        _post(req, "/checkout/payment", csrf, method=payment_method, card_number=card)
        placed = _post(req, "/checkout/place", csrf)
        ref = placed.headers.get("location", "").rstrip("/").rsplit("/", 1)[-1]
        return PlacedOrder(ref, sku, 1, persona.email, persona.phone, card)

    def open_order(self, page: Page, order_ref: str) -> OrderPage:
        raw = self._open(page, f"/orders/{order_ref}", "order")
        order = raw["order"]
        return OrderPage(order["ref"], _date(order["delivered"]), _shown(order))

    def request_return(self, page: Page, order_ref: str, items: list[tuple[str, int]],
                       reason: str | None) -> ReturnOutcome:
        raw = self._open(page, f"/orders/{order_ref}", "order")
        if not raw["order"]["returnForm"]:
            return ReturnOutcome(False, None, raw["order"]["notYet"] or "the order page offers no return",
                                 "the order page", _date(raw["order"]["delivered"]))
        form = page.get_by_test_id("return-form")
        for sku, quantity in items:
            form.locator(f'input[name="qty_{sku}"]').fill(str(quantity))
        if reason:
            form.locator('select[name="reason"]').select_option(REASONS[reason])
        raw, status = _submit(page, form, "request-return")
        ret = raw["ret"]
        if ret is None:
            refused = _refusal(raw, status)
            return ReturnOutcome(False, None, refused.text, "the order page",
                                 _date(raw["order"]["delivered"]) if raw["order"] else None, refusal=refused)
        refund = ret["refund"]
        return ReturnOutcome(
            accepted=ret["status"] == "accepted", ref=ret["ref"], text=ret["decision"], where="the return page",
            delivered_on=_date(ret["delivered"]), requested_on=_date(ret["requested"]),
            period_days=_int(ret["days"]), last_day=_date(ret["lastDay"]),
            refund=refund and Refund(_price(refund), _date(refund["from"]), _date(refund["to"]), refund["text"]),
            refund_time=stated(ret["refundPolicy"]) if ret["refundPolicy"] else None,
            contact=Shown({"email": ret["email"]}),
        )

    def claim_warranty(self, page: Page, order_ref: str, sku: str, problem: str) -> WarrantyOutcome:
        raw = self._open(page, f"/orders/{order_ref}", "order")
        if not raw["order"]["warrantyForm"]:
            return WarrantyOutcome(False, None, raw["order"]["notYet"] or "the order page offers no warranty claim",
                                   "the order page", _date(raw["order"]["delivered"]))
        form = page.get_by_test_id("warranty-form")
        form.locator('select[name="sku"]').select_option(sku)
        form.locator('textarea[name="problem"]').fill(problem)
        raw, status = _submit(page, form, "claim-warranty")
        claim = raw["claim"]
        if claim is None:
            refused = _refusal(raw, status)
            return WarrantyOutcome(False, None, refused.text, "the order page", refusal=refused)
        return WarrantyOutcome(
            accepted=claim["status"] == "accepted", ref=claim["ref"], text=claim["decision"], where="the warranty page",
            delivered_on=_date(claim["delivered"]), period_months=_int(claim["months"]), last_day=_date(claim["lastDay"]),
            fee=_price(claim["fee"]), contact=Shown({"email": claim["email"]}),
        )

    def ask_refund_time(self, page: Page, question: str) -> StatedRefundTime:
        r = page.request.post("/api/chat", data={"message": question})
        if not r.ok:
            raise ShopError(f"the chatbot answers {r.status}: {r.text()[:200]}")
        return stated(r.json()["reply"])

    def refund_mail(self, to: str, return_ref: str) -> RefundMail | None:
        for mail in reversed(self.mailbox.messages(to)):
            if 'data-field="refund"' not in mail.html or f'data-field="ref">{return_ref}<' not in mail.html:
                continue
            refund = re.search(r'<p data-field="refund"([^>]*)>(.*?)</p>', mail.html, re.S)
            attrs = dict(re.findall(r'data-(\w+)="([^"]*)"', refund.group(1)))
            policy = re.search(r'<p data-field="policy">(.*?)</p>', mail.html, re.S)
            return RefundMail(
                mail.subject, mail.language,
                Refund(_price(attrs), _date(attrs.get("from")), _date(attrs.get("to")), html.unescape(refund.group(2)).strip()),
                stated(html.unescape(policy.group(1)).strip()) if policy else None, mail.text)
        return None

    def contact_support(self, page: Page, persona: Persona, order_ref: str, message: str) -> str:
        req = page.request
        csrf = _csrf(req.get("/contact"))
        r = _post(req, "/tickets", csrf, name=persona.name, email=persona.email, phone=persona.phone,
                  order_ref=order_ref, topic="order", message=message)
        return r.headers.get("location", "").rstrip("/").rsplit("/", 1)[-1]

    def open_ticket(self, page: Page, ticket_ref: str) -> TicketPage:
        ticket = self._open(page, f"/tickets/{ticket_ref}", "ticket")["ticket"]
        return TicketPage(ticket["ref"] or ticket_ref, ticket["order"], Shown({"email": ticket["email"], "phone": ticket["phone"]}))

    # ------------------------------------------------------------------ as anyone
    def look_up(self, page: Page, kind: Private, ref: str) -> list[Opened]:
        out = []
        page_path, api_path = LOOK_UP[kind]
        r = page.request.get(page_path + ref, max_redirects=0)
        out.append(Opened(f"the {kind} page", r.status, r.status == 200 and f'data-testid="{kind}"' in r.text()))
        r = page.request.get(api_path + ref, max_redirects=0)
        out.append(Opened(f"the {kind} API", r.status, r.ok))
        return out

    # ------------------------------------------------------------------ reading pages
    def _open(self, page: Page, path: str, kind: str) -> dict:
        response = page.goto(path)
        raw = page.evaluate(READ)
        if raw.get(kind) is None:
            status = response.status if response else 0
            raise ShopError(f"{path} does not open for its owner ({status}): {raw['notice'][:200]}")
        return raw


def _submit(page: Page, form, button: str) -> tuple[dict, int]:
    """Submits the form with its button; a form the browser itself will not send (a required
    field left empty) answers with the browser's message instead."""
    invalid = form.evaluate("f => f.checkValidity() ? null : "
                            "([...f.elements].find(e => !e.validity.valid) || {}).validationMessage || 'invalid form'")
    if invalid:
        return {"ret": None, "claim": None, "order": None, "error": {"text": invalid, "code": "browser"},
                "lang": page.evaluate("document.documentElement.lang"), "notice": invalid}, 0
    # Submitted as its button would submit it; not clicked, because on a narrow screen a
    # right-to-left page that overflows its viewport scrolls the button out from under a click.
    with page.expect_navigation() as nav:
        form.evaluate("(f, id) => f.requestSubmit(f.querySelector(`[data-testid='${id}']`))", button)
    response = nav.value
    return page.evaluate(READ), response.status if response else 0


def _refusal(raw: dict, status: int) -> Refusal:
    said = (raw.get("error") or {}).get("text") or raw.get("notice") or ""
    return Refusal(said, raw.get("lang") or "", 0, status)


def _post(req, path: str, csrf: str, **fields: str) -> APIResponse:
    """A form post as the page's own form would send it; it must be answered with a redirect."""
    r = req.post(path, form={"csrf": csrf, **fields}, max_redirects=0)
    if r.status not in (302, 303):
        body = r.text()
        said = re.findall(r'(?:data-testid="refusal"|data-error="[^"]*")[^>]*>([^<]+)<', body)
        raise ShopError(f"POST {path} answers {r.status}: {'; '.join(html.unescape(s).strip() for s in said) or body[:200]}")
    return r


def _csrf(response: APIResponse) -> str:
    found = CSRF.search(response.text())
    if not response.ok or not found:
        raise ShopError(f"{response.url} answers {response.status} without a form to post")
    return found.group(1)


def stated(text: str) -> StatedRefundTime:
    """The business days a sentence states: its numbers, in any script's digits ("3 to 5",
    "3–5", "٣ إلى ٥"); one figure is a range of one, anything else no single range."""
    numbers = numbers_in(text)
    if len(numbers) == 1:
        return StatedRefundTime((numbers[0], numbers[0]), text)
    if len(numbers) == 2 and numbers[0] <= numbers[1]:
        return StatedRefundTime((numbers[0], numbers[1]), text)
    return StatedRefundTime(None, text)


def numbers_in(text: str) -> list[int]:
    out, digits = [], ""
    for char in text + " ":
        if char.isdecimal():
            digits += str(unicodedata.decimal(char))
        elif digits:
            out.append(int(digits))
            digits = ""
    return out


def _shown(raw: dict) -> Shown:
    return Shown({name: raw.get(name) or "" for name in ("phone", "email", "card")})


def _price(raw: dict | None) -> Price | None:
    if not raw or raw.get("amount") in (None, "", "None"):
        return None
    return Price(Decimal(raw["amount"]), raw.get("currency") or "", raw.get("text", ""))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value and value != "None" else None


def _int(value: str | None) -> int | None:
    return int(value) if value not in (None, "") else None
