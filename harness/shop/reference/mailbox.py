"""The reference storefront's staging mailbox (`GET /_staging/mailbox?to=`)."""
from __future__ import annotations

import httpx

from ..mailbox import Mail


class ReferenceMailbox:
    def __init__(self, staging: httpx.Client):
        self.staging = staging

    def messages(self, to: str) -> list[Mail]:
        r = self.staging.get("/_staging/mailbox", params={"to": to})
        r.raise_for_status()
        return [Mail(m["to"], m["subject"], m["language"], m["text"], m["html"]) for m in r.json()]
