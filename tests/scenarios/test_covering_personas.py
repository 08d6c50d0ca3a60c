"""The covering personas in Chromium: a market that lost one of its languages is caught on every
seed, because the landing walk has a persona per language; one random persona per market
catches it only on the seeds whose persona happens to speak it."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from harness.personas import PersonaFactory
from harness.policy import load_policy
from harness.plugin.selection import walkers
from harness.target import EmbeddedStorefront

from .journeys import run_journeys

MARKETS = ("CA", "CH", "BE")
LOST = {"CA": "fr", "CH": "it", "BE": "fr"}  # what the `lost-language` profile takes away (storefront/faults.py)
SEEDS = range(1, 11)
LANDING = ("-k", "lands_in_its_market", "--markets", ",".join(MARKETS), "--personas", "covering")


def _walk(tmp, target: str, seed: int):
    return run_journeys(tmp, *LANDING, "--target", target, "--seed", str(seed), "--retries", "0")


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    with EmbeddedStorefront(("lost-language",)) as shop, ThreadPoolExecutor(2) as pool:
        runs = pool.map(lambda seed: (seed, _walk(tmp_path_factory.mktemp(f"seed{seed}"), shop.url, seed)), SEEDS)
        return dict(runs)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_lost_language_is_caught_in_ca_ch_and_be_on_every_seed(broken, seed):
    run = broken[seed]
    assert run.returncode == 1, run.output
    for market in MARKETS:
        caught = [m for k, m in run.failed().items() if f"-{market}-" in k]
        expected = rf"{market}-\d{{4}} service-area: expected language {LOST[market]}, the landing page shows \w+ \(SA-3\)"
        assert any(re.search(expected, m) for m in caught), (seed, market, run.failed())
    passed = [k for k, v in run.outcomes.items() if v == "passed"]
    assert passed, "the personas of the markets' other languages land as they should"


def test_one_random_persona_per_market_would_have_missed_it_on_some_seeds():
    """Why the default is the covering set: the first persona of each market speaks the lost
    language only on some seeds (the language is drawn: the first one three times in four)."""
    policy = load_policy()
    missed = {seed: [m for m in MARKETS if walkers(PersonaFactory(policy, seed), m)[0].language != LOST[m]] for seed in SEEDS}
    assert any(missed.values()), missed


def test_the_clean_storefront_passes_the_same_walk(tmp_path):
    with EmbeddedStorefront() as shop:
        run = _walk(tmp_path, shop.url, 3)
    assert run.returncode == 0, run.output
    walked = {re.search(r"-(\w\w)-\d{4}\]", k).group(1) for k in run.outcomes}
    assert walked == set(MARKETS) and len(run.outcomes) >= 3 * len(MARKETS), run.outcomes
