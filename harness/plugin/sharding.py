"""--shard I/N in the plugin: each test process keeps its shard's journeys (the others are
deselected, as -k would), and the controller writes the shard's manifest beside the progress
file for `harness merge`: the run it belongs to, the whole split, whether the shard finished."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from ..shards import journey_key, manifest_of, parse_shard, read_durations, shop_of, split
from .options import settings_of
from .stash import SPLIT

_HANDED = "harness_split"  # an xdist worker's split, in its workeroutput, for the controller


def keep_shard(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselects the journeys of the other shards (no-op without --shard)."""
    settings = settings_of(config)
    if not settings.shard:
        return
    shard = parse_shard(settings.shard)
    journeys = [item for item in items if "persona" in getattr(item, "fixturenames", ())]
    durations = read_durations(settings.shard_durations) if settings.shard_durations else None
    placed = split([journey_key(item.nodeid) for item in journeys], shard.total, durations)
    others = {id(item) for item in journeys if placed[journey_key(item.nodeid)] != shard.index}
    if others:
        config.hook.pytest_deselected(items=[item for item in items if id(item) in others])
        items[:] = [item for item in items if id(item) not in others]
    config.stash[SPLIT] = placed
    if hasattr(config, "workeroutput"):
        config.workeroutput[_HANDED] = placed


def heard_from(config: pytest.Config, node) -> None:
    """The controller keeps the split an xdist worker made (every worker makes the same)."""
    placed = getattr(node, "workeroutput", {}).get(_HANDED)
    if placed and SPLIT not in config.stash:
        config.stash[SPLIT] = placed


def write_manifest(config: pytest.Config, complete: bool) -> None:
    """The shard's manifest beside the progress file (no-op without --shard or a progress file)."""
    settings = settings_of(config)
    progress = config.getoption("--progress-file")
    if not settings.shard or not progress:
        return
    manifest = {"shard": settings.shard, "run": run_of(config), "complete": complete,
                "split": config.stash.get(SPLIT, {})}
    manifest_of(Path(progress)).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")


def run_of(config: pytest.Config) -> dict:
    """What makes shards parts of one run: the same personas (seed, markets, journeys), the same
    shop and adapter, the same policy (its content, wherever it lies), the same harness."""
    from .. import __version__
    from .selection import policy_of

    settings = settings_of(config)
    policy = hashlib.sha256(json.dumps({code: market.model_dump(mode="json") for code, market in policy_of(config).items()},
                                       sort_keys=True, default=str).encode()).hexdigest()[:16]
    return {"harness": __version__, "seed": settings.seed, "markets": settings.markets, "persona": settings.persona,
            "personas": settings.personas, "journeys": list(settings.journeys or ()),
            **shop_of(settings), "adapter": settings.adapter, "policy": policy}
