"""The personas a journey walks when a run asks for N per market (`--personas N`): the first N of
the market's that are of the journey's archetypes."""
from __future__ import annotations

from .covering import HOME
from .factory import PersonaFactory
from .model import Persona

SCAN_LIMIT = 1000  # persona numbers looked at per market to find the archetypes a journey wants


def walkers(factory: PersonaFactory, market: str, archetypes: tuple[str, ...] = HOME, count: int = 1) -> list[Persona]:
    """The first `count` personas of `market` of those archetypes, among the first SCAN_LIMIT:
    the ones its journeys walk with the factory's seed."""
    out = []
    for number in range(1, SCAN_LIMIT + 1):
        persona = factory.persona(market, number)
        if persona.archetype in archetypes:
            out.append(persona)
            if len(out) == count:
                break
    return out
