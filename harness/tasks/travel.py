"""Where the persona's requests come from: at home, abroad, or in a country the shop does not serve.

Only the client address changes (through the persona's geo-proxy route): the browser keeps its
cookies, locale, language and device, as a phone does on a trip.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..personas.whereabouts import home_ip, unserved_country
from ..screenplay import Actor, BrowseTheWeb, report


@dataclass
class TravelTo:
    where: str  # home | abroad | unserved
    description: str

    @classmethod
    def home(cls) -> "TravelTo":
        return cls("home", "{actor} is at home, on an address of its own market")

    @classmethod
    def abroad(cls) -> "TravelTo":
        return cls("abroad", "{actor} travels: its requests now come from abroad")

    @classmethod
    def an_unserved_country(cls) -> "TravelTo":
        return cls("unserved", "{actor} visits from a country the shop does not serve")

    def perform_as(self, actor: Actor) -> None:
        persona = actor.persona
        if self.where == "home":
            country, ip = persona.market, home_ip(persona)
        elif self.where == "abroad":
            country, ip = persona.ip_country, persona.ip
        else:
            unserved, ip = unserved_country(persona, {persona.market})
            country = unserved.country
            actor.remember("unserved", unserved)
        with report.step(f"client address {ip} ({country})"):
            actor.ability(BrowseTheWeb).travel_to(ip)
        actor.remember("whereabouts", (country, ip))
