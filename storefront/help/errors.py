"""What the chat turns down, said once for the API and the pages alike."""
from __future__ import annotations

from ..toolkit.context import Ctx


class ChatRefused(Exception):
    """A request the chat turns down: HTTP status, a stable code and a msgid for the customer."""

    def __init__(self, status: int, code: str, message: str, **params):
        super().__init__(message)
        self.status, self.code, self.message, self.params = status, code, message, params

    def text(self, ctx: Ctx) -> str:
        return ctx._(self.message, **self.params)
