"""A persona walked twice against the same shop (a persistent staging night after night, or the
journeys walked again under load) finds its account there and logs in instead of failing."""
from __future__ import annotations

import pytest

from .journeys import run_journeys

pytestmark = pytest.mark.slow


def test_the_registered_checkout_can_be_walked_again_on_the_same_shop(tmp_path, running_shop):
    shop = running_shop()
    first = run_journeys(tmp_path, "-m", "checkout", "-k", "registered", "--markets", "DE", "--target", shop)
    again = run_journeys(tmp_path, "-m", "checkout", "-k", "registered", "--markets", "DE", "--target", shop)
    assert first.returncode == 0, first.output
    assert again.returncode == 0, again.output
    assert list(again.outcomes.values()) == ["passed"]
