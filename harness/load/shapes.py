"""Load shapes: how many users run, and how they split across markets, at each moment of a run.

A shape is a pure function of the time into the run: `at(t)` returns a `Tick` (users, spawn
rate, and each market's share of the users), or None once the run is over. Four come with the
harness; a small YAML file can describe others (see `from_file`). `RegionalShape` plays a
shape to Locust.
"""
from __future__ import annotations

import math
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .. import yamlfile
from ..errors import UserInputError, nearest, shown_path

NAMES = ("steady", "follow-the-sun", "flash-sale", "market-opening")


@dataclass(frozen=True)
class Tick:
    users: int
    spawn_rate: float
    mix: dict[str, float]  # market -> share of the users, summing to 1


@dataclass(frozen=True)
class Shape:
    """Shared by every shape: the markets and their traffic weights, the peak user count and
    the length of the run."""

    name: str
    weights: dict[str, float]  # market -> traffic weight (the market policy's)
    users: int
    duration: float  # seconds
    ramp: float = 0.1  # the share of the run spent ramping up at the start
    details: dict = field(default_factory=dict)
    rate: float | None = None  # users started per second (--spawn-rate); None: the shape's own

    def at(self, t: float) -> Tick | None:
        if t >= self.duration:
            return None
        return _SHAPES[self.name](self, t)

    def ticks(self, step: float = 1.0) -> list[tuple[float, Tick]]:
        """The whole run, second by second: what the tests of each shape read."""
        out, t = [], 0.0
        while (tick := self.at(t)) is not None:
            out.append((t, tick))
            t += step
        return out

    def spawn_rate(self) -> float:
        if self.rate is not None:
            return self.rate
        return max(1.0, self.users / max(1.0, self.duration * self.ramp))


