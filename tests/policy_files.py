"""Copies of the shipped market policy to change in a test: a few markets, one field at a time."""
from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from harness.policy import default_directory


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
