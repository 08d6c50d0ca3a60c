"""Pages and JSON API of the help part of the shop."""
from __future__ import annotations

from fastapi import APIRouter

from . import api, centre, chat_pages

router = APIRouter()
# The chat's pages come before the help centre's: /help/chat is not a topic.
for part in (chat_pages.router, centre.router, api.router):
    router.include_router(part)
