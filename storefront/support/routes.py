"""Pages and JSON API of the support part of the shop."""
from __future__ import annotations

from fastapi import APIRouter

from . import api, pages

router = APIRouter()
for part in (pages.router, api.router, api.staging):
    router.include_router(part)
