"""The support desk: simulated agents who give every open ticket its first response.

It runs in the supervisor process beside the mail sink. Each market has its own team
(`ShopConfig.support.desk`: agents and the time an agent needs per ticket, with per-market
overrides); tickets wait in arrival order until one of their market's agents is free, so when
tickets arrive faster than a team answers them the queue, and the first-response time, grows.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import defaultdict

from sqlalchemy import select, update
from sqlalchemy.orm import sessionmaker

from ..i18n import Formatter
from ..settings import DeskCapacity
from ..shop import Shop
from .hours import UTC
from .models import Ticket, TicketMessage
from .tickets import TOPICS

log = logging.getLogger("storefront.support")
POLL_SECONDS = 0.1  # while tickets wait or agents work
IDLE_POLL_SECONDS = 0.25  # an idle desk looks less often: a new ticket still gets an agent within a second
QUEUE_READ = 2000  # tickets looked at per poll: more than any team can start on at once


def capacity(shop: Shop, market: str) -> DeskCapacity:
    desk = shop.config.support.desk
    return desk.markets.get(market) or DeskCapacity(agents=desk.agents, handle_seconds=desk.handle_seconds)


def first_response(shop: Shop, ticket: Ticket) -> str:
    """What the agent writes first, in the ticket's language."""
    market = shop.config.markets[ticket.market]
    fmt = Formatter(ticket.language, market.country, market.currency)
    topic = fmt._(TOPICS.get(ticket.topic, TOPICS["other"]))
    if ticket.level > 1:
        text = fmt._("Hello {name}, I am a senior agent and have taken over your request about “{topic}”. "
                     "I have read everything so far and will write to you here.")
    elif ticket.kind == "callback":
        text = fmt._("Hello {name}, this is customer service calling you back about “{topic}”.")
    else:
        text = fmt._("Hello {name}, thank you for your message about “{topic}”. "
                     "I am looking into it and will write to you here as soon as I know more.")
    return text.format(name=ticket.name, topic=topic)


class Desk:
    def __init__(self, shop: Shop, sessions: sessionmaker):
        self.shop, self.sessions = shop, sessions
        self.busy: dict[str, int] = defaultdict(int)  # market -> agents at work
        self.taken: set[int] = set()  # ticket ids an agent is working on
        self.work: set[asyncio.Task] = set()

    async def run(self) -> None:
        """Until cancelled."""
        try:
            while True:
                try:
                    busy = self.assign()
                except Exception:  # a database hiccup must not leave the shop without a desk
                    log.exception("support desk: could not read the queue")
                    busy = False
                await asyncio.sleep(POLL_SECONDS if busy else IDLE_POLL_SECONDS)
        finally:
            for task in list(self.work):
                task.cancel()

    def assign(self) -> bool:
        """Gives each free agent the oldest waiting ticket of their market; True while any ticket
        waits or is being worked on."""
        with self.sessions() as db:
            queue = db.execute(select(Ticket.id, Ticket.market)
                               .where(Ticket.status == "open", Ticket.first_response_at.is_(None))
                               .order_by(Ticket.id).limit(QUEUE_READ)).all()
        for ticket_id, market in queue:
            if ticket_id in self.taken or market not in self.shop.config.markets:  # a market since closed: no team
                continue
            team = capacity(self.shop, market)
            if self.busy[market] >= team.agents:
                continue
            self.busy[market] += 1
            self.taken.add(ticket_id)
            task = asyncio.create_task(self.handle(ticket_id, market, team.handle_seconds))
            self.work.add(task)
            task.add_done_callback(self.work.discard)
        return bool(queue or self.work)

    async def handle(self, ticket_id: int, market: str, seconds: float) -> None:
        try:
            await asyncio.sleep(seconds)
            self.answer(ticket_id)
        except Exception:  # the ticket stays open and is picked up again
            log.exception("support desk: could not answer ticket %d", ticket_id)
        finally:
            self.busy[market] -= 1
            self.taken.discard(ticket_id)

    def answer(self, ticket_id: int) -> None:
        now = dt.datetime.now(UTC).replace(tzinfo=None)  # naive UTC, as tickets are stored
        with self.sessions() as db:
            ticket = db.get(Ticket, ticket_id)
            if ticket is None or ticket.first_response_at is not None:
                return
            ticket.messages.append(TicketMessage(author="agent", text=first_response(self.shop, ticket), created_at=now))
            ticket.first_response_at = now
            # Only an open ticket becomes answered: one escalated meanwhile stays escalated.
            db.execute(update(Ticket).where(Ticket.id == ticket_id, Ticket.status == "open").values(status="answered"))
            db.commit()
