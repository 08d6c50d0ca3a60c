"""The language an e-mail is written in, judged from its words (for mail without Content-Language).

    language_of("Vielen Dank für Ihre Bestellung ...")               # "de"
    language_of("Merci pour votre commande", candidates=["fr", "de"])  # "fr"
    language_of("Danke!")                                             # None: too short to judge

Judged by py3langid (a naive Bayes model over byte n-grams, 142 languages; deterministic: the same
text gets the same answer every time). Before judging, e-mail addresses, URLs and digits are
dropped: order numbers, prices, postcodes and links say nothing of the language and mislead it.
Names, street names and product names stay (there is no telling them from words), which is what
makes `candidates` worth passing: among the few languages a shop writes in, a German mail full of
an English product name is not taken for Luxembourgish, nor a Czech one for Slovak.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

# What a check says of an e-mail whose language is None (a catcher's mail naming none, too short to judge).
UNJUDGED = "the e-mail names no language and its words are too few to judge one"

# Below this share of the probability (among the candidates, where given) the text is undecided.
MIN_CONFIDENCE = 0.4
# Fewer letters than this is too short to judge ("Danke!", "ご注文").
MIN_LETTERS = 6

# The model tells apart varieties that are one language to a shop's customer: members of an
# ISO 639-3 macrolanguage answer as it (Egyptian Arabic is ar, Cantonese as written in Hong Kong
# is zh), and the model's Norwegian, learnt from Bokmål, answers as nb.
_FOLD = {"arz": "ar", "ary": "ar", "yue": "zh", "wuu": "zh", "uzs": "uz", "gug": "gn", "fuv": "ff",
         "sdh": "ku", "ltg": "lv", "no": "nb"}
_NO_LANGUAGE = "zxx"  # the model's label for text with no linguistic content

_NOISE = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+|\d+", re.IGNORECASE)


def language_of(text: str, candidates: Iterable[str] | None = None) -> str | None:
    """The lower-case primary language subtag `text` is written in ("de", "ja", "zh"), or None
    when it is too short or no language stands out.

    `candidates` (language tags such as "de", "de-CH", "zh-Hant", "nb") narrows the answer to
    those languages; one the model does not know is left out, and with none left the answer is
    None. A script subtag is not judged: zh-Hant and zh-Hans both answer "zh".
    """
    cleaned = " ".join(_NOISE.sub(" ", text).split())
    if sum(ch.isalpha() for ch in cleaned) < MIN_LETTERS:
        return None
    scores = _scores(cleaned)
    if candidates is not None:
        wanted = {_FOLD.get(lang, lang) for lang in map(_primary, candidates)}
        scores = {lang: p for lang, p in scores.items() if lang in wanted}
    scores.pop(_NO_LANGUAGE, None)
    total = sum(scores.values())
    if not total:
        return None
    best = max(sorted(scores), key=scores.__getitem__)  # sorted: a tie always goes the same way
    return best if scores[best] / total >= MIN_CONFIDENCE else None


def _scores(text: str) -> dict[str, float]:
    """Probability per language (varieties folded into their language), summing to 1."""
    scores: dict[str, float] = {}
    for lang, p in _identifier().rank(text):
        lang = _FOLD.get(lang, lang)
        scores[lang] = scores.get(lang, 0.0) + p
    return scores


def _primary(tag: str) -> str:
    return tag.strip().replace("_", "-").split("-")[0].lower()


@cache
def _identifier():
    """The model, loaded on first use (about half a second, ~100 MB) and kept for the process."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
