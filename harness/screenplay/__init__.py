"""Screenplay-style journeys: actors (personas) with abilities perform tasks and check what they see."""
from .abilities import BrowseTheWeb, UseTheShop
from .actor import Actor, CannotPerform, Finding, Question, Task
from . import report

__all__ = ["Actor", "BrowseTheWeb", "CannotPerform", "Finding", "Question", "Task", "UseTheShop", "report"]
