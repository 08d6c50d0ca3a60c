"""What a fault profile changes: an observation (a few requests reading the behaviour it is
about) with its value on the clean storefront and on a storefront running the profile.

tests/storefront/test_faults.py runs every observation against the clean server and against a
few servers that each run about half of the profiles at once (the storefront takes several:
`--faults a,b`): on each, the observation of a profile it runs must give the faulty value, that
of every other profile the clean value. Each part of the shop keeps its expectations in
faults_<part>.py beside it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .shopping import Server


@dataclass(frozen=True)
class Expectation:
    observe: Callable[[Server], dict]
    clean: dict
    faulty: dict
    # The observation spends most of its time waiting for the shop's clock (e.g. for its support
    # desk to answer): it runs beside the others rather than before them.
    waits: bool = False
