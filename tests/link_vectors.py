"""Vectors and articles written for the link-stage tests (tests/test_link.py, tests/test_weak_versions.py).

Vectors are built from orthonormal parts so every cosine is exact: a part shared by a topic (the same
boxer, the same kind of event), a part per event, and a part of each article's own.
"""
import itertools

import numpy as np

from babelwire.article import Article
from babelwire.embed import LanguageMeans
from babelwire.entities import entities
from babelwire.link import StoryIndex, link

DIM = 384
BASIS = np.linalg.qr(np.random.default_rng(7).standard_normal((DIM, DIM)))[0].T   # rows: orthonormal
_next_part = itertools.count(10)


def vector(**parts: float) -> np.ndarray:
    """sum of weight * basis row; ``own`` takes a fresh row (this article's own content)."""
    v = np.zeros(DIM)
    for name, weight in parts.items():
        row = next(_next_part) if name == "own" else {"topic": 0, "event_a": 1, "event_b": 2, "event_c": 3}[name]
        v += np.sqrt(weight) * BASIS[row]
    return (v / np.linalg.norm(v)).astype(np.float32)


def basis_rows(start: int = 200):
    """A source of fresh orthonormal directions (rows of BASIS from ``start`` on): each call gives the next."""
    rows = itertools.count(start)
    return lambda: BASIS[next(rows)]


def mix(*terms: tuple[float, np.ndarray]) -> np.ndarray:
    """The unit vector of the directions ``(weight, direction)`` combined with the weights as squared shares."""
    v = sum(np.sqrt(w) * p for w, p in terms)
    return (v / np.linalg.norm(v)).astype(np.float32)


def article(name: str, text: str, vec: np.ndarray, lang: str = "en") -> Article:
    a = Article(id=name, raw=text, paragraphs=[text], lang=lang)
    a = next(entities([a]))
    a.lead_vector = vec
    a.paragraph_vectors = vec[None, :]
    return a


def ingest(batches: list[list[Article]]) -> dict[str, int]:
    """Link batches in order as the pipeline does (static space: no language prior, so cosines stay exact)."""
    index = StoryIndex(LanguageMeans(space="static"))
    ids = itertools.count(1)
    story = {}
    for batch in batches:
        for a in link(batch, index, lambda title: next(ids)):
            story[a.id] = a.story_id
    return story
