"""Pages and JSON API of the support part of the shop."""
from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
