"""How a journey's Allure result is labelled: market, journey, scenario, persona, parameters,
severity and the failure-catalogue entries it checks."""
from __future__ import annotations

import allure
import pytest

from ..personas import Persona
from ..settings import Settings


def label_result(request: pytest.FixtureRequest, persona: Persona, policy, journey: str, settings: Settings) -> None:
    """Every result labelled: market, journey, scenario, persona and the catalogue entries."""
    allure.dynamic.epic(f"{policy.name} ({persona.market})")
    allure.dynamic.feature(journey)
    doc = (request.node.function.__doc__ or "").strip().splitlines()
    allure.dynamic.story(doc[0] if doc else request.node.originalname.removeprefix("test_").replace("_", " "))
    allure.dynamic.title(f"{persona.id} {journey}: {doc[0] if doc else request.node.originalname}")
    allure.dynamic.parameter("persona", persona.id)
    allure.dynamic.parameter("locale", persona.locale)
    allure.dynamic.parameter("currency", persona.currency)
    allure.dynamic.parameter("seed", settings.seed)
    allure.dynamic.label("market", persona.market)
    allure.dynamic.label("persona", persona.id)
    allure.dynamic.severity(allure.severity_level.CRITICAL)
    for marker in request.node.iter_markers("catalogue"):
        allure.dynamic.tag(*marker.args)
    label = settings.run_label
    if label:  # e.g. "under load", "wave 2": its own suite, tag and parameter
        allure.dynamic.tag(label)
        allure.dynamic.parameter("conditions", label)
        allure.dynamic.parent_suite(label)
