"""What the harness derives from its libraries' data, kept between processes.

Some tables cost more to derive than everything else a process does before its first walk (a
market's phone numbers: phonenumbers' validation and its geocoder's 0.4-s import), and a run
starts many processes (pytest workers, rehearsal waves, every session of a test suite). Each is
kept as JSON under `HARNESS_CACHE_DIR` (default `$XDG_CACHE_HOME/regional-harness`, else
`~/.cache/regional-harness`) in a folder named for what it was derived with (the library's
version and the deriving module's source), so a newer library or a changed rule never reads an
old table. It is only a cache: a folder that cannot be written, or a file that does not parse,
and the table is derived again, the same as before.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path


def cache_root() -> Path:
    chosen = os.environ.get("HARNESS_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "regional-harness"


def fingerprint(*parts: str | bytes) -> str:
    """A short name for what a table was derived with."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


class DerivedTables:
    """JSON objects kept under cache_root()/<kind>-<fingerprint>/<name>.json."""

    def __init__(self, kind: str, fingerprint: str):
        self.kind, self.fingerprint = kind, fingerprint

    def folder(self) -> Path:
        return cache_root() / f"{self.kind}-{self.fingerprint}"

    def read(self, name: str) -> dict:
        try:
            found = json.loads((self.folder() / f"{name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return found if isinstance(found, dict) else {}

    def add(self, name: str, entries: dict) -> None:
        """Merges `entries` into the kept object; another process may be adding to it at the same
        time, so the file is replaced whole (never half written) and what it added is kept too,
        unless both wrote in the same instant (then the next process derives it again)."""
        try:
            folder = self.folder()
            folder.mkdir(parents=True, exist_ok=True)
            merged = self.read(name) | entries
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(merged, out, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, folder / f"{name}.json")
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass  # a read-only home or a full disk: the table is derived again next time
