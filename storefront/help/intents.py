"""What a chat message asks: keyword lists per language (intents.yaml), no language model.

Languages written with spaces between words match keywords as word sequences, where a keyword
word of four letters or more also matches as the start of a word ("refund" in "refunded",
"rückgabe" in "Rückgaberecht") and a shorter one only as the whole word. Languages without
spaces between words (Chinese, Japanese, Thai), or whose prefixes and particles attach to the
word (Arabic, Hebrew, Korean), match keywords anywhere in the text. Letters are compared
without case and, outside Vietnamese, without accents ("ruckgabe" still matches).

The intent whose matched keywords are longest wins; a tie goes to the earlier intent in
INTENTS, so a complaint beats the delivery question its wording also touches.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..settings import load_yaml

# Tie-break order: complaints first, then what the customer asks for, greetings last.
INTENTS = ("damaged_parcel", "wrong_item", "missing_parcel", "talk_to_person", "where_is_my_order",
           "refund_time", "coupon_with_points", "return_window", "warranty", "shipping_time", "greeting")
FALLBACK = "fallback"
KEYWORDS_FILE = Path(__file__).with_name("intents.yaml")
ANYWHERE = {"ja", "zh", "th", "ko", "ar", "he"}  # primary language subtags matched as substrings
KEEP_ACCENTS = {"vi"}  # accents tell Vietnamese words apart
SHORT_WORD = 3  # keyword words this long or shorter match whole words only
ORDER_REF = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2}-[0-9A-Fa-f]{8})(?![A-Za-z0-9])")

_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alif, tatweel
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ئ": "ي", "ؤ": "و"})
_HEBREW_MARKS = re.compile("[\u0591-\u05c7]")  # cantillation and niqqud
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Understood:
    intent: str
    order_ref: str | None  # an order number the message names, upper-cased


def primary(language: str) -> str:
    return language.split("-")[0].lower()


def normalise(text: str, language: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    lang = primary(language)
    if lang == "ar":
        return _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    if lang == "he":
        return _HEBREW_MARKS.sub("", text)
    if lang in ANYWHERE or lang in KEEP_ACCENTS:
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


class Matcher:
    """One language's keywords, normalised once."""

    def __init__(self, language: str, keywords: dict[str, list[str]]):
        self.language = language
        self.anywhere = primary(language) in ANYWHERE
        self.keywords: list[tuple[str, str, tuple[str, ...]]] = []  # (intent, keyword, its words)
        for intent in INTENTS:
            for kw in keywords.get(intent) or []:
                norm = normalise(str(kw), language).strip()
                kw_words = tuple(_WORD.findall(norm))
                if norm and (self.anywhere or kw_words):
                    self.keywords.append((intent, norm, kw_words))

    def scores(self, text: str) -> dict[str, int]:
        norm = normalise(text, self.language)
        words = _WORD.findall(norm)
        out: dict[str, int] = {}
        for intent, kw, kw_words in self.keywords:
            # A keyword's first word must occur somewhere in the text: a cheap test that rules
            # out most keywords before the word-by-word match.
            hit = kw in norm if self.anywhere else (kw_words[0] in norm and _words_match(kw_words, words))
            if hit:
                out[intent] = out.get(intent, 0) + len(kw)
        return out


def _word_matches(kw: str, word: str) -> bool:
    return word.startswith(kw) if len(kw) > SHORT_WORD else word == kw


def _words_match(kw_words: tuple[str, ...], words: list[str]) -> bool:
    n = len(kw_words)
    if not n:
        return False
    for i in range(len(words) - n + 1):
        if all(_word_matches(k, w) for k, w in zip(kw_words, words[i:i + n])):
            return True
    return False


@functools.cache
def keyword_table() -> dict[str, dict[str, list[str]]]:
    """intent -> language -> keywords, as the data file has them."""
    raw = load_yaml(KEYWORDS_FILE)
    unknown = sorted(set(raw) - set(INTENTS))
    if unknown:
        raise ValueError(f"{KEYWORDS_FILE.name}: unknown intent {unknown[0]!r}; known: {', '.join(INTENTS)}")
    return raw


@functools.cache
def matcher(language: str) -> Matcher:
    table = keyword_table()
    return Matcher(language, {intent: by_language.get(language, []) for intent, by_language in table.items()})


def languages() -> set[str]:
    """The languages the keyword lists cover."""
    return {lang for by_language in keyword_table().values() for lang in by_language}


def _best(scores: dict[str, int]) -> str | None:
    if not scores:
        return None
    return min(scores, key=lambda intent: (-scores[intent], INTENTS.index(intent)))


def understand(text: str, language: str) -> Understood:
    """The message's intent in the conversation's language; English keywords are tried when
    none of the language's match (customers often ask in English anyway)."""
    m = ORDER_REF.search(unicodedata.normalize("NFKC", text))
    ref = m.group(1).upper() if m else None
    intent = _best(matcher(language).scores(text))
    if intent is None and language != "en":
        intent = _best(matcher("en").scores(text))
    if intent is None:
        intent = "where_is_my_order" if ref else FALLBACK
    return Understood(intent, ref)
