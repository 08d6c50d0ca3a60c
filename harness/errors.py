"""Errors the harness reports to its user as one line, with exit code 2."""
from __future__ import annotations

import difflib


class UserInputError(Exception):
    """Bad input from the user: a file, a field or a flag, its value and what would be valid.

    Its text is the whole message the user sees (no traceback), so it names the place first.
    """


def nearest(value: str, known, hint: str = "did you mean", cutoff: float = 0.6) -> str:
    """" (did you mean X?)" for the closest known name, or ""."""
    found = difflib.get_close_matches(str(value), [str(k) for k in known], n=1, cutoff=cutoff)
    return f" ({hint} {found[0]}?)" if found else ""


def shown_path(path) -> str:
    """A path as the user typed it would be: relative to the working directory when inside it."""
    from pathlib import Path

    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def shorten(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def say(console, exc) -> None:
    """The one line a refused input or a failed start shows: never wrapped, never read as markup."""
    console.print(f"harness: {exc}", style="red", markup=False, highlight=False, soft_wrap=True)
