"""Loading the adapter a run names: `module:function`, the function building a `Shop` from the
target's URL. Every problem is one line naming --adapter and what is wrong."""
from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable

from ..errors import UserInputError
from ..shop import Shop

from ..settings import DEFAULT_ADAPTER as DEFAULT


def adapter_factory(spec: str | None, flag: str = "--adapter") -> Callable[[str], Shop]:
    """The factory `spec` names, imported and checked (without calling it)."""
    spec = spec or DEFAULT
    module_name, sep, name = spec.partition(":")
    if not module_name or (sep and not name.isidentifier()):
        raise UserInputError(f"{flag}: {spec!r} is not module:function (e.g. yourpackage.shop:make_shop)")
    if os.getcwd() not in sys.path:  # as `python -m pytest` does: an adapter beside the run is found
        sys.path.append(os.getcwd())
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        missing = exc.name or module_name
        if module_name == missing or module_name.startswith(missing + "."):
            raise UserInputError(f"{flag}: {spec!r}: no module {module_name!r}; is its package installed "
                                 "or on PYTHONPATH?") from None
        raise UserInputError(f"{flag}: {spec!r}: {module_name} imports {missing!r}, which is not installed") from None
    except Exception as exc:  # the user's module failed while importing: name the cause, not our stack
        raise UserInputError(f"{flag}: {spec!r}: importing {module_name} failed: {type(exc).__name__}: "
                             f"{str(exc).splitlines()[0] if str(exc) else ''}") from None
    factory = getattr(module, name or "make_shop", None)
    if factory is None:
        raise UserInputError(f"{flag}: {spec!r}: {module_name} has no {name or 'make_shop'!r}")
    if not callable(factory) or isinstance(factory, type) and not issubclass(factory, Shop):
        raise UserInputError(f"{flag}: {spec!r}: {name or 'make_shop'} is not a function building a Shop")
    return factory


def make_shop(spec: str | None, url: str, flag: str = "--adapter") -> Shop:
    """The adapter's `Shop` for `url`, its declaration checked."""
    factory = adapter_factory(spec, flag)
    try:
        shop = factory(url)
    except UserInputError:
        raise
    except ValueError as exc:  # Shop refuses a declaration that does not add up
        raise UserInputError(f"{flag}: {spec or DEFAULT}: {exc}") from None
    except Exception as exc:
        raise UserInputError(f"{flag}: {spec or DEFAULT}: building the shop failed: {type(exc).__name__}: "
                             f"{str(exc).splitlines()[0] if str(exc) else ''}") from None
    if not isinstance(shop, Shop):
        raise UserInputError(f"{flag}: {spec or DEFAULT}: returned {type(shop).__name__}, not a harness.shop.Shop")
    return shop
