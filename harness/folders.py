"""Folders a run writes to, checked before it starts: a run of minutes should not end in
"cannot be written"."""
from __future__ import annotations

from pathlib import Path

from .errors import UserInputError


def writable(folder: Path, flag: str, shown: Path | None = None) -> None:
    """A folder the run can write to, with room for at least a result or two; else one line."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".writable"
        probe.write_bytes(b"\0" * 65536)
        probe.unlink()
    except OSError as exc:
        raise UserInputError(f"{flag}: {shown or folder} cannot be written ({exc.strerror or exc})") from None
