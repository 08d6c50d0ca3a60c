"""What an actor saw, one typed key per observation (in the spirit of pytest's `StashKey`).

A task notes what it saw under its key (`actor.remember(LANDING, landing)`); a check reads it
back (`actor.recall(LANDING)`). An observation that was never made is not silently None: `recall`
raises `NotObserved` with the reason (the adapter lacks what the task needed, the journey stopped
earlier, the shop has no such thing), and the check that needed it is reported not checked with
that reason, never passed.
"""
from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class Key(Generic[T]):
    """One kind of observation: `LANDING = Key[Landing]("landing", "the landing page")`."""

    __slots__ = ("name", "what")

    def __init__(self, name: str, what: str):
        self.name = name  # short and unique, for logs and tests
        self.what = what  # how a sentence names it: "the landing page"

    def __repr__(self) -> str:
        return f"Key({self.name!r})"


class CannotCheck(Exception):
    """A check cannot be made for this persona (`why`): it ends not checked, never passed."""

    def __init__(self, why: str):
        self.why = why
        super().__init__(why)


class NotObserved(CannotCheck, LookupError):
    """A check (or a task) asked for an observation the journey did not make; `why` says why."""

    def __init__(self, key: Key, why: str):
        self.key = key
        super().__init__(why)
