"""Adapters: loading the one a run names (`--adapter module:function`), checking it against a
target method by method (`harness adapter check`), and writing a new one's skeleton
(`harness adapter new NAME`)."""
from .load import DEFAULT, adapter_factory, make_shop

__all__ = ["DEFAULT", "adapter_factory", "make_shop"]
