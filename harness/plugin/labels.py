"""How a journey's Allure result is labelled: market, journey, scenario, persona, parameters,
severity and the failure-catalogue entries it checks; and its title, "DE-0001 · guest checkout".

The report's tree is built from these labels (harness.report.TREE: market, journey, persona)."""
from __future__ import annotations

import allure
import pytest
from allure_commons.types import ParameterMode

from ..personas import Persona
from ..settings import Settings
from ..report import market_epic
from .allure_files import severity_of, title


class Shown:
    """A parameter's value as the report shows it. allure-python-commons writes a str parameter as
    Python source ('DE-0001', quotes and all) and anything else as its repr(), so a value is
    handed over as this, whose repr() is the text itself."""

    def __init__(self, text: object) -> None:
        self.text = str(text)

    def __repr__(self) -> str:
        return self.text


def scenario_of(item: pytest.Item) -> str:
    """The scenario a test walks, as people say it: test_guest_checkout -> "guest checkout"."""
    from ..coverage import scenario_of as of_nodeid

    return of_nodeid(item.nodeid)


def title_result(item: pytest.Item, settings: Settings) -> None:
    """Gives the running result its title. allure-pytest names a result after its pytest id
    (test_guest_checkout[chromium-DE-0001]) once the set-up is over, so this is called then
    (harness.plugin.listener, at the set-up's report): a title given in a fixture is overwritten."""
    persona = getattr(getattr(item, "callspec", None), "params", {}).get("persona")
    if isinstance(persona, Persona):
        allure.dynamic.title(title(persona.id, scenario_of(item), settings.run_label))


def label_result(request: pytest.FixtureRequest, persona: Persona, policy, journey: str, settings: Settings) -> None:
    """Every result labelled: market, journey, scenario, persona and the catalogue entries."""
    allure.dynamic.epic(market_epic(policy.name, persona.market))
    allure.dynamic.feature(journey)
    doc = (request.node.function.__doc__ or "").strip().splitlines()
    allure.dynamic.story(doc[0] if doc else request.node.originalname.removeprefix("test_").replace("_", " "))
    allure.dynamic.parameter("persona", Shown(persona.id))
    allure.dynamic.parameter("locale", Shown(persona.locale))
    allure.dynamic.parameter("currency", Shown(persona.currency))
    allure.dynamic.parameter("seed", settings.seed)
    # pytest-playwright's parameter (the run's browser is in the report's environment): given here,
    # during the set-up, it is not added again, quoted, from the pytest id (allure-pytest adds only
    # the parameters a result does not have yet); hidden, not excluded, so the history id stays.
    browser = getattr(getattr(request.node, "callspec", None), "params", {}).get("browser_name")
    if browser:
        allure.dynamic.parameter("browser_name", Shown(browser), mode=ParameterMode.HIDDEN)
    allure.dynamic.label("market", persona.market)
    allure.dynamic.label("persona", persona.id)
    entries = [entry for marker in request.node.iter_markers("catalogue") for entry in marker.args]
    allure.dynamic.severity(allure.severity_level(severity_of(entries)))
    if entries:
        allure.dynamic.tag(*entries)
    label = settings.run_label
    if label:  # e.g. "under load", "wave 2": its own suite, tag and parameter
        allure.dynamic.tag(label)
        allure.dynamic.parameter("conditions", Shown(label))
        allure.dynamic.parent_suite(label)
