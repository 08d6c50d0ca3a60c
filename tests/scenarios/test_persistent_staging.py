"""Persistent staging: a shop that keeps its database between runs. The same journeys walked twice
against it do not collide, because every journey of every run checks out under its own e-mail
address (the run id and the journey in it, docs/nightly.md); with the old fixed addresses a
persona's account blocks its own guest checkout."""
from __future__ import annotations

import re

import httpx
import pytest

from harness.target import EmbeddedStorefront

from .journeys import run_journeys

pytestmark = pytest.mark.slow

CHECKOUTS = ("-m", "checkout or after_sales", "-k", "guest_checkout or registered_checkout or return_after_the_window")
FIXED = ("--email-pattern", "{local}@{domain}")  # the persona factory's address, the same on every run


def _recipients(url: str) -> set[str]:
    return {m["to"] for m in httpx.get(f"{url}/_staging/mailbox", timeout=10).json()}


def test_the_same_journeys_twice_against_one_database_do_not_collide(tmp_path):
    with EmbeddedStorefront(database_url=f"sqlite:///{tmp_path / 'shop.db'}") as shop:
        target = ("--target", shop.url, "--markets", "DE")

        first = run_journeys(tmp_path, *target, *CHECKOUTS, "--run-id", "night1", "--alluredir", str(tmp_path / "allure"))
        assert first.returncode == 0 and set(first.outcomes.values()) == {"passed"}, first.output
        assert len(first.outcomes) == 3
        night1 = _recipients(shop.url)
        assert night1 and all("+night1-" in to for to in night1), night1
        environment = (tmp_path / "allure" / "environment.properties").read_text(encoding="utf-8")
        assert "run_id=night1\n" in environment and "email_pattern={local}+{run}-{journey}@{domain}\n" in environment

        # The next night: the registered checkout's account and the orders are still there. A new
        # run id (made by the controller, the same in both xdist workers), so nothing collides.
        second = run_journeys(tmp_path, *target, *CHECKOUTS, "-n", "2")
        assert second.returncode == 0 and set(second.outcomes.values()) == {"passed"}, second.output
        assert len(second.outcomes) == 3
        tonight = _recipients(shop.url) - night1
        walked = {re.search(r"\+([a-z0-9]+)-([a-z-]+)@", to).groups() for to in tonight}
        assert len({run for run, _ in walked}) == 1 and "night1" not in {run for run, _ in walked}, tonight
        assert {journey for _, journey in walked} >= {"guest-checkout", "registered-checkout"}, tonight

        # The old fixed addresses: the persona's account, once registered, refuses its guest checkout.
        registered = run_journeys(tmp_path, *target, *FIXED, "-m", "checkout", "-k", "registered_checkout")
        assert registered.returncode == 0 and list(registered.outcomes.values()) == ["passed"], registered.output
        guest = run_journeys(tmp_path, *target, *FIXED, "-m", "checkout", "-k", "guest_checkout")
        assert guest.returncode == 1 and list(guest.outcomes.values()) == ["failed"], guest.output
        assert "Es gibt bereits ein Konto mit dieser E-Mail-Adresse" in guest.all_text(), guest.all_text()
