"""Following the journeys' progress file (harness/journey_process.py): the total is known as soon
as pytest has collected the journeys, before the first walk ends, so the bar shows N/total and an
ETA from the start instead of N/?."""
from __future__ import annotations

from harness.journey_process import _Followed
from harness.results import Collected, JourneyResult


def walk(n: int) -> str:
    return JourneyResult(nodeid=f"t{n}", journey="checkout", persona=f"DE-000{n}", market="DE", outcome="passed",
                         message="").line()


def test_the_total_is_known_before_the_first_walk_ends(tmp_path):
    progress = tmp_path / "progress.jsonl"
    seen = []
    followed = _Followed(progress, on_collected=lambda n: seen.append(("collected", n)))
    followed.read(lambda result: seen.append(result.persona))
    assert seen == []  # nothing written yet
    progress.write_text(Collected(collected=3).model_dump_json() + "\n", encoding="utf-8")
    followed.read(lambda result: seen.append(result.persona))
    assert seen == [("collected", 3)]
    with open(progress, "a", encoding="utf-8") as fh:
        fh.write(walk(1) + "\n" + walk(2)[:20])  # the second line still being written
    followed.read(lambda result: seen.append(result.persona))
    assert seen == [("collected", 3), "DE-0001"] and followed.collected == 3
