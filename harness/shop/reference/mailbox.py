"""The reference storefront's staging mailbox (`GET /_staging/mailbox?to=`)."""
from __future__ import annotations

import httpx

from ..mailbox import Mail


class ReferenceMailbox:
    def __init__(self, url: str):
        self.url = url

    def messages(self, to: str) -> list[Mail]:
        r = httpx.get(f"{self.url}/_staging/mailbox", params={"to": to}, timeout=15)
        r.raise_for_status()
        return [Mail(m["to"], m["subject"], m["language"], m["text"], m["html"]) for m in r.json()]
