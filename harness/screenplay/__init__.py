"""Screenplay-style journeys: actors (personas) with abilities perform tasks, note what they see
under typed keys, and hold the shop to their market's policy with checks."""
from .abilities import BrowseTheWeb, UseTheShop
from .actor import Actor, CannotPerform, Finding, Task
from .checks import FAILED, NOT_CHECKED, NOT_PROMISED, PASSED, REGISTRY, Check, CheckOutcome, check
from .observations import CannotCheck, Key, NotObserved
from . import report

__all__ = ["Actor", "CannotCheck", "BrowseTheWeb", "CannotPerform", "Check", "CheckOutcome", "FAILED", "Finding", "Key",
           "NOT_CHECKED", "NOT_PROMISED", "NotObserved", "PASSED", "REGISTRY", "Task", "UseTheShop", "check", "report"]
