"""Turning names into ASCII for e-mail addresses."""
from __future__ import annotations

import re
import unicodedata

# Letters NFKD does not take apart.
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d",
                          "Đ": "D", "ð": "d", "þ": "th", "œ": "oe", "Œ": "Oe", "ı": "i", "ħ": "h"})
_NOT_LOCAL = re.compile(r"[^a-z0-9-]+")


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def local_part(*words: str) -> str:
    """"Zoë", "O'Brien-Łukasz" -> "zoe.obrien-lukasz"."""
    parts = [_NOT_LOCAL.sub("", ascii_fold(w).lower()).strip("-") for w in words]
    return ".".join(p for p in parts if p) or "customer"


def is_latin(text: str) -> bool:
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in text)
