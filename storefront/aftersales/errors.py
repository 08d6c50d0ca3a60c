"""A request the after-sales desk cannot take (not a decision: a decision is stored and answered)."""
from __future__ import annotations


class AftersalesError(Exception):
    """`code` is stable for the API; `message` is a msgid (marked with N_ where raised), its
    `{placeholders}` filled from `params`; `field` names the form field at fault, if one is."""

    def __init__(self, code: str, message: str, status: int = 422, field: str | None = None, **params):
        super().__init__(message)
        self.code, self.message, self.status, self.field, self.params = code, message, status, field, params
