"""The e-mail address a persona uses on a journey of a run (harness/personas/email.py): the run id and
the journey in it, the same seed still walking the same personas, patterns refused in one line."""
from __future__ import annotations

import re
import time
from dataclasses import replace

import pytest

from harness.errors import UserInputError
from harness.personas import PersonaFactory
from harness.personas.email import (DEFAULT_PATTERN, PATTERN_ENV, RUN_ID_ENV, address_for, check_pattern,
                                    check_run_id, journey_name, new_run_id, pattern_from, run_id_from)
from harness.policy import load_policy


@pytest.fixture(scope="module")
def anna():
    return replace(PersonaFactory(load_policy(None), 1).persona("DE", 7), email="anna.schmidt.0007@example.com")


def test_default_is_plus_addressing_with_the_run_and_the_journey(anna):
    assert DEFAULT_PATTERN == "{local}+{run}-{journey}@{domain}"
    assert address_for(anna, "n42", "guest-checkout") == "anna.schmidt.0007+n42-guest-checkout@example.com"


def test_every_placeholder(anna):
    pattern = "{local}.{run}.{journey}.{persona}.{market}@qa.{domain}"
    assert address_for(anna, "n42", "returns", pattern) == "anna.schmidt.0007.n42.returns.de-0007.de@qa.example.com"
    assert address_for(anna, "n42", "returns", "{local}.{run}.{journey}@qa.example.test") \
        == "anna.schmidt.0007.n42.returns@qa.example.test"
    assert address_for(anna, "n42", "returns", "{local}@{domain}") == anna.email  # the factory's own


def test_runs_and_journeys_get_their_own_addresses_and_the_same_ones_again(anna):
    seen = {address_for(anna, run, journey) for run in ("a1", "a2") for journey in ("guest-checkout", "registered-checkout")}
    assert len(seen) == 4
    assert address_for(anna, "a1", "guest-checkout") == address_for(anna, "a1", "guest-checkout")


def test_the_same_seed_walks_the_same_personas():
    """Only the address a journey uses carries the run: the factory's personas are unchanged."""
    policy = load_policy(None)
    first, again = PersonaFactory(policy, 5).persona("JP", 3), PersonaFactory(policy, 5).persona("JP", 3)
    assert first == again
    walker = replace(first, email=address_for(first, new_run_id(), "guest-checkout"))
    assert walker.email != first.email
    assert replace(walker, email=first.email) == first


def test_journey_name_is_the_test_functions_name():
    assert journey_name("test_guest_checkout") == "guest-checkout"
    assert journey_name("test_return_after_the_window") == "return-after-the-window"


def test_run_ids_are_short_unique_and_valid():
    """The UTC second in base 36, then two random characters for runs started in the same second."""
    before = int(time.time())
    ids = [new_run_id() for _ in range(50)]
    for run_id in ids:
        assert check_run_id(run_id) == run_id and len(run_id) <= 9
        assert before <= int(run_id[:-2], 36) <= time.time()
    assert len(set(ids)) >= 40  # 1,296 endings


def test_a_long_local_part_is_shortened_to_64_characters_keeping_personas_and_journeys_apart(anna):
    long = replace(anna, email="maria-theresia.mueller-schmidtvonhabsburg-lothringen.0007@example.com")
    other = replace(long, email="maria-theresia.mueller-schmidtvonhabsburg-lothringer.0007@example.com")
    journey = "a-person-takes-over-with-the-conversation"
    addresses = set()
    for who in (long, other):
        for run_id in ("n42", "x" * 24):
            for walked in ("guest-checkout", journey, journey + "-again"):
                address = address_for(who, run_id, walked)
                local = address.rpartition("@")[0]
                assert len(local) <= 64, address
                assert local.endswith(walked) or len(local) == 64
                assert re.search(r"\.0007\+", address), address  # the persona's number stays
                assert address_for(who, run_id, walked) == address  # shortened the same way every time
                addresses.add(address)
    assert len(addresses) == 12
    assert address_for(anna, "n42", journey) == f"anna.schmidt.0007+n42-{journey}@example.com"  # fits: untouched


@pytest.mark.parametrize("pattern, words", [
    ("{local}+{runid}@{domain}", ["{runid}", "did you mean {run}", "known: {local}, {domain}, {run}"]),
    ("{local}+{run}", ["0 @"]),
    ("{local}@{run}@{domain}", ["2 @"]),
    ("{local} {run}@{domain}", ["is not an e-mail address", "'anna.schmidt.0007 "]),
    ("{local}+{run}@localhost", ["is not an e-mail address"]),
    ("{local}+{run@{domain}", ["unbalanced braces"]),
    ("{local!r}@{domain}", ["{local} takes no format"]),
    ("{run}{run}{run}{journey}@{domain}", ["at most 64"]),
])
def test_a_bad_pattern_is_refused_naming_the_flag_and_the_value(pattern, words):
    with pytest.raises(UserInputError) as refused:
        check_pattern(pattern, "x" * 24)
    said = str(refused.value)
    assert said.startswith(f"--email-pattern: {pattern!r}") and "\n" not in said, said
    assert all(w in said for w in words), said


def test_patterns_that_can_collide_are_allowed():
    for pattern in ("{local}@{domain}", "{local}+{run}@{domain}", "{local}+{journey}@{domain}"):
        assert check_pattern(pattern) == pattern


@pytest.mark.parametrize("run_id", ["", "Nightly", "run_42", "a b", "x" * 25, "ü"])
def test_a_bad_run_id_is_refused(run_id):
    with pytest.raises(UserInputError, match=rf"^--run-id: {re.escape(repr(run_id))} is not a run id"):
        check_run_id(run_id)


def test_the_flag_wins_over_the_environment_which_wins_over_the_default():
    env = {RUN_ID_ENV: "build-1234", PATTERN_ENV: "{local}.{run}.{journey}@qa.example.test"}
    assert run_id_from("n42", env) == "n42"
    assert run_id_from(None, env) == "build-1234"
    assert run_id_from(None, {}) != run_id_from(None, {})
    assert pattern_from("{local}@{domain}", "n42", env) == "{local}@{domain}"
    assert pattern_from(None, "n42", env) == env[PATTERN_ENV]
    assert pattern_from(None, "n42", {}) == DEFAULT_PATTERN
    with pytest.raises(UserInputError, match=rf"^{RUN_ID_ENV}: 'Build 1'"):
        run_id_from(None, {RUN_ID_ENV: "Build 1"})
    with pytest.raises(UserInputError, match=rf"^{PATTERN_ENV}: '{{local}}'"):
        pattern_from(None, "n42", {PATTERN_ENV: "{local}"})
