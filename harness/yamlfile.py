"""YAML as the harness reads it: the safe subset, through libyaml's C loader when PyYAML was built
with it (several times faster; every pytest worker reads every market's policy), with two bounds
for files a user hands over (a policy, a rehearsal plan, a shape):

- at most MAX_BYTES of text: the largest file the harness ships is about 130 kB;
- aliases may repeat at most MAX_ALIAS_VALUES values. The bound is on what the aliases expand to,
  not on how many there are: a "billion laughs" needs only 90 aliases for 10^10 values, while a
  policy that reuses an anchored block a few times repeats some dozens. Loading such a document is
  cheap (aliases stay shared objects); what is not is everything after it (validation, a value's
  repr in an error message), which would walk every repetition.

Refusals are `Refused`, a `yaml.YAMLError` whose text names the problem but not the file: the
caller, which knows the file, names it (`read_file` callers: `harness.policy.load.read_yaml`).
"""
from __future__ import annotations

from pathlib import Path

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 1_000_000
MAX_ALIAS_VALUES = 10_000


class Refused(yaml.YAMLError):
    """A document refused before it is built (too large, or aliases that expand too far)."""


def read_file(path: Path):
    """The document in a file, its size checked before a byte is read."""
    _check_size(Path(path).stat().st_size)
    return safe_load(Path(path).read_text(encoding="utf-8"))


def safe_load(stream):
    """The document in a string, bytes or an open file, within the bounds above."""
    text = stream.read() if hasattr(stream, "read") else stream
    _check_size(len(text))
    if ("*" if isinstance(text, str) else b"*") not in text:
        return yaml.load(text, Loader=SafeLoader)  # no alias possible: the plain, fastest path
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_aliases(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise Refused(f"{size:,} bytes, more than the {MAX_BYTES:,} a YAML file may have, refused")


def _check_aliases(root: yaml.Node) -> None:
    """Counts the values of the document with every alias expanded (each node's count once, so
    this costs one pass over the nodes written) and refuses it when the aliases repeat more than
    MAX_ALIAS_VALUES of them, or when an alias sits inside the node it names (an endless value)."""
    expanded: dict[int, int] = {}  # id(node) -> values in it, aliases expanded
    entered: set[int] = set()  # nodes whose children are still being counted
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            entered.discard(key)
            expanded[key] = 1 + sum(expanded[id(child)] for child in _children(node))
            # Sound before the end: what aliases repeat inside this node, they repeat in the document.
            if expanded[key] - len(expanded) > MAX_ALIAS_VALUES:
                raise Refused(f"too many YAML aliases (expanded, they repeat more than {MAX_ALIAS_VALUES:,} values), refused")
        elif key in entered:
            raise Refused("a YAML alias inside the anchor it names (an endless value), refused")
        elif key not in expanded:
            entered.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return []
