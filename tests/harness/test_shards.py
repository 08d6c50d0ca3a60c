"""The split of a run's journeys into shards (harness/shards.py): every journey in exactly one
shard, the same split whatever order the journeys come in, balanced by count or by a previous
run's durations; bad --shard and --durations values are one line."""
from __future__ import annotations

import json
import random

import pytest

from harness.errors import UserInputError
from harness.shards import Shard, journey_key, parse_shard, read_durations, split

KEYS = [f"test_{j}::test_walk[chromium-{m}-000{p}]" for j in ("checkout", "support", "service_area")
        for m in ("DE", "JP", "BR", "US") for p in (1, 2)]


def test_shard_is_read_as_i_of_n():
    assert parse_shard("2/4") == Shard(2, 4) and str(Shard(2, 4)) == "2/4"


@pytest.mark.parametrize("text, said", [("0/4", "must be 1 to 4"), ("5/4", "must be 1 to 4"), ("1/0", "1 to 1000"),
                                        ("2", "give I/N"), ("a/b", "give I/N"), ("1/4/2", "give I/N")])
def test_a_bad_shard_is_one_line_naming_the_flag_and_value(text, said):
    with pytest.raises(UserInputError, match=rf"^--shard {text}: .*{said}"):
        parse_shard(text)


def test_the_key_is_the_same_however_the_journeys_were_collected():
    assert journey_key("scenarios/test_checkout.py::test_guest[chromium-DE-0001]") == \
        journey_key("/venv/lib/harness/scenarios/test_checkout.py::test_guest[chromium-DE-0001]") == \
        "test_checkout::test_guest[chromium-DE-0001]"


@pytest.mark.parametrize("total", [1, 2, 3, 4, 7, 30])
def test_by_count_every_journey_is_in_exactly_one_shard_and_sizes_differ_by_at_most_one(total):
    placed = split(KEYS, total)
    assert set(placed) == set(KEYS) and set(placed.values()) <= set(range(1, total + 1))
    sizes = [list(placed.values()).count(s) for s in range(1, total + 1)]
    assert max(sizes) - min(sizes) <= 1


def test_every_shard_computes_the_same_split_whatever_the_order():
    shuffled = KEYS[:]
    random.Random(7).shuffle(shuffled)
    durations = {k: float(i % 5 + 1) for i, k in enumerate(KEYS)}
    assert split(shuffled, 4) == split(KEYS, 4)
    assert split(shuffled, 4, durations) == split(KEYS, 4, durations)


def test_durations_balance_the_time_where_count_does_not():
    # the checkouts are slow: dealt by count, one shard gets most of them
    durations = {k: (20.0 if k.startswith("test_checkout") else 1.0) for k in KEYS}

    def loads(placed):
        return [sum(durations[k] for k, s in placed.items() if s == shard) for shard in (1, 2, 3)]

    by_count, by_time = loads(split(KEYS, 3)), loads(split(KEYS, 3, durations))
    assert max(by_time) - min(by_time) <= 20.0, by_time  # within one journey's time
    assert max(by_time) < max(by_count), (by_time, by_count)


def test_a_journey_the_durations_do_not_know_counts_as_their_median():
    known = {KEYS[0]: 1.0, KEYS[1]: 3.0, KEYS[2]: 100.0}
    placed = split([KEYS[0], KEYS[1], KEYS[2], "test_new::test_x[chromium-DE-0001]"], 2, known)
    assert placed[KEYS[2]] != placed["test_new::test_x[chromium-DE-0001]"]  # 100 alone; 1 + 3 + 3 on the other
    assert placed[KEYS[0]] == placed[KEYS[1]] == placed["test_new::test_x[chromium-DE-0001]"]


def test_durations_from_a_junit_file_and_from_json(tmp_path):
    junit = tmp_path / "junit.xml"
    junit.write_text('<?xml version="1.0"?><testsuites><testsuite name="pytest">'
                     '<testcase classname="scenarios.test_checkout" name="test_guest[chromium-DE-0001]" time="4.5"/>'
                     '<testcase classname="harness.scenarios.test_support" name="test_chat[chromium-JP-0001]" time="2"/>'
                     '</testsuite></testsuites>')
    assert read_durations(junit) == {"test_checkout::test_guest[chromium-DE-0001]": 4.5,
                                     "test_support::test_chat[chromium-JP-0001]": 2.0}
    made = tmp_path / "durations.json"
    made.write_text(json.dumps({"test_checkout::test_guest[chromium-DE-0001]": 4.5}))
    assert read_durations(made) == {"test_checkout::test_guest[chromium-DE-0001]": 4.5}


@pytest.mark.parametrize("content, said", [(None, "cannot be read"), ("{not json", "neither JUnit XML nor JSON"),
                                           ("<testsuites>", "not valid XML"), ('{"a": -1}', "expected an object of journey -> seconds"),
                                           ('["a"]', "expected an object of journey -> seconds")])
def test_bad_durations_are_one_line_naming_the_flag_and_file(tmp_path, content, said):
    path = tmp_path / "durations.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(UserInputError, match=rf"^--shard-durations .*durations.json: {said}"):
        read_durations(path)
