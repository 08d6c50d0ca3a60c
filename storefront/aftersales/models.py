"""Database tables of the aftersales part of the shop (on storefront.db.Base)."""
from __future__ import annotations

from ..db import Base  # noqa: F401
