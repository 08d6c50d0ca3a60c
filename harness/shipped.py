"""Where the files shipped with the harness are. The repository keeps them in `personas/` (the
market policy in `personas/policy/`, the persona reference data in `personas/data/`) and
`scenarios/` (the journeys); installed, they are the packages `harness.data` and
`harness.scenarios` (pyproject.toml), so nothing lands as a top-level `personas` or `scenarios`."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def data_dir() -> Path:
    return Path(str(files("harness.data")))


def policy_dir() -> Path:
    """The market policy the harness ships (personas/policy)."""
    return data_dir() / "policy"


def persona_data(name: str) -> Path:
    """A file or folder of the persona reference data (personas/data), e.g. "places.yaml"."""
    return data_dir() / "data" / name
