"""A market's pool: the compact tables its personas draw from, built once per process.

Calling Faker per persona costs more than the rest of a persona together; so names, companies,
street lines, postcodes and phone stems are tables built once (names.py, addresses.py,
phones.py), and a persona is a handful of indexes into them drawn from its own seed. The tables
do not depend on the factory's seed, which only chooses the draws.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .addresses import StreetLines, street_lines
from .names import NameTable, name_table
from .places import MarketPlaces


@dataclass(frozen=True)
class Pool:
    names: NameTable
    lines: StreetLines  # how the country writes a street line
    companies: tuple[str, ...]


@cache
def market_pool(places: MarketPlaces) -> Pool:
    """The pool of `places`' market, built once per process (it does not depend on the seed)."""
    names = name_table(places)
    return Pool(names=names, lines=street_lines(places), companies=names.companies)
