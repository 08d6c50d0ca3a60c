"""Fixtures for the storefront suite: the real storefront as a subprocess, reached over HTTP.

`storefront(faults=...)` starts one server per distinct fault set and keeps it for the
session, started the way the harness starts it (harness.target.EmbeddedStorefront); every
response a test receives is checked to be below 500, and at the end of the session (or when a
test releases a server early) nothing the shop logged may be a traceback.
"""
from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path

import pytest

from harness.target import LISTENING, EmbeddedStorefront

from .shopping import Server

__all__ = ["LISTENING", "ROOT", "StorefrontFactory"]
ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 60.0  # several shops may boot at once on a busy machine


class _Shop:
    """One EmbeddedStorefront, started in a thread at once and waited for on first use."""

    def __init__(self, faults: tuple[str, ...]):
        self.faults = faults
        self.shop = EmbeddedStorefront(faults, startup_timeout=STARTUP_TIMEOUT)
        self.started: Future[Server] = Future()
        threading.Thread(target=self._start, name=f"storefront{list(faults)}", daemon=True).start()

    def _start(self) -> None:
        try:
            url = self.shop.start()
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits for the shop
            self.started.set_exception(exc)
            return
        self.started.set_result(Server(url=url, faults=self.faults, stderr_tail=self.tail))

    def tail(self, n: int = 15) -> str:
        return self.shop.log_tail(n)

    def wait(self) -> Server:
        try:
            return self.started.result()
        except Exception as exc:
            raise RuntimeError(f"storefront {list(self.faults) or '(clean)'} did not start: {exc}\n{self.tail()}") from exc

    def terminate(self) -> None:
        """Asks the shop to stop without waiting (so that several stop at once)."""
        proc = self.shop.process
        if proc is not None and proc.poll() is None:
            proc.terminate()

    def stop(self) -> str:
        """Ends the shop; returns what it logged."""
        try:
            self.started.exception()  # a start still under way finishes first (or fails)
        except Exception:  # noqa: BLE001
            pass
        self.shop.stop()
        logged = self.shop.logged()
        if getattr(self.shop, "log", None) is not None:
            self.shop.log.close()
        return logged


class StorefrontFactory:
    """`storefront()` is the clean shop; `storefront(faults="vat-missing")` or a list/tuple of names a faulty one."""

    def __init__(self):
        self._shops: dict[tuple[str, ...], _Shop] = {}
        self.errors: dict[str, str] = {}  # tracebacks logged by shops already stopped, by fault set

    @staticmethod
    def _key(faults) -> tuple[str, ...]:
        if isinstance(faults, str):
            faults = faults.split(",")
        return tuple(sorted({f.strip() for f in faults if f.strip()}))

    def warm(self, *fault_sets) -> None:
        """Starts servers without waiting for them, so several start in parallel."""
        for faults in fault_sets:
            key = self._key(faults)
            if key not in self._shops:
                self._shops[key] = _Shop(key)

    def __call__(self, faults=()) -> Server:
        self.warm(faults)
        return self._shops[self._key(faults)].wait()

    def _record(self, key: tuple[str, ...], logged: str) -> None:
        if "Traceback" in logged:
            self.errors[",".join(key) or "clean"] = logged[logged.index("Traceback"):][-3000:]

    def release(self, faults) -> str | None:
        """Stops a shop no later test needs (it is started again if one does); returns the
        traceback it logged, if any (also reported at the end of the session)."""
        key = self._key(faults)
        shop = self._shops.pop(key, None)
        if shop is None:
            return None
        self._record(key, shop.stop())
        return self.errors.get(",".join(key) or "clean")

    def close(self) -> dict[str, str]:
        """Ends every server; returns the tracebacks each logged, by fault set."""
        for shop in self._shops.values():  # all at once, then wait for each
            shop.terminate()
        for key, shop in self._shops.items():
            self._record(key, shop.stop())
        self._shops.clear()
        return self.errors


@pytest.fixture(scope="session")
def storefront():
    factory = StorefrontFactory()
    yield factory
    errors = factory.close()
    # An exception the shop logged without answering 500 (e.g. a mail it could not send) is a bug too.
    assert not errors, "\n\n".join(f"--- storefront[{k}] logged:\n{v}" for k, v in errors.items())


@pytest.fixture(scope="session")
def clean(storefront) -> Server:
    return storefront()
