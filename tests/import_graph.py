"""The import graph of a Python package, read from its source with `ast`, for layering tests.

Nothing is imported or executed, so a test can check a package that would not import, in
well under a second. Every import counts, including those inside functions (a deferred
import hides a cycle from the interpreter, not from the design); only `if TYPE_CHECKING:`
blocks are left out, since they never run.

A node is a module's first `level` components under the package: with level 1,
`storefront.help.chat` is `help` and the top-level module `storefront.faults` is `faults`;
the package's own `__init__` is `__init__`. `importlib.import_module("...")` and
`__import__("...")` with a literal name count as imports too.
"""
from __future__ import annotations

import ast
from collections import deque
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Import:
    """One import statement's edge between two nodes, and where it is written."""

    source: str
    target: str
    module: str  # the dotted module imported
    file: Path
    line: int

    def where(self) -> str:
        return f"{self.file}:{self.line}"


def _module_name(package_dir: Path, file: Path) -> str:
    parts = list(file.relative_to(package_dir.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _dynamic_name(node: ast.Call) -> str | None:
    """The literal module name of `importlib.import_module("x")` or `__import__("x")`."""
    fn = node.func
    name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
    arg = node.args[0] if node.args else None
    if name in ("import_module", "__import__") and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    return None


def _statements(tree: ast.AST):
    """Every import in the tree, at any depth, outside `if TYPE_CHECKING:` bodies."""
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)) or (isinstance(node, ast.Call) and _dynamic_name(node)):
            yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))


def _relative(module: str, is_package: bool, level: int, name: str | None) -> str:
    """What `from <level dots><name> import ...` names in `module`; "" above the top package."""
    base = module.split(".") if is_package else module.split(".")[:-1]
    keep = len(base) - (level - 1)
    if keep <= 0:
        return ""
    return ".".join(base[:keep] + ([name] if name else []))


def _imported(stmt: ast.AST, module: str, is_package: bool, known: set[str]) -> list[str]:
    """The dotted modules a statement imports; `from a import b` is `a.b` when b is a module."""
    if isinstance(stmt, ast.Import):
        return [alias.name for alias in stmt.names]
    if isinstance(stmt, ast.Call):
        name = _dynamic_name(stmt)
        stripped = name.lstrip(".")
        return [_relative(module, is_package, len(name) - len(stripped), stripped) if stripped != name else name]
    origin = _relative(module, is_package, stmt.level, stmt.module) if stmt.level else (stmt.module or "")
    return [f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in known else origin for alias in stmt.names]


def _node(module: str, root: str, level: int) -> str | None:
    parts = module.split(".")
    if parts[0] != root:
        return None
    inner = parts[1:1 + level]
    return ".".join(inner) if inner else "__init__"


def imports(package_dir: Path, level: int = 1) -> list[Import]:
    """Every import from one node of the package to another, in file and line order."""
    package_dir = Path(package_dir)
    root = package_dir.name
    files = sorted(package_dir.rglob("*.py"))
    known = {_module_name(package_dir, f) for f in files}
    out: list[Import] = []
    for file in files:
        module = _module_name(package_dir, file)
        source = _node(module, root, level)
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        for stmt in sorted(_statements(tree), key=lambda s: s.lineno):
            for target_module in _imported(stmt, module, file.name == "__init__.py", known):
                target = _node(target_module, root, level)
                if target is not None and target != source:
                    out.append(Import(source, target, target_module, file.relative_to(package_dir.parent), stmt.lineno))
    return out


def graph(package_dir: Path, level: int = 1) -> dict[str, dict[str, list[Import]]]:
    """source node -> target node -> the imports making that edge."""
    out: dict[str, dict[str, list[Import]]] = {}
    for imp in imports(package_dir, level):
        out.setdefault(imp.source, {}).setdefault(imp.target, []).append(imp)
    return out


def _components(edges: dict[str, dict[str, list[Import]]]) -> list[list[str]]:
    """Strongly connected components (Tarjan), iterative so a deep package cannot overflow."""
    nodes = sorted(set(edges) | {t for targets in edges.values() for t in targets})
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in nodes:
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, {}))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges.get(child, {})))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def _shortest_cycle(edges: dict[str, dict[str, list[Import]]], component: list[str]) -> list[str]:
    """A shortest cycle through the component's first node, staying inside the component."""
    start, inside = component[0], set(component)
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in sorted(edges.get(node, {})):
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return path[::-1]
            if child in inside and child not in came_from:
                came_from[child] = node
                queue.append(child)
    raise AssertionError(f"no cycle through {start} in {component}")  # a component always has one


def cycles(package_dir: Path, level: int = 1) -> list[list[str]]:
    """One cycle per strongly connected component of more than one node: [a, b, c] is a -> b -> c -> a."""
    edges = graph(package_dir, level)
    return [_shortest_cycle(edges, c) for c in _components(edges) if len(c) > 1]


def explain(package_dir: Path, level: int = 1) -> str:
    """Each cycle's nodes and one import (file:line) per step; empty when there is none."""
    edges = graph(package_dir, level)
    lines = []
    for component in (c for c in _components(edges) if len(c) > 1):
        cycle = _shortest_cycle(edges, component)
        lines.append(f"import cycle {' -> '.join(cycle + cycle[:1])} (component: {', '.join(component)})")
        for a, b in zip(cycle, cycle[1:] + cycle[:1]):
            first = edges[a][b][0]
            lines.append(f"  {a} -> {b}: {first.where()} imports {first.module}")
    return "\n".join(lines)
