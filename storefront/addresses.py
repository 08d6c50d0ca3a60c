"""Checkout input per country: address form, postcode rules, phone and e-mail."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import phonenumbers

from .settings import Market

MAX_FIELD = 200
OPTIONAL = {"company", "street2", "vat_id"}
# No whitespace and none of RFC 5322's specials, which would make the To: header name other recipients.
EMAIL = re.compile(r'^[^@\s()<>\[\]:;,\\"]{1,64}@[^@\s()<>\[\]:;,\\"]+\.[^@\s()<>\[\]:;,\\"]{2,}\Z')


def typed_postcode(value: str) -> str:
    """A postcode as typed on any keyboard: full-width and other-script digits become ASCII."""
    value = unicodedata.normalize("NFKC", value)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in value).upper()


@dataclass
class Checked:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)  # field -> msgid


def check_contact(data: dict[str, str], market: Market) -> Checked:
    email = (data.get("email") or "").strip()
    phone = (data.get("phone") or "").strip()
    out = Checked({"email": email, "phone": phone})
    if not EMAIL.match(email) or len(email) > MAX_FIELD:
        out.errors["email"] = "Please enter a valid e-mail address."
    try:
        parsed = phonenumbers.parse(phone, market.country)
        valid = phonenumbers.is_valid_number(parsed)
    except phonenumbers.NumberParseException:
        valid = False
    if not valid or len(phone) > 32:
        out.errors["phone"] = "Please enter a valid phone number."
    return out


def check_address(data: dict[str, str], market: Market) -> Checked:
    form = market.address
    out = Checked({})
    for name in form.fields:
        value = (data.get(name) or "").strip()
        out.values[name] = value
        if len(value) > MAX_FIELD:
            out.errors[name] = "This field is too long."
        elif not value and name not in OPTIONAL:
            out.errors[name] = "This field is required."
    if "postcode" in form.fields and form.postcode and "postcode" not in out.errors:
        postcode = typed_postcode(out.values["postcode"])
        if not re.fullmatch(form.postcode.pattern, postcode, flags=re.ASCII):
            out.errors["postcode"] = "This postcode is not valid for this country."
        else:
            out.values["postcode"] = postcode
    if "region" in form.fields and form.regions and "region" not in out.errors:
        if out.values["region"] not in form.regions:
            out.errors["region"] = "Please choose a region from the list."
    country = (data.get("country") or market.country).strip().upper()
    if country != market.country:
        out.errors["country"] = "This shop delivers only within its own country. Choose the shop of the destination country."
    out.values["country"] = market.country
    return out
