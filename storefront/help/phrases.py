"""Phrases the help pages and the chatbot build their sentences from, so both say a time
range the same way."""
from __future__ import annotations

from ..i18n import Formatter


def business_days(fmt: Formatter, days: tuple[int, int] | list[int]) -> str:
    """One concrete range: "3 to 5 business days" (or one figure where both ends agree)."""
    lo, hi = days
    if lo == hi:
        return fmt._("1 business day") if lo == 1 else fmt._("{days} business days").format(days=fmt.number(lo))
    return fmt._("{min} to {max} business days").format(min=fmt.number(lo), max=fmt.number(hi))


def sentences(language: str, parts: list[str]) -> str:
    # Chinese and Japanese run sentences together; every other script separates them with a space.
    glue = "" if language.split("-")[0] in ("ja", "zh") else " "
    return glue.join(p for p in parts if p)
