"""What a fault profile changes: an observation (a few requests reading the behaviour it is
about) with its value on the clean storefront and on the profile's storefront.

tests/storefront/test_faults.py runs every observation against the clean server, the
profile's server and every other profile's server; each part of the shop keeps its
expectations in faults_<part>.py beside it.
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
