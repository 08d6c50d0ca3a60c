"""The mail a staging shop sent, read from its mail sink."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    language: str | None  # Content-Language, else judged from its words (mail_language.py); None: neither tells
    text: str
    html: str


class Mailbox(Protocol):
    def messages(self, to: str) -> list[Mail]:
        """Every message sent to `to`, oldest first.

        Read from the staging shop's mail sink (MailDev: `harness.shop.mailcatcher.MailDevMailbox`,
        Mailpit, a test inbox API): one `Mail` (to, subject, language, text, html) per message, an
        empty list when there is none. The language is the mail's Content-Language where it has
        one, else judged from its words (`harness.shop.mail_language.language_of`), else None (its
        language is then not checked, with that reason).
        Raise `NotOffered(Capability.MAILBOX)` where the adapter reads no mailbox.
        """
        ...
