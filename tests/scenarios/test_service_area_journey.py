"""The service-area journey passes on the clean storefront and catches each fault it is for."""
from __future__ import annotations

import pytest

from .journeys import run_journeys


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return run_journeys(tmp_path_factory.mktemp("clean"), "-m", "service_area", "--markets", "DE,JP,SA,CH,BR,AE")


def test_clean_storefront_passes(clean):
    assert clean.returncode == 0, clean.output
    assert len(clean.outcomes) >= 6 and set(clean.outcomes.values()) == {"passed"}


@pytest.mark.parametrize("fault, market, says", [
    ("wrong-currency", "CH", "CH-0001 service-area: expected currency CHF, the landing page shows EUR (SA-3)"),
    ("consent-missing", "BR", "service-area: expected a consent prompt, the landing page shows none (PD-3)"),
])
def test_fault_is_caught_with_its_message(tmp_path, fault, market, says):
    run = run_journeys(tmp_path, "-m", "service_area", "--markets", f"{market},DE", "-k", "lands_in_its_market",
                       "--faults", fault)
    assert run.returncode == 1, run.output
    failed = run.failed()
    assert list(failed) and all(f"-{market}-" in k for k in failed), failed
    assert says in run.all_text(), run.all_text()
