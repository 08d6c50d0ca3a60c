"""What an actor can do: browse the web as its persona, use the shop (through its adapter)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from playwright.sync_api import BrowserContext, Page

if TYPE_CHECKING:
    from ..geoproxy import Route
    from ..shop import Shop


@dataclass
class BrowseTheWeb:
    """A browser context set up as the persona's own (locale, time zone, place, device, address)."""

    context: BrowserContext
    page: Page
    route: "Route | None" = None  # the persona's way in through the geo-proxy, when it has one

    def travel_to(self, client_ip: str) -> None:
        """The persona is now elsewhere: its next requests come from `client_ip`."""
        if self.route is None:
            raise RuntimeError("this browser goes through a real egress proxy: it cannot change its address")
        self.route.travel_to(client_ip)


@dataclass
class UseTheShop:
    """The shop under test, through the adapter that knows its pages and API."""

    shop: "Shop"
