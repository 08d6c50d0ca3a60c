"""Which language a market's help content is shown in, and the support facts every help page ends with."""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..i18n import Formatter
from ..policy import PolicyFacts
from ..settings import Market, SupportOps
from ..toolkit.context import Ctx
from ..workdays import support_days
from . import hours


def content_languages(ops: SupportOps, market: Market) -> list[str]:
    """The languages the market's help content exists in: as set up, else the market's own."""
    return ops.help_centre_languages.get(market.country) or market.languages


def content_language(ops: SupportOps, market: Market, language: str) -> str:
    available = content_languages(ops, market)
    return language if language in available else available[0]


def in_content_language(ctx: Ctx) -> Ctx:
    """The request's context, speaking the language the help content exists in (the page's
    own where possible), so <html lang> and every string agree with what is shown."""
    language = content_language(ctx.shop.config.support, ctx.market, ctx.language)
    if language == ctx.language:
        return ctx
    return dataclasses.replace(ctx, language=language,
                               fmt=Formatter(language, ctx.market.country, ctx.market.currency))


@dataclass(frozen=True)
class SupportView:
    channels: tuple[str, ...]
    languages: tuple[str, ...]
    week: list[hours.OpenDay]
    time_zone: str  # IANA name of the zone the hours are shown in
    holidays: list[dt.date]  # upcoming, in the market's calendar; empty where support ignores them
    first_response_hours: int


def support_view(facts: PolicyFacts, market: Market, ops: SupportOps, now: dt.datetime | None = None) -> SupportView:
    now = now or dt.datetime.now(dt.timezone.utc)
    zone = hours.shown_zone(market, ops)
    today = now.astimezone(ZoneInfo(market.time_zone)).date()
    return SupportView(
        channels=facts.support_channels,
        languages=facts.support_languages,
        week=hours.week(facts.support_hours, market.time_zone, zone, today),
        time_zone=zone,
        holidays=hours.upcoming_holidays(support_days(market, facts.support_holidays), market.time_zone, now)
        if ops.honour_holidays else [],
        first_response_hours=facts.first_response_hours,
    )
