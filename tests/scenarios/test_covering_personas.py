"""The covering personas: a market that lost one of its languages is caught on every seed, because
the landing walk has a persona per language; one random persona per market catches it only on the
seeds whose persona happens to speak it. That each seed's covering set has a speaker of the lost
language and one of another is checked on ten seeds without a browser; the walks in Chromium
are those of the first seeds on which one random persona per market would have missed it."""
from __future__ import annotations

import functools
import itertools
import re

import pytest

from harness.personas import PersonaFactory
from harness.personas.covering import covering_set
from harness.policy import load_policy
from harness.plugin.selection import walkers

from .journeys import run_journeys

pytestmark = pytest.mark.slow

MARKETS = ("CA", "CH", "BE")
LOST = {"CA": "fr", "CH": "it", "BE": "fr"}  # what the `lost-language` profile takes away (storefront/faults.py)
SEEDS = range(1, 11)
LANDS = "test_lands_in_its_market[chromium-{}]"
VARIES_WITH = ("language", "address block", "device")  # the landing walk's (scenarios/test_service_area.py)


@functools.cache
def chosen(seed: int) -> dict[str, tuple[str, str]]:
    """Per market, of the covering personas that walk the landing with `seed`: the first that speaks
    the language the fault takes away, and the first that speaks another. The others of the set
    would land the same way; the run collects them all (--personas covering) and walks these two."""
    factory, out = PersonaFactory(load_policy(), seed), {}
    for market in MARKETS:
        walking = covering_set(factory, market).for_journey(VARIES_WITH)
        lost = next((p.id for p in walking if p.language == LOST[market]), None)
        other = next((p.id for p in walking if p.language != LOST[market]), None)
        assert lost and other, (seed, market, [(p.id, p.language) for p in walking])
        out[market] = (lost, other)
    return out


def _walk(target: str, seed: int) -> tuple[str, ...]:
    walked = [LANDS.format(persona) for pair in chosen(seed).values() for persona in pair]
    return ("-m", "service_area", "--markets", ",".join(MARKETS), "--personas", "covering", "-k", " or ".join(walked),
            "--target", target, "--seed", str(seed), "--retries", "0")


@functools.cache
def missed_by_one_random_persona(seed: int) -> list[str]:
    """The markets whose first persona does not speak the language the fault takes away."""
    factory = PersonaFactory(load_policy(), seed)
    return [m for m in MARKETS if walkers(factory, m)[0].language != LOST[m]]


def walked_seed(nth: int) -> int:
    """The nth seed (from 0) on which one random persona per market would have missed the fault;
    found when a test asks, not at collection (a persona factory per seed costs a fraction of a second)."""
    return next(itertools.islice((seed for seed in SEEDS if missed_by_one_random_persona(seed)), nth, None))


@pytest.mark.parametrize("seed", SEEDS)
def test_every_seeds_covering_set_walks_a_speaker_of_each_language(seed):
    assert all(chosen(seed).values())  # `chosen` names what it misses


@pytest.mark.parametrize("nth", range(3))
def test_a_lost_language_is_caught_in_ca_ch_and_be_where_one_persona_would_miss_it(tmp_path, running_shop, nth):
    seed = walked_seed(nth)
    run = run_journeys(tmp_path, *_walk(running_shop("lost-language"), seed))  # the seeds share the shop
    assert run.returncode == 1, run.output
    walked = {persona for pair in chosen(seed).values() for persona in pair}
    assert {re.search(r"-(\w\w-\d{4})\]", k).group(1) for k in run.outcomes} == walked, (seed, run.outcomes)
    for market, (lost, other) in chosen(seed).items():
        expected = rf"{lost} service-area: expected language {LOST[market]}, the landing page shows \w+ \(SA-3\)"
        assert re.search(expected, run.failed().get(LANDS.format(lost), "")), (seed, market, run.failed())
        assert run.outcomes[LANDS.format(other)] == "passed", ("the personas of the market's other languages land "
                                                               "as they should", seed, market, run.outcomes)


def test_one_random_persona_per_market_would_have_missed_it_on_some_seeds():
    """Why the default is the covering set: the first persona of each market speaks the lost
    language only on some seeds (the language is drawn: the first one three times in four)."""
    missed = {seed: missed_by_one_random_persona(seed) for seed in SEEDS}
    assert any(missed.values()), missed


def test_the_clean_storefront_passes_the_same_walk(tmp_path, running_shop):
    run = run_journeys(tmp_path, *_walk(running_shop(), 3))
    assert run.returncode == 0, run.output
    walked = {re.search(r"-(\w\w)-\d{4}\]", k).group(1) for k in run.outcomes}
    assert walked == set(MARKETS) and len(run.outcomes) == 2 * len(MARKETS), run.outcomes
    assert set(run.outcomes.values()) == {"passed"}, run.failed()
