"""Prices per market, promotions and the tax rule at checkout."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .i18n import currency_step
from .settings import Currency, Market, Product, Promotion


def round_to(amount: Decimal, step: Decimal) -> Decimal:
    return (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def shelf_price(product: Product, market: Market, currency: Currency) -> Decimal:
    """The price a customer of `market` sees on the shelf: gross where VAT is included."""
    amount = product.price_eur * currency.rate
    if market.tax.kind == "vat_included":
        amount *= 1 + market.tax.rate / 100
    minor = currency_step(market.currency)
    return round_to(amount, max(currency.round_to, minor)).quantize(minor)


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    discount: Decimal
    promotion: str | None
    shipping: Decimal
    tax: Decimal
    tax_included: bool
    tax_rate: Decimal
    total: Decimal


def applicable_promotion(market: Market, subtotal: Decimal) -> Promotion | None:
    eligible = [p for p in market.promotions if subtotal >= p.rule.threshold]
    return max(eligible, key=lambda p: p.rule.discount, default=None)


def totals(market: Market, subtotal: Decimal, shipping: Decimal, region: str | None) -> Totals:
    step = currency_step(market.currency)
    promo = applicable_promotion(market, subtotal)
    discount = min(promo.rule.discount, subtotal) if promo else Decimal(0)
    goods = subtotal - discount
    tax_rule = market.tax
    if tax_rule.kind == "vat_included":
        rate = tax_rule.rate
        tax = round_to((goods + shipping) * rate / (100 + rate), step)
        total = goods + shipping
    elif tax_rule.kind == "sales_tax":
        rate = tax_rule.regions.get(region or "", tax_rule.rate)
        tax = round_to(goods * rate / 100, step)
        total = goods + shipping + tax
    else:
        rate, tax, total = Decimal(0), Decimal(0), goods + shipping
    q = lambda d: d.quantize(step)  # noqa: E731
    return Totals(
        subtotal=q(subtotal),
        discount=q(discount),
        promotion=promo.id if promo else None,
        shipping=q(shipping),
        tax=q(tax),
        tax_included=tax_rule.kind == "vat_included",
        tax_rate=rate,
        total=q(total),
    )
