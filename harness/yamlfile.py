"""YAML as the harness reads it: the safe subset, through libyaml's C loader when PyYAML was built
with it (several times faster; every pytest worker reads every market's policy)."""
from __future__ import annotations

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream):
    return yaml.load(stream, Loader=SafeLoader)
