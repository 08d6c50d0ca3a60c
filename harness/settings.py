"""A run's settings: one typed object, built once from the command line (`harness run`,
`rehearse`) or pytest's options, bounded here and only here, and handed whole to every process
the run starts (the journeys' pytest process reads it from `--settings FILE`, its xdist workers
from the controller), so nothing re-parses flags at each hop.

Every bound is one row of BOUNDS; a value outside it is refused in one line naming the flag,
the value and what would do.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, model_validator

from .errors import UserInputError

COVERING = "covering"
MAX_PER_MARKET = 1000  # --personas N: random volume, bounded for every command alike
DEFAULT_ADAPTER = "harness.shop.reference:make_shop"  # the embedded storefront's adapter
SEED_MAX = 2**32 - 1  # numpy's and Faker's seed range


def parse_personas(value: str | int, flag: str = "--personas") -> str | int:
    """`covering` or a number of personas per market (1 to MAX_PER_MARKET); a one-line error otherwise."""
    text = str(value).strip().lower()
    if text == COVERING:
        return COVERING
    if not text.isdigit() or not 1 <= int(text) <= MAX_PER_MARKET:
        raise UserInputError(f"{flag}: {value!r} is neither 'covering' nor a number of personas per market "
                             f"from 1 to {MAX_PER_MARKET}")
    return int(text)


def personas_from(given: str | None, per_market: int | None) -> str | int:
    """--personas and --personas-per-market (None: not given) read as one choice: "covering" (the
    default) or a number; refused in one line where both are given and disagree."""
    if per_market is None:
        return COVERING if given is None else parse_personas(given)
    if given is not None and parse_personas(given) != per_market:
        raise UserInputError(f"--personas-per-market: {per_market} and --personas {given} disagree; give one of them")
    return parse_personas(per_market, "--personas-per-market")


@dataclass(frozen=True)
class Bound:
    flag: str
    low: float
    high: float
    unit: str = ""  # words after the range: "seconds", "markets", "(0: one per core)"

    def check(self, value) -> None:
        if self.low <= value <= self.high:
            return
        if self.low == 0 and value < 0 and self.high >= SEED_MAX:
            raise UserInputError(f"{self.flag}: {value} is negative; give a whole number from 0")
        unit = f" {self.unit}" if self.unit else ""
        raise UserInputError(f"{self.flag}: {value} is out of range; give {self.low:g} to {self.high:g}{unit}")


MAX_USERS = 5_000  # load users at the peak (harness load --users, harness run --load-users)
DEFAULT_SEED = 1  # every command's, and the pytest plugin's: the personas `harness personas` shows are the ones a run walks
MAX_WORKERS = 64  # journey processes (and Locust workers on this machine), each with its own Chromium
MAX_UNDER_LOAD = 10

BOUNDS = {
    "seed": Bound("--seed", 0, SEED_MAX),
    "workers": Bound("--workers", 0, MAX_WORKERS, "(0: one per core)"),
    "retries": Bound("--retries", 0, 5),
    "step_timeout": Bound("--step-timeout", 0.5, 600, "seconds"),
    "under_load": Bound("--journeys-under-load", 0, MAX_UNDER_LOAD, "markets"),
    "load_users": Bound("--load-users", 1, MAX_USERS),
    "count": Bound("--count", 1, 100_000, "personas per market"),
}


def check_bound(name: str, value) -> None:
    """`value` held to its option's bound (for a command that takes the option alone)."""
    BOUNDS[name].check(value)


