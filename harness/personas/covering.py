"""The covering persona set: per market, few personas that between them stand for every value
a journey can depend on, so a defect in one corner of a market is met on every seed.

One random persona per market covers one corner of it: which language, device, payment method,
archetype and client address it has is luck, and a market whose French is broken is caught only
on the seeds whose persona speaks French. The covering set holds, at least once each:

- every language of the market's policy, paired with every archetype (a covering array of
  strength two: French-speaking business buyers and French-speaking travellers both walk);
- desktop and mobile;
- every payment method of the policy (a home persona, the kind that checks out);
- every address block of the market's client addresses (personas/data/places.yaml `ip_ranges`),
  so a geo-IP table wrong for one block is met;
- every home region with its own tax rate, where the policy's tax varies by region.

The personas are the factory's own (`DE-0007` is the same persona whatever the selection), found
by reading the market's personas in number order and choosing greedily the one that stands for
the most values not yet covered, the lower number on a tie: the same seed gives the same set.
A journey then walks only the part of the set it depends on (`for_journey`): a landing walk
varies with the address block, a checkout with the payment method, and none walks all of them.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import cached_property

from ..errors import UserInputError
from .model import ARCHETYPES, Persona

SCAN_LIMIT = 4000  # personas read per market in search of the values to cover
MIN_SCAN = 64  # read at least this many, so the greedy choice has candidates that combine values
HOME = ("first_time", "returning", "gift_sender", "business")  # personas browsing from their own market
DIMENSIONS = ("language", "archetype", "device", "payment", "address block", "tax region")
PAIR = "language × archetype"


@dataclass(frozen=True)
class Stand:
    """One persona of a covering set and what it stands for there."""

    persona: Persona
    values: frozenset[tuple[str, str]]  # (dimension, value): all it could stand for
    covers: tuple[tuple[str, str], ...]  # those it was chosen for (first to cover them)

    def describe(self) -> str:
        """`CA-0007: fr × business, mobile, pays with paypal, 24.48.0.0/16`"""
        said = {"payment": "pays with {}", "tax region": "tax region {}"}  # the rest: the value alone
        parts = [said.get(d, "{}").format(v) for d, v in self.covers if d not in ("language", "archetype")]
        return f"{self.persona.id}: " + ", ".join(parts)


@dataclass(frozen=True)
class CoveringSet:
    market: str
    stands: tuple[Stand, ...]
    wanted: frozenset[tuple[str, str]]  # every value the set is meant to cover
    scanned: int  # personas read to find them

    @cached_property
    def uncovered(self) -> tuple[tuple[str, str], ...]:
        got = set().union(*(s.values for s in self.stands)) if self.stands else set()
        return tuple(sorted(self.wanted - got))

    @property
    def personas(self) -> list[Persona]:
        return [s.persona for s in self.stands]

    def summary(self) -> str:
        """One line: how many personas, and what they cover between them."""
        count: dict[str, int] = {}
        for dimension, _ in self.wanted - set(self.uncovered):
            count[dimension] = count.get(dimension, 0) + 1
        what = ", ".join(f"{count[d]} {_plural(d, count[d])}" for d in (PAIR, "device", "payment", "address block", "tax region")
                         if count.get(d))
        gaps = f"; not found in {self.scanned} personas: " + ", ".join(f"{d} {v}" for d, v in self.uncovered) if self.uncovered else ""
        return f"{self.market}: {len(self.stands)} personas cover {what}{gaps}"

    def for_journey(self, dimensions: tuple[str, ...], archetypes: tuple[str, ...] = HOME) -> list[Persona]:
        """The fewest personas of the set that walk a journey of these `archetypes` and stand, between
        them, for every value of `dimensions` the set has among them (language and archetype
        together: every pair), in number order; with no dimension, the first that fits."""
        unknown = [d for d in dimensions if d not in DIMENSIONS]
        if unknown:
            raise UserInputError(f"varies_with: unknown dimension {unknown[0]!r}; known: {', '.join(DIMENSIONS)}")
        fits = [s for s in self.stands if s.persona.archetype in archetypes]
        if not fits:
            return []
        keys = set(dimensions)
        if {"language", "archetype"} <= keys:
            keys = (keys - {"language", "archetype"}) | {PAIR}
        wanted = {v for s in fits for v in s.values if v[0] in keys}
        chosen = _greedy([(s.persona, s.values & wanted) for s in fits], wanted) if wanted else [fits[0].persona]
        return sorted(chosen, key=_number)


def covering_set(factory, market: str) -> CoveringSet:
    """The covering set of `market` for the factory's seed (see the module's docstring)."""
    policy = factory.policy[market]
    places = factory.places[market]
    blocks = tuple(places.ip_ranges)
    regions = _taxed_regions(policy, places)
    wanted = {("language", lang) for lang in policy.languages}
    wanted |= {("archetype", a) for a in ARCHETYPES}
    wanted |= {(PAIR, f"{lang} × {a}") for lang in policy.languages for a in ARCHETYPES}
    wanted |= {("device", kind) for kind in ("desktop", "mobile")}
    wanted |= {("payment", m) for m in policy.payment_methods}
    wanted |= {("address block", str(b)) for b in blocks}
    wanted |= {("tax region", r) for r in regions}
    candidates, seen = [], set()
    number = 0
    while number < SCAN_LIMIT and (number < MIN_SCAN or not wanted <= seen):
        number += 1
        persona = factory.persona(market, number)
        values = frozenset(v for v in values_of(persona, blocks, regions) if v in wanted)
        seen |= values
        candidates.append((persona, values))
    chosen = _greedy(candidates, wanted & seen)
    by_id = {persona.id: values for persona, values in candidates}
    stands, covered = [], set()
    for persona in chosen:
        values = by_id[persona.id]
        stands.append(Stand(persona, values, tuple(sorted(values - covered, key=_order))))
        covered |= values
    return CoveringSet(market, tuple(stands), frozenset(wanted), number)


def values_of(persona: Persona, blocks=(), regions=frozenset()) -> set[tuple[str, str]]:
    """What one persona could stand for: its language and archetype (and the pair), its device;
    and, for a persona at home, its payment method, its client address's block and its region."""
    out = {("language", persona.language), ("archetype", persona.archetype),
           (PAIR, f"{persona.language} × {persona.archetype}"), ("device", persona.device.kind)}
    if persona.archetype in HOME:
        if persona.payment_method:
            out.add(("payment", persona.payment_method))
        address = ipaddress.IPv4Address(persona.ip)
        out |= {("address block", str(b)) for b in blocks if address in b}
        if persona.address.region in regions:
            out.add(("tax region", persona.address.region))
    return out


def _taxed_regions(policy, places) -> frozenset[str]:
    """The home regions whose tax rate the policy states region by region (none where one rate holds)."""
    return frozenset(c.region for c in places.cities if c.region in policy.tax.regions)


def _greedy(candidates, wanted: set) -> list[Persona]:
    """Set cover: repeatedly the candidate with the most values not yet covered, the first on a tie."""
    left, chosen = set(wanted), []
    while left:
        best, gain = None, 0
        for persona, values in candidates:
            new = len(values & left)
            if new > gain:
                best, gain = (persona, values), new
        if best is None:
            break
        chosen.append(best[0])
        left -= best[1]
    return chosen


def _number(persona: Persona) -> int:
    return int(persona.id.rpartition("-")[2])


def _order(value: tuple[str, str]) -> tuple[int, str]:
    order = (PAIR, "language", "archetype", "device", "payment", "address block", "tax region")
    return order.index(value[0]), value[1]


def _plural(dimension: str, n: int) -> str:
    names = {PAIR: ("language × archetype pair", "language × archetype pairs"), "device": ("device", "devices"),
             "payment": ("payment method", "payment methods"), "address block": ("address block", "address blocks"),
             "tax region": ("tax region", "tax regions")}
    return names[dimension][n != 1]