def _normalise(weights: dict[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    return {m: w / total for m, w in weights.items() if w > 0} if total > 0 else {}


def _ramped(shape: Shape, t: float) -> float:
    """0..1: how far the opening ramp is."""
    ramp = shape.duration * shape.ramp
    return 1.0 if ramp <= 0 else min(1.0, (t + 1) / ramp)


def _steady(shape: Shape, t: float) -> Tick:
    return Tick(max(1, round(shape.users * _ramped(shape, t))), shape.spawn_rate(), _normalise(shape.weights))


def _follow_the_sun(shape: Shape, t: float) -> Tick:
    """Each market peaks in its local evening (20:00): the run compresses one day into its
    length, starting at the UTC hour given (default midnight), and weighs each market by
    its traffic weight times how close its clock is to its evening peak."""
    zones = shape.details["zones"]
    start_hour = shape.details.get("start_hour_utc", 0)
    hour = start_hour + 24 * t / shape.duration
    weights = {m: w * _evening(_local_hour(zones[m], hour)) for m, w in shape.weights.items()}
    return Tick(max(1, round(shape.users * _ramped(shape, t))), shape.spawn_rate(), _normalise(weights))


def _local_hour(zone: str, utc_hour: float) -> float:
    base = datetime(2026, 6, 1, tzinfo=timezone.utc) + timedelta(hours=utc_hour)
    local = base.astimezone(zoneinfo.ZoneInfo(zone))
    return local.hour + local.minute / 60


def _evening(local_hour: float, peak: float = 20.0, width: float = 3.0) -> float:
    """Traffic through a local day: a floor at night, a bell around the evening peak."""
    distance = min(abs(local_hour - peak), 24 - abs(local_hour - peak))
    return 0.1 + math.exp(-(distance ** 2) / (2 * width ** 2))


def _flash_sale(shape: Shape, t: float) -> Tick:
    """Steady at a base share of the users, then a spike to all of them for a window."""
    base = shape.details.get("base", 0.3)
    start = shape.duration * shape.details.get("at", 0.4)
    length = shape.duration * shape.details.get("length", 0.3)
    users = shape.users if start <= t < start + length else shape.users * base
    # a sale opens at once, unless --spawn-rate says how fast users may come
    spike_rate = shape.rate or max(shape.spawn_rate(), shape.users / max(1.0, length * 0.1))
    return Tick(max(1, round(users * _ramped(shape, t))), spike_rate, _normalise(shape.weights))


def _market_opening(shape: Shape, t: float) -> Tick:
    """The open markets run steady at their share; the new ones ramp from nothing to their own
    traffic weight over the run, on top, so the total grows as they open."""
    new = set(shape.details["new"])
    open_weights = {m: w for m, w in shape.weights.items() if m not in new}
    # Nothing open yet (a first wave): the new markets ramp to the whole run's users.
    total_open = sum(open_weights.values()) or sum(shape.weights.values()) or 1.0
    progress = min(1.0, t / max(1.0, shape.duration * shape.details.get("ramp_until", 0.8)))
    weights = dict(open_weights)
    for m in new:
        weights[m] = shape.weights[m] * progress
    base_users = shape.users * _ramped(shape, t)
    users = base_users * sum(weights.values()) / total_open
    return Tick(max(1, round(users)), shape.spawn_rate(), _normalise(weights))


_SHAPES = {"steady": _steady, "follow-the-sun": _follow_the_sun, "flash-sale": _flash_sale,
           "market-opening": _market_opening}


def make(name: str, weights: dict[str, float], users: int, duration: float, *, zones: dict[str, str] | None = None,
         new_markets: list[str] | None = None, **details) -> Shape:
    if name not in _SHAPES:
        raise UserInputError(f"--shape: unknown shape {name!r}{nearest(name, NAMES)}; known: {', '.join(NAMES)}")
    if name == "follow-the-sun":
        details["zones"] = zones or {}
    if name == "market-opening":
        if not new_markets:
            raise UserInputError("--new-markets: the market-opening shape needs the markets to open (e.g. --new-markets NZ,ZA)")
        unknown = [m for m in new_markets if m not in weights]
        if unknown:
            raise UserInputError(f"--new-markets: {unknown[0]!r} is not among the markets of this run")
        details["new"] = list(new_markets)
    return Shape(name, dict(weights), users, duration, details=details)


class ShapeFile(BaseModel):
    """A shape in YAML: a built-in one with its settings, e.g.

        shape: flash-sale
        users: 300
        duration: 5m
        at: 0.5          # the spike starts half-way
        length: 0.2
    """

    model_config = ConfigDict(extra="forbid")
    shape: str
    users: int = Field(gt=0, le=100_000)
    duration: str
    base: float | None = Field(None, ge=0, le=1)
    at: float | None = Field(None, ge=0, le=1)
    length: float | None = Field(None, gt=0, le=1)
    start_hour_utc: float | None = Field(None, ge=0, lt=24)
    new_markets: list[str] | None = None
    ramp_until: float | None = Field(None, gt=0, le=1)

    @model_validator(mode="after")
    def _known(self) -> "ShapeFile":
        if self.shape not in NAMES:
            raise ValueError(f"unknown shape {self.shape!r}{nearest(self.shape, NAMES)}; known: {', '.join(NAMES)}")
        return self


def from_file(path: Path, weights: dict[str, float], zones: dict[str, str]) -> Shape:
    from .bounds import parse_duration

    try:
        raw = yamlfile.safe_load(path.read_text(encoding="utf-8"))
        spec = ShapeFile.model_validate(raw or {})
    except OSError as exc:
        raise UserInputError(f"{shown_path(path)}: cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise UserInputError(f"{shown_path(path)}{where}: YAML syntax error: {getattr(exc, 'problem', exc)}") from None
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = ".".join(str(p) for p in err["loc"]) or "shape"
        raise UserInputError(f"{shown_path(path)}: {loc}: {err.get('input')!r}: {err['msg'].removeprefix('Value error, ')}") from None
    details = {k: v for k, v in spec.model_dump().items()
               if k not in ("shape", "users", "duration", "new_markets") and v is not None}
    return make(spec.shape, weights, spec.users, parse_duration(spec.duration, f"{shown_path(path)}: duration"),
                zones=zones, new_markets=spec.new_markets, **details)
