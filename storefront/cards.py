"""Card numbers at checkout. A staging shop takes the payment processors' public test cards only,
so a real card number never reaches its database."""
from __future__ import annotations

import re

from .i18n import N_

# The processors' published test numbers (Stripe, Adyen, Braintree), by brand.
TEST_CARDS: dict[str, str] = {
    "4242424242424242": "visa",
    "4000056655665556": "visa",  # debit
    "4111111111111111": "visa",
    "4012888888881881": "visa",
    "5555555555554444": "mastercard",
    "2223003122003222": "mastercard",
    "5200828282828210": "mastercard",  # debit
    "5105105105105100": "mastercard",  # prepaid
    "378282246310005": "amex",
    "371449635398431": "amex",
    "6011111111111117": "discover",
    "6011000990139424": "discover",
    "3056930009020004": "diners",
    "36227206271667": "diners",
    "3566002020360505": "jcb",
    "6200000000000005": "unionpay",
}
EXAMPLE = "4242 4242 4242 4242"
REQUIRED = N_("Please enter a card number: this staging shop takes test cards only, such as {example}.")
FIELD_MESSAGE = N_("Please use a test card.")  # beside the field; the refusal says why
_DIGITS = re.compile(r"[0-9]{12,19}")


class CardRefused(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message  # message: a msgid with {example}


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def check_card(number: str) -> str:
    """The card's digits (spaces removed), or CardRefused: missing, malformed or not a test card."""
    digits = "".join(number.split())
    if not digits:
        raise CardRefused("card_required", REQUIRED)
    if not _DIGITS.fullmatch(digits) or not luhn_ok(digits):
        raise CardRefused("invalid_card", N_("This is not a valid card number. Please use a test card, such as {example}."))
    if digits not in TEST_CARDS:
        raise CardRefused("not_a_test_card", N_("This staging shop takes test cards only. Please use a test card, such as {example}."))
    return digits
