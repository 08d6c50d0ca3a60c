"""Each shape's tick sequence, as pure functions of the time into the run."""
from __future__ import annotations

import pytest

from harness.errors import UserInputError
from harness.load import shapes

WEIGHTS = {"DE": 8.0, "JP": 8.0, "US": 20.0, "NZ": 0.8}
ZONES = {"DE": "Europe/Berlin", "JP": "Asia/Tokyo", "US": "America/New_York", "NZ": "Pacific/Auckland"}


def test_steady_ramps_up_then_holds_the_traffic_weights():
    ticks = shapes.make("steady", WEIGHTS, 100, 60).ticks()
    assert len(ticks) == 60 and ticks[-1][0] == 59
    users = [t.users for _, t in ticks]
    assert users[0] < 100 and users == sorted(users) and users[10:] == [100] * 50
    mix = ticks[30][1].mix
    assert mix["US"] == pytest.approx(20 / 36.8) and mix["DE"] == pytest.approx(mix["JP"])
    assert sum(mix.values()) == pytest.approx(1.0)
    assert shapes.make("steady", WEIGHTS, 100, 60).at(60) is None  # it stops by itself


def test_flash_sale_jumps_to_every_user_for_its_window_and_back():
    shape = shapes.make("flash-sale", WEIGHTS, 200, 100, at=0.5, length=0.2, base=0.25)
    by_second = dict(shape.ticks())
    assert by_second[40].users == 50 and by_second[50].users == 200 and by_second[69].users == 200
    assert by_second[70].users == 50
    assert by_second[50].spawn_rate >= 200 / 2  # a sale opens at once, not over a slow ramp


def test_follow_the_sun_moves_each_market_to_its_local_evening():
    shape = shapes.make("follow-the-sun", WEIGHTS, 100, 240, zones=ZONES)
    ticks = dict(shape.ticks())

    def peak(market: str) -> int:
        return max(ticks, key=lambda t: ticks[t].mix[market] / WEIGHTS[market])

    # A day in 240 s from 00:00 UTC: 10 s per hour. Evening 20:00 local = 11:00 UTC in Tokyo,
    # 18:00 UTC in Berlin (summer), 00:00 UTC in New York (summer), 08:00 UTC in Auckland (winter).
    assert peak("JP") == pytest.approx(110, abs=10)
    assert peak("DE") == pytest.approx(180, abs=10)
    assert peak("NZ") == pytest.approx(80, abs=10)
    assert peak("US") <= 20 or peak("US") >= 230  # shares move with the others' too: a little slack
    assert all(sum(t.mix.values()) == pytest.approx(1.0) for t in ticks.values())


def test_market_opening_ramps_the_new_markets_on_top_of_the_steady_ones():
    shape = shapes.make("market-opening", WEIGHTS, 100, 100, new_markets=["NZ", "JP"])
    ticks = dict(shape.ticks())
    first, last = ticks[10], ticks[90]
    assert first.mix.get("JP", 0) < 0.05 and last.mix["JP"] == pytest.approx(8 / 36.8, rel=0.05)
    assert last.users > first.users  # the new markets come on top
    steady_de = [round(t.users * t.mix["DE"]) for s, t in ticks.items() if s >= 10]
    assert max(steady_de) - min(steady_de) <= 2  # the open markets hold their load


def test_bad_shapes_are_refused_in_one_line(tmp_path):
    with pytest.raises(UserInputError, match="unknown shape 'flash'.*did you mean flash-sale"):
        shapes.make("flash", WEIGHTS, 10, 10)
    with pytest.raises(UserInputError, match="--new-markets: the market-opening shape needs"):
        shapes.make("market-opening", WEIGHTS, 10, 10)
    with pytest.raises(UserInputError, match="--new-markets: 'FR' is not among"):
        shapes.make("market-opening", WEIGHTS, 10, 10, new_markets=["FR"])
    bad = tmp_path / "shape.yaml"
    bad.write_text("shape: flash-sale\nusers: -5\nduration: 1m\n")
    with pytest.raises(UserInputError, match=r"shape.yaml: users: -5"):
        shapes.from_file(bad, WEIGHTS, ZONES)
    bad.write_text("shape: flash-sale\nusers: [5\n")
    with pytest.raises(UserInputError, match=r"shape.yaml:\d+:\d+: YAML syntax error"):
        shapes.from_file(bad, WEIGHTS, ZONES)


def test_a_shape_from_yaml(tmp_path):
    path = tmp_path / "sale.yaml"
    path.write_text("shape: flash-sale\nusers: 300\nduration: 2m\nat: 0.5\nlength: 0.25\n")
    shape = shapes.from_file(path, WEIGHTS, ZONES)
    assert shape.users == 300 and shape.duration == 120
    assert shape.at(60).users == 300 and shape.at(10).users < 300


@pytest.mark.parametrize("name, extra", [("steady", {}), ("follow-the-sun", {"zones": ZONES}),
                                         ("flash-sale", {}), ("market-opening", {"new_markets": ["NZ"]})])
def test_a_spawn_rate_given_is_every_ticks_rate(name, extra):
    from dataclasses import replace

    shape = replace(shapes.make(name, WEIGHTS, 200, 100, **extra), rate=3.0)
    assert {tick.spawn_rate for _, tick in shape.ticks()} == {3.0}  # the flash sale's spike too
    assert {tick.spawn_rate for _, tick in shapes.make(name, WEIGHTS, 200, 100, **extra).ticks()} != {3.0}
