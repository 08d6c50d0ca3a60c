"""The journeys: one registry that the pytest plugin, the command line, `harness run`, rehearsal
plans and the docs all read.

A journey is one test file of scenarios (each a persona's walk) plus one entry here. Its name is
its one spelling on the command line, in the report and in the progress file (`after-sales`); its
marker is the same with underscores (`@pytest.mark.after_sales`, `-m after_sales`), because a
marker must be a Python name. The other spelling is accepted on the command line, with a hint.

Journeys of your own are registered without editing the harness: a distribution's entry point in
the group `regional_harness.journeys` naming a `Journey` (docs/journeys.md).
"""
from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

from .errors import UserInputError, nearest

ENTRY_POINTS = "regional_harness.journeys"
_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


@dataclass(frozen=True)
class Journey:
    name: str  # the one spelling: command line, report, progress file ("after-sales")
    tests: str  # the module of its scenarios, e.g. "harness.scenarios.test_after_sales"
    catalogue: tuple[str, ...]  # the failure-catalogue entries its checks trace to
    needs: tuple[str, ...] = ()  # the adapter's parts it walks (harness.shop.Shop: catalogue, checkout, ...)
    under_load: bool = False  # walked again in the busiest markets while a load run goes on
    summary: str = ""

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.name):
            raise ValueError(f"journey name {self.name!r}: lower-case words joined by '-', e.g. 'gift-cards'")

    @property
    def marker(self) -> str:
        """Its pytest marker: the name with underscores."""
        return self.name.replace("-", "_")

    def test_file(self) -> Path:
        """Where its scenarios are, found without importing them."""
        spec = importlib.util.find_spec(self.tests)
        if spec is None or not spec.origin:
            raise UserInputError(f"journey {self.name}: its tests module {self.tests!r} cannot be found")
        return Path(spec.origin)


BUILT_IN = (
    Journey("service-area", "harness.scenarios.test_service_area", ("SA-1", "SA-3", "SA-5", "SA-7", "PD-3"),
            needs=("catalogue",), under_load=True,
            summary="lands as its market's customer: language, currency, prices, consent, what is on sale"),
    Journey("checkout", "harness.scenarios.test_checkout", ("SA-2", "SA-3", "SA-6", "AS-3", "AS-5", "PD-1", "PD-2"),
            needs=("catalogue", "checkout", "account", "mailbox"), under_load=True,
            summary="guest and registered checkout: delivery, payment, promotion, tax, confirmation"),
    Journey("support", "harness.scenarios.test_support", ("SA-4", "CS-1", "CS-2", "CS-3", "CS-4", "CS-6", "CS-7", "CS-8",
                                                   "CS-9", "CS-10"),
            needs=("support", "mailbox"), summary="help centre, chatbot and tickets: channels, languages, answers, hand-over"),
    Journey("after-sales", "harness.scenarios.test_after_sales", ("AS-1", "AS-2", "AS-4", "CS-3", "CS-7", "PD-2"),
            needs=("catalogue", "checkout", "account", "aftersales"),
            summary="returns, refunds and warranty claims as the market's policy promises"),
    Journey("traveller", "harness.scenarios.test_traveller", ("SA-5",), needs=("catalogue", "checkout", "account"),
            summary="a customer abroad: detected where it is, still served as a customer of home"),
)


def journeys() -> tuple[Journey, ...]:
    """Every journey: the built-in ones, then those registered by installed distributions."""
    found = list(BUILT_IN)
    for entry in entry_points(group=ENTRY_POINTS):
        journey = entry.load()
        if not isinstance(journey, Journey):
            raise UserInputError(f"entry point {entry.name} = {entry.value} ({ENTRY_POINTS}): it names "
                                 f"{type(journey).__name__}, not a harness.Journey")
        if any(j.name == journey.name for j in found):
            raise UserInputError(f"entry point {entry.name} = {entry.value} ({ENTRY_POINTS}): a journey named "
                                 f"{journey.name!r} is registered already")
        found.append(journey)
    return tuple(found)


def names() -> list[str]:
    return [j.name for j in journeys()]


def find(name: str) -> Journey | None:
    """The journey of that name; its marker spelling is taken too (`hint` says the one spelling)."""
    return next((j for j in journeys() if name in (j.name, j.marker)), None)


def unknown(name: str) -> str:
    known = names()
    return f"unknown journey{nearest(name, known)}; known: {', '.join(known)}"


def journey(name: str, flag: str = "--journeys") -> Journey:
    found = find(name)
    if found is None:
        raise UserInputError(f"{flag}: {name!r}: {unknown(name)}")
    return found


def hint(name: str) -> str:
    """"" for the one spelling; else the line saying it (e.g. after_sales -> after-sales)."""
    j = journey(name)
    return "" if name == j.name else f"journey {name!r} is spelt {j.name!r} on the command line; taken as {j.name}"


def parse(text: str | list[str] | None, flag: str = "--journeys") -> list[Journey] | None:
    """"checkout,after-sales" (or a list) -> those journeys, in the registry's order; None for all."""
    given = text.split(",") if isinstance(text, str) else list(text or ())
    given = [g.strip() for g in given if g.strip()]
    if not given:
        return None
    chosen = {journey(g, flag).name for g in given}
    return [j for j in journeys() if j.name in chosen]


def of_marker(marker_names) -> Journey | None:
    """The journey whose marker is among `marker_names` (a test's keywords or markers)."""
    return next((j for j in journeys() if j.marker in marker_names), None)


def of_test_file(path: str) -> Journey | None:
    """The journey whose scenarios are in the file `path` (a node id's file part will do)."""
    stem = Path(path.split("::")[0]).stem
    return next((j for j in journeys() if j.tests.rpartition(".")[2] == stem), None)
