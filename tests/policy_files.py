"""Copies of the shipped market policy to change in a test: a few markets, one field at a time."""
from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from harness.policy import default_directory, load_policy

NO_BUSY_MACHINE_MISSES = 60_000  # ms: the p95 target of a clean run in a test


def policy_copy(tmp_path: Path, markets: Iterable[str]) -> Path:
    """`tmp_path/policy` with the shipped files of `markets` and the shared defaults."""
    folder = tmp_path / "policy"
    folder.mkdir()
    for name in (*(f"{m}.yaml" for m in markets), "defaults.yaml"):
        shutil.copy(default_directory() / name, folder / name)
    return folder


def edit_yaml(path: Path, change: Callable[[dict], object]) -> None:
    """Reads a policy file, lets `change` alter the data in place, writes it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def relaxed_policy(tmp: Path, markets=None, **service_levels) -> Path:
    """A copy of the shipped policy (every market, or these) whose p95 target no busy machine
    misses, with any other service level given here (e.g. support_first_response_s=3): a test's
    clean run must not hang on the speed of the machine it runs on."""
    folder = policy_copy(tmp, markets or [m.market for m in load_policy().select("all")])

    def change(data: dict) -> None:
        data["service_levels"].update({"p95_ms": NO_BUSY_MACHINE_MISSES, **service_levels})

    edit_yaml(folder / "defaults.yaml", change)
    return folder
