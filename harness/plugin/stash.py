"""Every piece of the plugin's state, as a typed key of pytest's stash: `config.stash[KEY]` for
the run, `item.stash[KEY]` for one journey. One module, so that what the plugin remembers, and
in which process, can be read in one place; no module globals (an in-process pytest run, as
pytester makes, must not see the last run's state) and no attributes set on pytest's objects."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ..personas import PersonaFactory
    from ..personas.covering import CoveringSet
    from ..policy import Policy
    from ..screenplay import Actor
    from ..settings import Settings

# --------------------------------------------------------------------------- one journey, on its test process

ACTOR = pytest.StashKey["Actor"]()  # item: the journey's actor, its findings and its checks' outcomes
FINISH = pytest.StashKey[Callable[[bool], None]]()  # item: keeps the last screenshot and, if failed, the trace

# --------------------------------------------------------------------------- the run, on each test process

SETTINGS = pytest.StashKey["Settings"]()  # config: the run's settings (options.settings_of), made once
POLICY = pytest.StashKey["Policy"]()  # config: the market policy the settings name
FACTORY = pytest.StashKey["PersonaFactory"]()  # config: the personas of the settings' seed
COVERING_SETS = pytest.StashKey["dict[str, CoveringSet]"]()  # config: each market's covering set, found once
TARGET = pytest.StashKey[str]()  # config: the shop's URL once the target_url fixture has it (none before)
SPLIT = pytest.StashKey[dict]()  # config: journey key -> its shard, with --shard (sharding.py)
COLLECTED = pytest.StashKey[bool]()  # config, controller: the journeys' count is in the progress file

# --------------------------------------------------------------------------- the run, on the controller

PENDING = pytest.StashKey[dict]()  # config: nodeid -> progress line of a journey not yet torn down
WALKED_AGAIN = pytest.StashKey[dict]()  # config: nodeid -> what the walk before this one found (a flaky pass)
RECORDED = pytest.StashKey[dict]()  # config: nodeid -> progress line of every journey written (the JUnit refiling)
CHECKED = pytest.StashKey[list]()  # config: (market, scenario, check outcomes) of every journey (the coverage grid)
