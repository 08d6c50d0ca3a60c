"""A market-opening rehearsal plan (`harness rehearse PLAN.yaml`): waves of markets to open, each
with the journeys its markets must pass and the opening-ramp load they must hold.

Every problem is one line naming the file, the field and the value (`UserInputError`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import UserInputError, nearest, shown_path
from ..load.bounds import parse_duration
from ..settings import MAX_USERS, Settings
from ..policy import Policy
from ..policy.load import describe, read_yaml
from .. import journeys as registry


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Load(_Strict):
    """The opening ramp: the wave's markets ramp up to their share of `users` while the markets
    already open run steady."""

    users: Annotated[int, Field(ge=1, le=MAX_USERS)] = 20
    duration: str = "30s"

    @field_validator("duration")
    @classmethod
    def _duration(cls, value: str) -> str:
        try:
            parse_duration(value, "duration")
        except UserInputError as exc:
            raise ValueError(str(exc).removeprefix("duration: ")) from None
        return value


class Gates(_Strict):
    """What a market of the wave needs for a go."""

    journeys: bool = True  # every journey of the market passed
    service_levels: bool = True  # the market met its service-level targets during the ramp
    open_markets_hold: bool = True  # no market already open missed a target during the ramp


def _journey(name: str) -> str:
    """The registry's one spelling of a journey (its marker spelling is taken too)."""
    found = registry.find(name)
    if found is None:
        raise ValueError(registry.unknown(name))
    return found.name


Journey = Annotated[str, AfterValidator(_journey)]


class Wave(_Strict):
    name: str | None = None
    markets: Annotated[list[str], Field(min_length=1, max_length=49)]
    journeys: list[Journey] | None = None  # default: the plan's
    load: Load | None = None  # default: the plan's
    gates: Gates | None = None  # default: the plan's

    @field_validator("markets", mode="before")
    @classmethod
    def _upper(cls, value):
        return [str(v).strip().upper() for v in value] if isinstance(value, list) else value


class RehearsalPlan(_Strict):
    name: str = "market-opening rehearsal"
    seed: Annotated[int, Field(ge=0)] = 1
    open: list[str] = []  # markets already trading: steady load during every ramp
    journeys: list[Journey] = Field(default_factory=registry.names)
    load: Load = Load()
    gates: Gates = Gates()
    waves: Annotated[list[Wave], Field(min_length=1, max_length=20)]

    @field_validator("open", mode="before")
    @classmethod
    def _upper(cls, value):
        return [str(v).strip().upper() for v in value] if isinstance(value, list) else value

    def wave_name(self, index: int) -> str:
        wave = self.waves[index]
        return wave.name or f"wave {index + 1}"

    def journeys_of(self, wave: Wave) -> list[str]:
        return wave.journeys or self.journeys

    def load_of(self, wave: Wave) -> Load:
        return wave.load or self.load

    def gates_of(self, wave: Wave) -> Gates:
        return wave.gates or self.gates

    def settings_of(self, index: int, settings: Settings) -> Settings:
        """The journeys' settings for wave `index`: its markets and journeys, labelled with its name."""
        wave = self.waves[index]
        return settings.model_copy(update={"markets": ",".join(wave.markets), "run_label": self.wave_name(index),
                                           "journeys": tuple(self.journeys_of(wave))})


def load_plan(path: Path, policy: Policy) -> RehearsalPlan:
    where = shown_path(path)
    if not Path(path).is_file():
        raise UserInputError(f"{where}: no such rehearsal plan")
    data = read_yaml(Path(path), "rehearsal plan fields (name, open, waves, ...)")
    try:
        plan = RehearsalPlan.model_validate(data)
    except ValidationError as exc:
        raise UserInputError(describe(where, exc, RehearsalPlan)) from None
    seen: dict[str, str] = {}
    places = [("open", i, m) for i, m in enumerate(plan.open)]
    places += [(f"waves.{w}.markets", i, m) for w, wave in enumerate(plan.waves) for i, m in enumerate(wave.markets)]
    for field, i, market in places:
        if market not in policy:
            raise UserInputError(f"{where}: {field}.{i}: {market!r} is not a market in {shown_path(policy.source)}"
                                 f"{nearest(market, list(policy))}")
        if market in seen:
            raise UserInputError(f"{where}: {field}.{i}: {market!r} is already in {seen[market]}; a market opens once")
        seen[market] = field
    return plan
