"""Names of the codes the help centre and the chatbot print: topics, channels, payment methods,
complaints and remedies, masked fields. msgids, translated where they are shown (`fmt._(...)`)."""
from __future__ import annotations

from ..i18n import N_

TOPICS = {
    "shipping": N_("Shipping and delivery"),
    "returns": N_("Returns"),
    "refunds": N_("Refunds"),
    "warranty": N_("Warranty"),
    "payment": N_("Payment"),
    "privacy": N_("Privacy"),
}

CHANNELS = {
    "help_centre": N_("Help centre"),
    "chat": N_("Chat"),
    "email": N_("E-mail"),
    "callback": N_("Phone callback"),
}

# Generic payment methods get a translated name; brands keep theirs in every language.
PAYMENT_METHODS = {
    "card": N_("Credit or debit card"),
    "cod": N_("Cash on delivery"),
    "sepa": N_("SEPA direct debit"),
    "konbini": N_("Convenience store payment"),
}
BRANDS = {
    "paypal": "PayPal", "apple_pay": "Apple Pay", "google_pay": "Google Pay", "ideal": "iDEAL",
    "klarna": "Klarna", "bancontact": "Bancontact", "twint": "TWINT", "swish": "Swish", "vipps": "Vipps",
    "mobilepay": "MobilePay", "blik": "BLIK", "boleto": "Boleto", "pix": "Pix", "oxxo": "OXXO",
    "mercado_pago": "Mercado Pago", "alipay": "Alipay", "wechat_pay": "WeChat Pay", "kakaopay": "KakaoPay",
    "upi": "UPI", "paytm": "Paytm", "promptpay": "PromptPay", "fpx": "FPX", "grabpay": "GrabPay",
    "gcash": "GCash", "mada": "mada", "m_pesa": "M-Pesa",
}

COMPLAINTS = {
    "damaged_parcel": N_("Parcel arrived damaged"),
    "wrong_item": N_("Wrong item received"),
    "missing_parcel": N_("Parcel did not arrive"),
}

REMEDIES = {
    "replacement": N_("Replacement at no cost"),
    "refund": N_("Full refund"),
    "pick_up": N_("Free pick-up from your address"),
}

MASKED_FIELDS = {
    "phone": N_("Phone number"),
    "email": N_("E-mail address"),
    "card": N_("Card number"),
}


def payment_method(gettext, method: str) -> str:
    if method in PAYMENT_METHODS:
        return gettext(PAYMENT_METHODS[method])
    return BRANDS.get(method) or method.replace("_", " ").title()
