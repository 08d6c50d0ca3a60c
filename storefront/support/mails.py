"""E-mails of the support part: ticket acknowledgements (and, later, replies)."""
from __future__ import annotations

from ..shop import Shop
from .models import Ticket


async def send_ticket_acknowledgement(app, shop: Shop, ticket: Ticket) -> None:
    """The acknowledgement with the ticket's reference and promised response time."""
