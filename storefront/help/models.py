"""Database tables of the help part of the shop (on storefront.db.Base)."""
from __future__ import annotations

from ..db import Base  # noqa: F401
