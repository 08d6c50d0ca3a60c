"""The adapter interface read from its source: `Shop`'s parts, each part's Protocol and methods,
their signatures, return types and docstrings. `harness adapter new` writes its stubs from this
and `harness adapter check` checks what each method returns against it, so neither can drift
from `harness/shop/`."""
from __future__ import annotations

import dataclasses
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from types import ModuleType, UnionType

from ..shop import Shop
from ..shop.capabilities import Capability, capabilities_of


@dataclass(frozen=True)
class Method:
    part: str  # "checkout"
    name: str  # "open_cart"
    function: Callable  # the Protocol's own, for its signature and docstring

    @property
    def qualified(self) -> str:
        return f"{self.part}.{self.name}"

    @property
    def signature(self) -> inspect.Signature:
        """As written (annotations as source text: the Protocol modules defer them)."""
        return inspect.signature(self.function)

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.function) or ""

    @property
    def returns(self):
        """The return type, resolved (`StoredOrder | Refusal`, `list[Mail]`, `None`)."""
        return typing.get_type_hints(self.function)["return"]

    @property
    def capabilities(self) -> tuple[Capability, ...]:
        return capabilities_of(self.qualified)


# The load users' part: not asked by any check, it says itself what it drives (`Traffic.actions`),
# and a skeleton leaves it out (load then goes over the pages the catalogue reaches).
LOAD_PARTS = ("traffic",)


@cache
def parts() -> dict[str, type]:
    """Part name -> its Protocol, in `Shop`'s field order: the parts the journeys ask, each method
    under a capability (the load users' part aside)."""
    hints = typing.get_type_hints(Shop)
    out = {}
    for f in dataclasses.fields(Shop):
        protocol = next((a for a in typing.get_args(hints[f.name]) if getattr(a, "_is_protocol", False)), None)
        if protocol is not None and f.name not in LOAD_PARTS:
            out[f.name] = protocol
    return out


def methods(part: str) -> list[Method]:
    """A part's methods, in the order its Protocol defines them."""
    protocol = parts()[part]
    return [Method(part, name, f) for name, f in vars(protocol).items()
            if inspect.isfunction(f) and not name.startswith("_")]


def all_methods() -> list[Method]:
    return [m for part in parts() for m in methods(part)]


def method(qualified: str) -> Method:
    part, _, name = qualified.partition(".")
    found = next((m for m in methods(part) if m.name == name), None)
    if found is None:
        raise LookupError(f"no method {qualified!r} in harness.shop")
    return found


def module_of(part: str) -> ModuleType:
    return inspect.getmodule(parts()[part])


def conforms(value, hint) -> bool:
    """Whether `value` is of the (resolved) type `hint`: classes, None, unions, Literal, and the
    items of lists, tuples and dicts one level down."""
    if hint is None or hint is type(None):
        return value is None
    if hint is typing.Any:
        return True
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, UnionType):
        return any(conforms(value, a) for a in args)
    if origin is typing.Literal:
        return value in args
    if origin is list:
        return isinstance(value, list) and all(conforms(v, args[0]) for v in value) if args else isinstance(value, list)
    if origin is tuple:
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(conforms(v, args[0]) for v in value)
        return not args or (len(args) == len(value) and all(conforms(v, a) for v, a in zip(value, args)))
    if origin is dict:
        return isinstance(value, dict) and (not args or all(conforms(k, args[0]) and conforms(v, args[1])
                                                            for k, v in value.items()))
    if origin is not None:
        return isinstance(value, origin)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True  # a type alias or construct not checked here
