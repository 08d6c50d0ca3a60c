"""Reading the market policy files: one YAML file per market, plus shared defaults.

personas/policy/DE.yaml states the German market; personas/policy/defaults.yaml (optional)
holds fields every market shares unless its own file says otherwise (merged key by key), such
as the service area (which countries are served, which refused). Any problem is a
UserInputError naming the file (the one that states the bad value), the field and the value.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pycountry
import yaml
from pydantic import ValidationError

from .. import yamlfile
from ..errors import UserInputError, nearest, shorten, shown_path
from .model import MarketPolicy

DEFAULTS_FILE = "defaults.yaml"


def default_directory() -> Path:
    from ..shipped import policy_dir

    return policy_dir()


class Policy(Mapping[str, MarketPolicy]):
    """Every market's policy, by market code, in file order (alphabetical)."""

    def __init__(self, markets: dict[str, MarketPolicy], source: Path):
        self._markets = markets
        self.source = source

    def __getitem__(self, code: str) -> MarketPolicy:
        return self._markets[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._markets)

    def __len__(self) -> int:
        return len(self._markets)

    def select(self, codes: Iterable[str] | str | None, flag: str = "--markets") -> list[MarketPolicy]:
        """The named markets ("DE,JP", a list, or "all"/None for every one), checked."""
        if codes is None or codes == "all" or codes == ["all"]:
            return list(self._markets.values())
        if isinstance(codes, str):
            codes = [c for c in codes.split(",") if c.strip()]
        chosen = []
        for raw in codes:
            code = raw.strip().upper()
            if code not in self._markets:
                raise UserInputError(f"{flag}: no market {raw.strip()!r} in {shown_path(self.source)}{self._hint(code)}; "
                                     f"known: {', '.join(self._markets)}")
            if self._markets[code] not in chosen:
                chosen.append(self._markets[code])
        if not chosen:
            raise UserInputError(f"{flag}: no market named; give codes such as DE,JP or 'all'")
        return chosen


    def _hint(self, code: str) -> str:
        country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
        if country and country.alpha_2 in self._markets:  # GBR, DEU: the three-letter code
            return f" (did you mean {country.alpha_2}?)"
        return nearest(code, self._markets, cutoff=0.5)


def load_policy(directory: Path | str | None = None) -> Policy:
    directory = Path(directory) if directory else default_directory()
    if not directory.is_dir():
        raise UserInputError(f"{shown_path(directory)}: no such policy directory")
    defaults_path = directory / DEFAULTS_FILE
    defaults = _read(defaults_path) if defaults_path.exists() else {}
    markets: dict[str, MarketPolicy] = {}
    stated: dict[str, tuple[Path, dict]] = {}  # each market's file and what it states itself
    for path in sorted(directory.glob("*.yaml")):
        if path.name == DEFAULTS_FILE:
            continue
        own = _read(path)
        policy = _validate(path, own, defaults_path, defaults)
        if policy.market != path.stem.upper():
            raise UserInputError(f"{shown_path(path)}: market: {policy.market!r} differs from the file's name {path.name} "
                                 f"(name it {policy.market}.yaml)")
        if policy.market in markets:
            raise UserInputError(f"{shown_path(path)}: market: {policy.market!r} is stated twice")
        markets[policy.market] = policy
        stated[policy.market] = (path, own)
    if not markets:
        raise UserInputError(f"{shown_path(directory)}: no market policy files (<CC>.yaml)")
    for code, policy in markets.items():
        for country in policy.service_area.refused:
            if country in markets:
                path, own = stated[code]
                where = path if _states(own, ("service_area", "refused")) else defaults_path
                raise UserInputError(f"{shown_path(where)}: service_area.refused: {country!r} is a market of this "
                                     f"policy ({stated[country][0].name})")
    return Policy(markets, directory)


def _read(path: Path) -> dict:
    return read_yaml(path, "policy fields")


def read_yaml(path: Path, what: str) -> dict:
    """A YAML mapping from a user's file; any problem is one line naming the file (and line)."""
    try:
        data = yamlfile.read_file(path)
    except yamlfile.Refused as exc:  # too large, or a "billion laughs": before it costs anything
        raise UserInputError(f"{shown_path(path)}: {exc}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{shown_path(path)}:{mark.line + 1}:{mark.column + 1}" if mark else shown_path(path)
        raise UserInputError(f"{where}: YAML syntax error: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise UserInputError(f"{shown_path(path)}: YAML error: {exc}") from None
    except UnicodeDecodeError:
        raise UserInputError(f"{shown_path(path)}: not UTF-8 text") from None
    except OSError as exc:
        raise UserInputError(f"{shown_path(path)}: cannot read: {exc.strerror}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise UserInputError(f"{shown_path(path)}: expected a mapping of {what}, found {type(data).__name__}")
    return data


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return out


def _validate(path: Path, own: dict, defaults_path: Path, defaults: dict) -> MarketPolicy:
    try:
        return MarketPolicy.model_validate(_merge(defaults, own))
    except ValidationError as exc:
        loc = exc.errors(include_url=False)[0]["loc"]
        where = defaults_path if not _states(own, loc) and _states(defaults, loc) else path
        raise UserInputError(describe(shown_path(where), exc, MarketPolicy)) from None


def _states(data: dict, loc) -> bool:
    """Whether one file's mapping states the value at `loc` (a list is stated whole, by one file)."""
    for part in loc:
        if isinstance(part, int) or not isinstance(data, dict):
            return True
        if part not in data:
            return False
        data = data[part]
    return True


def describe(path: Path, exc: ValidationError, model) -> str:
    """The first problem as one line: file, field path, value, what is wrong."""
    err = exc.errors(include_url=False)[0]
    loc = ".".join(str(p) for p in err["loc"])
    kind = err["type"]
    if kind == "missing":
        return f"{path}: {loc}: missing (required)"
    if kind == "extra_forbidden":
        known = _field_names(model, err["loc"][:-1])
        return f"{path}: {loc}: unknown field{nearest(str(err['loc'][-1]), known)}"
    message = err["msg"].removeprefix("Value error, ")
    where = f"{path}: {loc}" if loc else str(path)
    return f"{where}: {shorten(err.get('input'))}: {message}"


def _field_names(model, loc) -> list[str]:
    """The fields of the (nested) model at `loc`, for suggestions."""
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        annotation = field.annotation
        inner = getattr(annotation, "__args__", None)
        candidates = [a for a in (inner or (annotation,)) if hasattr(a, "model_fields")]
        if not candidates:
            return []
        model = candidates[0]
    return list(model.model_fields)
