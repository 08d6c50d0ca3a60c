"""Test card numbers: the payment networks' published test ranges, never a real card."""
from __future__ import annotations

# Numbers every major payment service provider documents for testing (Visa, Visa debit,
# Mastercard, Mastercard 2-series, American Express, Discover, JCB, UnionPay, Diners).
TEST_CARDS = (
    "4242424242424242",
    "4000056655665556",
    "5555555555554444",
    "2223003122003222",
    "5200828282828210",
    "378282246310005",
    "6011111111111117",
    "3566002020360505",
    "6200000000000005",
    "3056930009020004",
)


def luhn_valid(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) < 12 or len(digits) != len(number.replace(" ", "")):
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def is_test_card(number: str) -> bool:
    return number.replace(" ", "") in TEST_CARDS
