"""Where the persona's requests come from: at home, abroad, or in a country the shop refuses.

Only the client address changes (through the persona's geo-proxy route): the browser keeps its
cookies, locale, language and device, as a phone does on a trip.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..personas.whereabouts import Unserved, home_ip, unserved_country
from ..screenplay import Actor, BrowseTheWeb, Key, report

WHEREABOUTS = Key[tuple[str, str]]("whereabouts", "where the persona's requests come from (country, address)")
UNSERVED = Key[Unserved]("unserved", "the refused country the persona visits from")


@dataclass
class TravelTo:
    where: str  # home | abroad | unserved
    description: str
    needs: ClassVar = ()
    notes: ClassVar = (WHEREABOUTS, UNSERVED)

    @classmethod
    def home(cls) -> "TravelTo":
        return cls("home", "{actor} is at home, on an address of its own market")

    @classmethod
    def abroad(cls) -> "TravelTo":
        return cls("abroad", "{actor} travels: its requests now come from abroad")

    @classmethod
    def a_refused_country(cls) -> "TravelTo":
        return cls("unserved", "{actor} visits from a country the shop refuses")

    def perform_as(self, actor: Actor) -> None:
        persona = actor.persona
        if self.where == "home":
            country, ip = persona.market, home_ip(persona)
        elif self.where == "abroad":
            country, ip = persona.ip_country, persona.ip
        else:
            unserved, ip = unserved_country(persona, actor.policy.service_area.refused)
            country = unserved.country
            actor.remember(UNSERVED, unserved)
        with report.step(f"client address {ip} ({country})"):
            actor.ability(BrowseTheWeb).travel_to(ip)
        actor.remember(WHEREABOUTS, (country, ip))
