"""The help centre: an index and one policy page per topic, generated from the market's facts
as the pages state them (`facts(market, "page")`), in the language the help content exists in."""
from __future__ import annotations

from fastapi import APIRouter, Request

from ..policy import facts
from ..toolkit.context import build_context
from ..toolkit.page import shop_page
from . import labels
from .content import in_content_language, support_view
from .hours import zone_name
from .phrases import business_days

router = APIRouter()


def _values(ctx) -> dict:
    page_facts = facts(ctx.market, "page")
    return dict(facts=page_facts, support=support_view(page_facts, ctx.market, ctx.shop.config.support),
                topics=labels.TOPICS, labels=labels, business_days=business_days, zone_name=zone_name,
                payment_label=lambda method: labels.payment_method(ctx._, method))


@router.get("/help")
async def index(request: Request):
    ctx = in_content_language(build_context(request))
    return shop_page(ctx, "help/index.html", **_values(ctx))


def topic_page(ctx, topic: str):
    if topic not in labels.TOPICS:
        return shop_page(ctx, "error.html", 404, message=ctx._("This help topic does not exist."))
    return shop_page(ctx, f"help/{topic}.html", topic=topic, **_values(ctx))


@router.get("/help/{topic}")
async def topic(request: Request, topic: str):
    return topic_page(in_content_language(build_context(request)), topic)
