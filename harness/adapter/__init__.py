"""Adapters: loading the one a run names (`--adapter module:function`), probing that the target is
the shop it describes before any journey starts (`probe.probe_shop`, also `python -m
harness.adapter.probe`), checking it against a target method by method (`harness adapter check`),
and writing a new one's skeleton (`harness adapter new NAME`)."""
from .load import DEFAULT, adapter_factory, make_shop

__all__ = ["DEFAULT", "adapter_factory", "make_shop"]
