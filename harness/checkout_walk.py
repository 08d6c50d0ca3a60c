"""A browser checkout as one customer: land, pick a product, pay, read the confirmation and e-mail.

The first journey of the harness; the Screenplay-style journeys replace it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import httpx
import yaml
from playwright.sync_api import Browser, Page

SAMPLE_CUSTOMERS = Path(__file__).parent.parent / "personas" / "sample_customers.yaml"
TEST_CARD = "4242 4242 4242 4242"  # a staging shop takes the processors' test cards only
MASK = "•"  # what the shop shows in place of a masked digit


@dataclass
class Customer:
    id: str
    market: str
    locale: str
    time_zone: str
    ip: str
    currency: str
    email: str
    phone: str
    address: dict[str, str]


@dataclass
class WalkResult:
    customer: Customer
    problems: list[str] = field(default_factory=list)
    order_ref: str | None = None
    total: str | None = None

    @property
    def passed(self) -> bool:
        return not self.problems


def sample_customers(markets: list[str] | None = None) -> list[Customer]:
    rows = yaml.safe_load(SAMPLE_CUSTOMERS.read_text(encoding="utf-8"))
    customers = [Customer(**r) for r in rows]
    return [c for c in customers if not markets or c.market in markets]


def walk_checkout(browser: Browser, base_url: str, customer: Customer, timeout_ms: int = 15_000) -> WalkResult:
    result = WalkResult(customer)
    context = browser.new_context(
        base_url=base_url,
        locale=customer.locale,
        timezone_id=customer.time_zone,
        extra_http_headers={"X-Forwarded-For": customer.ip, "Accept-Language": customer.locale},
    )
    context.set_default_timeout(timeout_ms)
    try:
        page = context.new_page()
        _checkout(page, customer, result)
    except Exception as exc:  # a journey step failing is a finding, never a crash of the run
        result.problems.append(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        context.close()
    if result.order_ref:
        _check_mail(base_url, customer, result)
    return result


def _checkout(page: Page, customer: Customer, result: WalkResult) -> None:
    page.goto("/")
    market = page.get_by_test_id("market")
    if market.get_attribute("data-market") != customer.market:
        result.problems.append(f"landed in market {market.get_attribute('data-market')}, expected {customer.market}")
    if market.get_attribute("data-currency") != customer.currency:
        result.problems.append(f"landing currency {market.get_attribute('data-currency')}, expected {customer.currency}")
    if page.get_by_test_id("consent-prompt").count():
        page.get_by_test_id("consent-accept").click()
    page.get_by_test_id("product").first.locator("a").click()
    page.get_by_test_id("add-to-cart").click()
    page.get_by_test_id("checkout").click()
    form = page.get_by_test_id("address-form")
    form.locator("input[name=email]").fill(customer.email)
    form.locator("input[name=phone]").fill(customer.phone)
    for name, value in customer.address.items():
        field_ = form.locator(f"[name={name}]")
        if field_.evaluate("e => e.tagName") == "SELECT":
            field_.select_option(value)
        else:
            field_.fill(value)
    page.get_by_test_id("continue").click()
    if page.get_by_test_id("refusal").count():
        result.problems.append(f"address refused: {page.get_by_test_id('refusal').inner_text()}")
        return
    page.get_by_test_id("shipping-form").get_by_test_id("continue").click()
    payment = page.get_by_test_id("payment-form")
    if payment.locator("input[name=method]:checked").get_attribute("value") == "card":
        payment.locator("input[name=card_number]").fill(TEST_CARD)
    payment.get_by_test_id("continue").click()
    page.get_by_test_id("place-order").click()
    result.order_ref = page.get_by_test_id("order-ref").inner_text()
    result.total = page.get_by_test_id("total").inner_text()
    order = page.get_by_test_id("order")
    if order.get_attribute("data-currency") != customer.currency:
        result.problems.append(f"order currency {order.get_attribute('data-currency')}, expected {customer.currency}")
    if page.get_by_test_id("order-name").inner_text() != customer.address["name"]:
        result.problems.append(f"name on the order is {page.get_by_test_id('order-name').inner_text()!r}")
    shown = page.get_by_test_id("order-phone").inner_text()
    if not shows(shown, customer.phone):
        result.problems.append(f"phone on the order is {shown!r}")
    # The page may mask the phone; the owner's API returns it as stored.
    stored = page.request.get(f"/api/orders/{result.order_ref}").json().get("phone")
    if stored != customer.phone:
        result.problems.append(f"phone on the order is {stored!r} in the API")


def shows(shown: str, entered: str) -> bool:
    """The page shows what was entered, or its masked form: the same digits, some replaced by the mask."""
    if shown == entered:
        return True
    kept = [c for c in shown if c.isdigit() or c == MASK]
    digits = [c for c in entered if c.isdigit()]
    return MASK in kept and len(kept) == len(digits) and all(k in (MASK, d) for k, d in zip(kept, digits))


def _check_mail(base_url: str, customer: Customer, result: WalkResult) -> None:
    mails = httpx.get(f"{base_url}/_staging/mailbox", params={"to": customer.email}, timeout=10).json()
    mine = [m for m in mails if result.order_ref in m["subject"]]
    if not mine:
        result.problems.append("no confirmation e-mail received")
        return
    mail = mine[-1]
    if result.total and result.total not in mail["text"]:
        result.problems.append(f"e-mail total differs from the page's {result.total}")
    if mail["language"].split("-")[0] != customer.locale.split("-")[0]:
        result.problems.append(f"e-mail language {mail['language']}, expected {customer.locale}")
