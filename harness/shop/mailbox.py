"""The mail a staging shop sent, read from its mail sink."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    language: str
    text: str
    html: str


class Mailbox(Protocol):
    def messages(self, to: str) -> list[Mail]:
        """Every message sent to `to`, oldest first.

        Read from the staging shop's mail sink (MailHog, Mailpit, a test inbox API): one `Mail`
        (to, subject, language, text, html) per message, an empty list when there is none.
        Raise `NotOffered(Capability.MAILBOX)` where the adapter reads no mailbox.
        """
        ...
