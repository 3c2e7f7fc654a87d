"""What an ingest's index holding a stored article costs in memory (:func:`held_bytes`), and how many megabytes of
them it may hold at a given store size (:func:`resident_mb_bound`): the bounds :class:`babelwire.link_index.StoryIndex`
lets go of its least recently used articles by."""
from __future__ import annotations

import sys
from typing import Optional

from babelwire.article import Article

# held_bytes's terms: fitted (least squares) on 600 real articles read back and centred as the ingest holds them
# (tracemalloc, bench corpus of seed 100: 81 KB each on average; the estimate within 3 % of that at the median, 7 %
# at the 90th percentile): the raw paragraph vectors' bytes and their centred copy's (both float32 then; the raw ones
# are float16 since), per entity and token key, and the rest (texts, JSON columns parsed, the lead twice, the objects)
HELD_BYTES_PER_KEY = 180
HELD_BYTES_BASE = 14_000
# a sentence object kept on an article (babelwire.provenance.article_sentences), beside its text's own bytes
HELD_BYTES_PER_SENTENCE = 100


def resident_mb_bound(stored: int, at_most: Optional[float], at: Optional[int], kb_per_stored: float,
                      ceiling: Optional[float]) -> Optional[float]:
    """The megabytes of stored articles an ingest's index holds with ``stored`` indexed: ``at_most`` from ``at``
    stored on; with fewer, what the index's own arrays and graph do not hold (``kb_per_stored`` each) of the
    difference added, up to ``ceiling`` (settings ``INGEST_RESIDENT_MB``, ``_AT``, ``_KB_PER_STORED``, ``_MB_MAX``).
    None: no bound."""
    if at_most is None or at is None or ceiling is None:
        return at_most
    return max(at_most, min(ceiling, at_most + kb_per_stored * max(0, at - stored) / 1024))


def held_bytes(article: Article) -> int:
    """About what holding ``article`` in the index costs in memory while it is used, in bytes (see above), and
    what derivation and alignment keep on it while it is used (:func:`cached_bytes`)."""
    vectors = article.paragraph_vectors
    # the raw rows as held (float16 from 2026-12-04, float32 before) and their centred copy (float32)
    return ((vectors.nbytes + 4 * vectors.size if vectors is not None else 0)
            + HELD_BYTES_PER_KEY * (len(article.token_keys) + len(article.entities)) + HELD_BYTES_BASE
            + cached_bytes(article))


def cached_bytes(article: Article) -> int:
    """What an article carries beyond what :func:`held_bytes`'s fitted terms count (those were fitted on articles
    read back from the store, which carry none of it), counted as it is: its word runs
    (:func:`babelwire.stories.word_runs`), sentences and their vectors (:mod:`babelwire.provenance`), and a new
    article's raw input and body until the ingest makes it lean. A new bench article: ~82 KB of these against
    ~89 KB of the rest; an article the ingest made lean keeps its word runs (~21 KB)."""
    cached = article.__dict__
    extra = 0
    vectors = cached.get("_sentence_vectors_cache")
    if vectors is not None:
        extra += vectors[2].nbytes
    runs = cached.get("_word_runs_cache")
    if runs is not None:
        extra += runs[1].nbytes
    sentences = cached.get("_sentences_cache")
    if sentences is not None:
        extra += sum(sys.getsizeof(s.text) for s in sentences[1]) + HELD_BYTES_PER_SENTENCE * len(sentences[1])
    for text in (article.raw, article.body):
        if isinstance(text, str) and text:
            extra += sys.getsizeof(text)
    return extra
