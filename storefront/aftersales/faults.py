"""Fault profiles of the aftersales part of the shop: overlays on the raw settings (see storefront/faults.py)."""
from __future__ import annotations

from ..faults import FaultProfile, RawSettings, market_settings, support_settings  # noqa: F401

PROFILES: list[FaultProfile] = []
