"""Tickets by e-mail: mail to support@storefront.test, through the shop's own SMTP sink, opens a
ticket (channel "email") and gets the acknowledgement back.

Which market a mail belongs to, most explicit first:
1. the address's tag: support+jp@storefront.test writes to the JP market's support;
2. the sender's customer account: the market they registered in;
3. the mail's Content-Language (its region, else its language, as Accept-Language is read);
4. the shop's default market.
The language is the Content-Language where that market offers it, else the market's first.
A market without e-mail support opens no ticket. Mail from the shop itself and automatic
replies (RFC 3834 Auto-Submitted) never open one, so two robots cannot write to each other.
"""
from __future__ import annotations

import logging
import re
import secrets
import unicodedata
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from ..addresses import EMAIL
from ..db import Customer, Order
from ..detection import best_language, parse_accept_language
from ..mail import SENDER, Mailer
from ..shop import Shop
from .intake import MAX_MESSAGE
from .mails import acknowledgement_mail
from .tickets import accepts, open_ticket

log = logging.getLogger("storefront.support")
SUPPORT_ADDRESS = "support@storefront.test"
_SUPPORT = re.compile(r"support(?:\+([a-z]{2}))?@storefront\.test", re.IGNORECASE)
_ORDER_REF = re.compile(r"\b([A-Z]{2}-[0-9A-F]{8})\b")
OWNER_PREFIX = "mail-"


def _clean(text: str) -> str:
    """Mail as a person wrote it, minus what cannot be stored: undecodable bytes (kept by the
    parser as lone surrogates) become U+FFFD, control characters other than line breaks go."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")


def _body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, ValueError):  # a charset no one knows: the bytes as UTF-8, as far as they go
        text = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
    if part.get_content_type() == "text/html":
        text = re.sub(r"<[^>]+>", " ", text)
    return text.strip()


class SupportInbox:
    def __init__(self, shop: Shop, sessions: sessionmaker, mailer: Mailer):
        self.shop, self.sessions, self.mailer = shop, sessions, mailer

    async def received(self, mail_from: str, recipients: list[str], raw: bytes) -> None:
        """The mail sink's hook: called for every accepted message, after it is stored."""
        tags = [m.group(1) or "" for m in (_SUPPORT.fullmatch(r) for r in recipients) if m]
        if not tags:
            return
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        name, address = parseaddr(_clean(str(msg.get("From") or mail_from)))
        address = address or mail_from
        name = name.strip()
        automatic = str(msg.get("Auto-Submitted") or "no").strip().lower() != "no"
        ours = address.lower() in (SENDER, SUPPORT_ADDRESS)
        if automatic or ours or not EMAIL.match(address) or not address.isprintable():
            return
        opened = self._open(tags[0].upper(), name, address, msg)
        if opened is not None:
            await self.mailer.send(*acknowledgement_mail(self.shop, *opened))

    def _open(self, tag: str, name: str, address: str, msg: EmailMessage):
        """Opens the ticket; returns (ticket, key) or None where the market takes no e-mail."""
        markets = self.shop.config.markets
        content_language = _clean(str(msg.get("Content-Language") or ""))[:100]
        subject = _clean(str(msg.get("Subject") or "")).strip()
        body = _clean(_body(msg))
        text = "\n\n".join(p for p in (subject, body) if p)[:MAX_MESSAGE * 5]
        with self.sessions() as db:
            customer = db.scalar(select(Customer).where(Customer.email == address.lower()))
            if tag in markets:
                market = markets[tag]
            elif customer is not None and customer.market in markets:
                market = markets[customer.market]
            else:
                market = self.shop.detector.detect(peer=None, forwarded_for=None, accept_language=content_language).market
            if not accepts(market, "email"):
                log.info("mail to support from %s: %s has no e-mail support; no ticket", address, market.country)
                return None
            language = best_language(parse_accept_language(content_language), market.languages) or market.languages[0]
            order_ref = self._order_ref(db, text, address)
            key = OWNER_PREFIX + secrets.token_urlsafe(24)
            ticket = open_ticket(db, self.shop, market, language, owner=key, channel="email", text=text or "-",
                                 customer_id=customer.id if customer else None, email=address,
                                 name=(name or (customer.name if customer else "") or address.split("@")[0])[:200],
                                 order_ref=order_ref)
            db.commit()
        return ticket, key

    @staticmethod
    def _order_ref(db, text: str, address: str) -> str | None:
        """An order number the mail mentions, if that order is the sender's."""
        for ref in _ORDER_REF.findall(text)[:5]:
            order = db.scalar(select(Order).where(Order.ref == ref))
            if order is not None and order.email.lower() == address.lower():
                return ref
        return None
