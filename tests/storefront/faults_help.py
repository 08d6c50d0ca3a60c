"""Expectations for the help part's fault profiles (see expectations.py)."""
from __future__ import annotations

from .expectations import Expectation  # noqa: F401
from .shopping import Server  # noqa: F401

EXPECT: dict[str, "Expectation"] = {}