class Settings(BaseModel):
    """What the browser journeys of a run are walked with. The job resolves the run id and
    e-mail pattern once, so every process of the run uses the same."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    target: str | None = None  # None: the embedded storefront, with `faults`
    embedded: bool = False  # the target is the embedded storefront a job started (with `faults`)
    faults: tuple[str, ...] = ()
    markets: str = "all"
    journeys: tuple[str, ...] | None = None  # the registry's names (harness/journeys.py); None: all
    personas: str | int = COVERING  # or a number of personas per market
    persona: str | None = None  # one persona walked again, e.g. DE-0007
    seed: int = DEFAULT_SEED
    workers: int = 0  # journey processes; 0: one per core
    policy_dir: Path | None = None
    adapter: str = DEFAULT_ADAPTER
    egress_proxy: tuple[str, ...] = ()  # CC=URL, over the policy's proxy for that market
    browser_ws: str | None = None
    cdp: str | None = None
    retries: int = 1
    step_timeout: float = 15.0
    shard: str | None = None  # "I/N": walk only this shard's journeys (harness/shards.py)
    shard_durations: Path | None = None  # a previous run's junit.xml or durations.json: the shards balanced by time
    run_label: str | None = None
    run_id: str | None = None  # None until resolved: the flag, HARNESS_RUN_ID or a new one
    email_pattern: str | None = None  # None until resolved: the flag, HARNESS_EMAIL_PATTERN or the default

    @model_validator(mode="before")
    @classmethod
    def _read(cls, data):
        if isinstance(data, dict):
            data = dict(data)
            if isinstance(data.get("faults"), str):
                data["faults"] = tuple(f.strip() for f in data["faults"].split(",") if f.strip())
            if data.get("personas") is not None:
                data["personas"] = parse_personas(data["personas"])
            elif "personas" in data:
                data["personas"] = COVERING
            if data.get("adapter") is None:
                data.pop("adapter", None)
        return data

    @model_validator(mode="before")
    @classmethod
    def _journeys(cls, data):
        """The registry's one spelling of each journey (harness/journeys.py)."""
        if isinstance(data, dict) and data.get("journeys"):
            from . import journeys as registry

            data = {**data, "journeys": tuple(j.name for j in registry.parse(list(data["journeys"])))}
        return data

    @model_validator(mode="after")
    def _bounded(self) -> "Settings":
        for name, bound in BOUNDS.items():
            if name in type(self).model_fields:
                bound.check(getattr(self, name))
        if self.shard is not None:
            from .shards import parse_shard

            parse_shard(self.shard)
        if self.shard_durations is not None and self.shard is None:
            raise UserInputError(f"--shard-durations {self.shard_durations}: it balances shards; give --shard I/N with it")
        return self

    def resolved(self) -> "Settings":
        """With the run id and e-mail pattern fixed for the whole run (and checked)."""
        from .personas.email import pattern_from, run_id_from

        run_id = run_id_from(self.run_id)
        return self.model_copy(update={"run_id": run_id, "email_pattern": pattern_from(self.email_pattern, run_id)})

    @property
    def remote_browser(self) -> bool:
        """The journeys' browser is elsewhere (--browser-ws, --cdp): this machine needs none."""
        return bool(self.browser_ws or self.cdp)

    def proxies(self) -> dict[str, str]:
        """--egress-proxy as {market: proxy URL} (refused in one line when malformed)."""
        from .persona_context import egress_proxy_flags

        return egress_proxy_flags(self.egress_proxy)

    def write(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.model_dump_json(indent=1), encoding="utf-8")
        return path

    @classmethod
    def read(cls, path: Path, flag: str = "--settings") -> "Settings":
        try:
            return cls.model_validate_json(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise UserInputError(f"{flag}: {path} cannot be read ({exc.strerror or exc})") from None
        except ValueError as exc:
            raise UserInputError(f"{flag}: {path} is not a harness settings file ({str(exc).splitlines()[0]})") from None


class RunSettings(Settings):
    """`harness run`: the journeys' settings and the load run that follows them."""

    load: bool = True
    load_shape: str = "steady"
    load_users: int = 30
    load_duration: str = "30s"
    under_load: int = 2  # markets whose journeys are walked again while the load runs
    allow_host: tuple[str, ...] = ()
    reports: Path = Path("reports")

    def journeys_only(self) -> Settings:
        """What the journeys' process is handed."""
        return Settings(**{name: getattr(self, name) for name in Settings.model_fields})


__all__ = ["BOUNDS", "Bound", "COVERING", "DEFAULT_ADAPTER", "MAX_PER_MARKET", "MAX_WORKERS", "RunSettings",
           "Settings", "check_bound"]
