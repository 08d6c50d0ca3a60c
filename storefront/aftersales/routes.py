"""Pages and JSON API of the aftersales part of the shop."""
from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
