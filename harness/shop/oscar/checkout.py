"""An Oscar shop's basket and checkout: gateway (guest e-mail), shipping address, shipping method
(Oscar chooses it itself where one delivers), payment (none required), preview, thank-you page;
and the confirmation e-mail from the mail catcher."""
from __future__ import annotations

import re
import time
from decimal import Decimal

from playwright.sync_api import Page

from ..capabilities import Capability, NotOffered
from ..catalogue import Refusal
from ..checkout import (AddressStep, Cart, Confirmation, ConfirmationMail, DeliveryDetails, Line, PaymentStep, Review,
                        ShippingOption, StoredOrder, Totals)
from ..mailbox import Mailbox
from . import pages
from .catalogue import OscarCatalogue
from .ids import SHIPPING_METHODS

MAIL_WAIT_S = 10.0
# harness field -> the Oscar address form's field
FIELDS = {"street": "line1", "street2": "line2", "city": "line4", "postcode": "postcode", "region": "state",
          "phone": "phone_number"}


class OscarCheckout:
    def __init__(self, catalogue: OscarCatalogue, mailbox: Mailbox | None):
        self.catalogue, self.mailbox = catalogue, mailbox

    def open_cart(self, page: Page) -> Cart:
        page.goto(f"/{self._lang(page)}/basket/")
        raw = pages.read(page)
        lines = self._lines(page, raw)
        return Cart(lines, self._totals(raw) if lines else None, raw["currency"])

    def enter_address(self, page: Page, details: DeliveryDetails) -> AddressStep:
        language = self._lang(page)
        page.goto(f"/{language}/checkout/")
        if page.locator("#id_username").count() and page.locator("input[name=options][value=anonymous]").count():
            page.fill("#id_username", details.email)
            page.check("input[name=options][value=anonymous]")
            pages.submit(page, page.locator("form button[type=submit]").first)
        if "/checkout/shipping-address/" not in page.url:
            page.goto(f"/{language}/checkout/shipping-address/")
        form = page.locator("#new_shipping_address")
        prefilled = {name: form.locator(f"[name={field}]").input_value()
                     for name, field in FIELDS.items() if form.locator(f"[name={field}]").count()}
        a = details.address
        first, _, last = a.name.partition(" ")
        typed = {"name": a.name, "email": details.email, "street": a.street, "street2": a.street2, "city": a.city, "postcode": a.postcode or "",
                 "phone": details.phone}
        if a.region_code and form.locator("[name=state]").count():
            typed["region"] = a.region_code
        country = form.locator("select[name=country]")
        offered = country.evaluate("s => [...s.options].map(o => o.value)") if country.count() else []
        if country.count() and a.country not in offered:
            return AddressStep(False, refusal=Refusal(f"the address form offers no {a.country}: it delivers to "
                                                      f"{', '.join(o for o in offered if o)}", pages.read(page)["lang"]),
                               typed=typed, prefilled=prefilled)
        values = {"first_name": first, "last_name": last or first,
                  **{FIELDS[name]: value for name, value in typed.items() if name in FIELDS}}
        page.evaluate("""([values]) => { const f = document.querySelector('#new_shipping_address');
            for (const [k, v] of Object.entries(values)) { const el = f.querySelector(`[name="${k}"]`); if (el) el.value = v; } }""",
                      [values])
        if country.count():
            country.select_option(a.country)
        pages.submit(page, form.locator("button[type=submit]").first)
        raw = pages.read(page)
        if "/checkout/shipping-address/" in page.url or "/checkout/shipping-method/" in page.url and raw["messages"]:
            errors = {_harness_name(k): v or "not accepted" for k, v in raw["errors"].items()}
            said = " ".join(raw["messages"] + raw["formErrors"])
            if not errors and said:  # Oscar: "Shipping is unavailable for your chosen address"
                return AddressStep(False, refusal=Refusal(said, raw["lang"]), typed=typed, prefilled=prefilled)
            return AddressStep(False, field_errors=errors or {"address": said or "not accepted"}, typed=typed,
                               prefilled=prefilled)
        return AddressStep(True, shipping=self._shipping(page), typed=typed, prefilled=prefilled)

    def choose_shipping(self, page: Page, method: str) -> PaymentStep:
        # One method delivers to each country: Oscar chose it and went on to the payment step.
        if "/checkout/payment-details/" not in page.url:
            page.goto(f"/{self._lang(page)}/checkout/payment-details/")
        return PaymentStep(methods=["none"])  # Oscar asks for no payment: the business id "none"

    def pay(self, page: Page, method: str, card_number: str = "") -> Review:
        page.goto(f"/{self._lang(page)}/checkout/preview/")
        raw = pages.read(page)
        return Review(lines=self._lines(page, raw), totals=self._totals(raw), payment=None)

    def place_order(self, page: Page) -> Confirmation:
        if "/checkout/preview/" not in page.url:
            page.goto(f"/{self._lang(page)}/checkout/preview/")
        pages.submit(page, page.locator("#place_order_form button[type=submit], #place-order").first)
        return self._confirmation(page)

    def open_order(self, page: Page, ref: str) -> Confirmation:
        if "/checkout/thank-you/" in page.url:
            return self._confirmation(page)
        raise NotOffered(Capability.GUEST_CHECKOUT)  # a guest's order page is only its thank-you page

    def stored_order(self, page: Page, ref: str) -> StoredOrder | Refusal:
        raise NotOffered(Capability.ORDER_API)  # Oscar has no order API

    def confirmation_mail(self, page: Page, email: str, ref: str) -> ConfirmationMail | None:
        if self.mailbox is None:
            raise NotOffered(Capability.CONFIRMATION_EMAIL)
        deadline = time.monotonic() + MAIL_WAIT_S
        while True:
            mail = next((m for m in self.mailbox.messages(email) if re.search(rf"\b{re.escape(ref)}\b", m.subject)), None)
            if mail is not None or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        if mail is None:
            return None
        return _mail(mail, ref)

    # --- reading
    def _lang(self, page: Page) -> str:
        return pages.language_prefix(page) or "en"

    def _lines(self, page: Page, raw: dict) -> list[Line]:
        return [Line(self.catalogue.sku_of(page, line["href"]), int(line["quantity"] or 0))
                for line in raw["lines"] if str(line["quantity"]).strip().isdigit()]

    def _totals(self, raw: dict) -> Totals | None:
        found = raw["totals"]
        if not found:
            return None
        language = raw["lang"]
        amounts = [(cells[0], pages.money(cells[-1], language)) for cells in found["rows"] if len(cells) >= 2]
        amounts = [(label, price) for label, price in amounts if price is not None]
        if not amounts:
            return None
        subtotal = amounts[0][1].amount
        total = pages.money(found["total"], language)
        shipping = amounts[1][1].amount if len(amounts) > 1 and amounts[1][1] is not None else Decimal(0)
        vat = found.get("vat")
        tax = pages.money(vat["amount"], language).amount if vat and pages.money(vat["amount"], language) else Decimal(0)
        return Totals(subtotal=subtotal, discount=Decimal(0), shipping=shipping, tax=tax,
                      tax_added=False if vat else None, total=total.amount if total else subtotal,
                      total_text=total.text if total else "")

    def _shipping(self, page: Page) -> list[ShippingOption]:
        """The method Oscar chose (one delivers to each country), as the preview's totals name it."""
        page.goto(f"/{self._lang(page)}/checkout/preview/")
        totals = pages.read(page)["totals"] or {"rows": []}
        names = [cells[0] for cells in totals["rows"] if cells and cells[0] in SHIPPING_METHODS]
        return [ShippingOption(SHIPPING_METHODS[name], None, None, name) for name in names]

    def _confirmation(self, page: Page) -> Confirmation:
        raw = pages.read(page)
        contact = raw["contact"]
        # Oscar's contact block: "Phone: ..." and, for a guest, "Email: ..." (German "Telefon", "E-Mail-Adresse")
        phone = re.search(r"(?:Phone|Telefon)\s*:\s*(\S+)", contact)
        mail = re.search(r"(?:Email|E-Mail(?:-Adresse)?)\s*:\s*(\S+@\S+)", contact)
        address = raw["address"]
        totals = self._totals(raw)
        return Confirmation(ref=raw["order"] or "", language=raw["lang"], currency=raw["currency"] or "",
                            lines=self._lines(page, raw), totals=totals, name=address[0] if address else "",
                            address=address[1:], phone=phone.group(1) if phone else "",
                            email=mail.group(1) if mail else None)  # a signed-in customer's is not shown


def _harness_name(field: str) -> str:
    return {v: k for k, v in FIELDS.items()}.get(field, {"first_name": "name", "last_name": "name"}.get(field, field))


def _mail(mail, ref: str) -> ConfirmationMail:
    """Oscar's ORDER_PLACED text: the order total line, then the shipping address block."""
    text = mail.text
    total = re.search(r"^(?:Order Total|Bestellsumme|Gesamtsumme)[^:\n]*:\s*(.+)$", text, re.M | re.I)
    shown = pages.money(total.group(1), mail.language or "en") if total else None
    block = re.search(r":\s*\n\n((?:  .+\n)+)", text[text.find(total.group(0)) if total else 0:])
    lines = [line.strip() for line in block.group(1).splitlines() if line.strip()] if block else []
    return ConfirmationMail(subject=mail.subject, language=mail.language, ref=ref,
                            total=shown.amount if shown else None, total_text=shown.text if shown else "",
                            name=lines[0] if lines else "", address=lines[1:], phone=None)
