"""The index of stored articles the linker searches (:class:`StoryIndex`), and what it holds of each: the
article with its centred vectors and time (:class:`Indexed`).

Candidates for a new article are the stored articles nearest by centred lead cosine within
``LINK_WINDOW_DAYS`` of it: below ``ANN_MIN_ARTICLES`` from one matrix product a batch, from there on from a
usearch HNSW graph (:mod:`babelwire.ann`). Used by :func:`babelwire.link.link`, which re-exports these names.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional

import numpy as np

from babelwire.article import Article
from babelwire.embed import LanguageMeans
from babelwire.settings import ANN_MIN_ARTICLES, LINK_CANDIDATES, LINK_WINDOW_DAYS


def is_date_only(value: Optional[str]) -> bool:
    return bool(value) and len(value.strip()) == 10


def parse_time(value: Optional[str]) -> Optional[datetime]:
    """ISO 8601 to an aware datetime (naive times are taken as UTC; a date
    without a time as its noon, ±12 h); None if absent or unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if is_date_only(value):
        moment = moment.replace(hour=12)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass
class Indexed:
    """An article as the linker sees it: centred vectors, story, time."""

    article: Article
    lead: np.ndarray
    paragraphs: Optional[np.ndarray]   # None in a StoryIndex until the item is used again (see recentre)
    time: Optional[datetime]
    date_only: bool = False


def centred(article: Article, means: LanguageMeans) -> Indexed:
    lead = means.centre(article.lead_vector, "lead", article.lang)
    return Indexed(
        article, lead, centred_paragraphs(article, means),
        parse_time(article.published), is_date_only(article.published),
    )


def centred_paragraphs(article: Article, means: LanguageMeans) -> np.ndarray:
    """The article's centred paragraph vectors (its lead vector when it has none)."""
    paras = article.paragraph_vectors
    if paras is None or len(paras) == 0:
        paras = article.lead_vector[None, :]
    return means.centre(paras, "para", article.lang)


class RawLeads:
    """One language's raw (uncentred) lead vectors in index order, and their positions in the index:
    :meth:`StoryIndex.recentre` centres them as one matrix without collecting them article by article
    (and :class:`babelwire.fast.SecondTier` its transformer leads)."""

    __slots__ = ("positions", "vectors", "n")

    def __init__(self) -> None:
        self.positions = np.zeros(0, np.intp)
        self.vectors = np.zeros((0, 384), np.float32)
        self.n = 0

    def append(self, position: int, vector: np.ndarray) -> int:
        """Add ``vector`` at index position ``position``; its row here."""
        if self.n == len(self.vectors):   # grow geometrically: no O(n) copy per article
            size = max(64, 2 * self.n)
            vectors, positions = np.zeros((size, 384), np.float32), np.zeros(size, np.intp)
            vectors[: self.n], positions[: self.n] = self.vectors[: self.n], self.positions[: self.n]
            self.vectors, self.positions = vectors, positions
        self.vectors[self.n] = vector
        self.positions[self.n] = position
        self.n += 1
        return self.n - 1


class StoryIndex:
    """Every stored article's centred vectors, searched by lead cosine for candidates.

    Candidates lie within ``LINK_WINDOW_DAYS`` of the article (either time unknown: any). Below
    ``ANN_MIN_ARTICLES`` stored articles they come from an
    exact matrix product and :meth:`recentre` re-centres every lead each batch
    (the language means move as the corpus grows), an article's paragraphs when
    it is next used. From there on a usearch HNSW
    graph (:mod:`babelwire.ann`) finds them, and
    re-centring is lazy: a candidate or story member is centred with the
    current means when it is used, so linking costs no O(stored) work.
    """

    def __init__(self, means: LanguageMeans):
        self.means = means
        self.items: list[Indexed] = []
        self._buffer = np.zeros((0, 384), np.float32)
        self._times = np.zeros(0, np.float64)   # each item's publication time in epoch hours (NaN: unknown)
        self._by_story: dict[Optional[int], list[int]] = {}
        self._raw: dict[Optional[str], RawLeads] = {}   # by language, while recentre centres every lead
        self._ann = None
        # recentre() counts up; each item's object was made at _made[position]: one made before the last
        # recentre is made again from the current leads when next used (_current)
        self._generation = 0
        self._made: list[int] = []

    @property
    def _leads(self) -> np.ndarray:
        return self._buffer[: len(self.items)]

    def add(self, article: Article, item: Optional[Indexed] = None) -> Indexed:
        """Index ``article``; ``item``: the article already centred with the index's current means
        (:func:`link` has it: not centred a second time)."""
        if item is None or item.article is not article:
            item = centred(article, self.means)
        position = len(self.items)
        self.items.append(item)
        self._made.append(self._generation)
        self._by_story.setdefault(article.story_id, []).append(position)
        if self._ann is not None:
            self._ann.add(item.lead[None, :], _hours(item))
            return item
        if position >= len(self._buffer):  # grow geometrically: no O(n) copy per article
            grown = np.zeros((max(64, 2 * len(self._buffer)), 384), np.float32)
            grown[:position] = self._buffer[:position]
            self._buffer = grown
        if position >= len(self._times):
            times = np.full(max(64, 2 * len(self._times)), np.nan)
            times[:position] = self._times[:position]
            self._times = times
        self._buffer[position] = item.lead
        self._times[position] = _hours(item)
        self._raw.setdefault(article.lang, RawLeads()).append(position, article.lead_vector)
        if len(self.items) >= ANN_MIN_ARTICLES:
            self._start_ann()
        return item

    def _start_ann(self) -> None:
        from babelwire.ann import LeadIndex

        self._ann = LeadIndex()
        self._ann.add(self._leads, np.array([_hours(i) for i in self.items], np.float64))
        self._buffer = np.zeros((0, 384), np.float32)
        self._times = np.zeros(0, np.float64)
        self._raw = {}

    def recentre(self) -> None:
        """Centre every stored lead again with the current language means (they move as the corpus
        grows), one matrix per language; a stored article's paragraphs are centred when it is next
        used (a candidate or story member). Lazy for both once the HNSW index is in use."""
        if self._ann is not None:
            return
        if not self.items:
            self._buffer = np.zeros((0, 384), np.float32)
            return
        leads = np.empty((len(self.items), 384), np.float32)
        for lang, raw in self._raw.items():
            # centred()'s arithmetic, row by row
            leads[raw.positions[: raw.n]] = self.means.centre(raw.vectors[: raw.n], "lead", lang)
        # Every stored lead each batch, as one matrix; an item's object (its lead a row of it, its
        # paragraphs, most of its vectors, centred again) is made when the item is next used (_current):
        # making every stored article's anew each batch took 218 ms a batch at 49,000 stored.
        self._buffer = leads   # add() only writes past the stored rows (growing a copy)
        self._generation += 1

    def _current(self, position: int) -> Indexed:
        """The stored item at ``position``, centred with the current means."""
        item = self.items[position]
        if self._ann is not None:
            item = self.items[position] = centred(item.article, self.means)
            return item
        if self._made[position] != self._generation:
            item = self.items[position] = Indexed(item.article, self._buffer[position], None, item.time,
                                                  item.date_only)
            self._made[position] = self._generation
        if item.paragraphs is None:
            item.paragraphs = centred_paragraphs(item.article, self.means)
        return item

    def members(self, story_id: int) -> list[Indexed]:
        return [self._current(i) for i in self._by_story.get(story_id, [])]

    def story_size(self, story_id: Optional[int]) -> int:
        """How many indexed articles the story has (no centring)."""
        return len(self._by_story.get(story_id, ()))

    def candidates(self, item: Indexed, k: int = LINK_CANDIDATES) -> list[Indexed]:
        """Up to ``k`` stored articles nearest to ``item`` by lead cosine, nearest first, within
        ``LINK_WINDOW_DAYS`` of it (see the class)."""
        return self.candidates_many([item], k)[0]

    def candidates_many(self, items: list[Indexed], k: int = LINK_CANDIDATES) -> list[list[Indexed]]:
        """:meth:`candidates` of each of ``items``. Below ``ANN_MIN_ARTICLES`` one matrix product serves them
        all (a product per article read every stored lead again for each: memory-bound, ~9 ms an article
        at 50,000 stored against ~1 for its share of one product)."""
        if not self.items or not items:
            return [[] for _ in items]
        if self._ann is not None:
            return [[self._current(i) for i in self._ann.search(item.lead, k, _hours(item))] for item in items]
        n = len(self.items)
        sims = np.stack([item.lead for item in items]) @ self._leads.T
        hours = np.array([_hours(item) for item in items])
        # the HNSW path's time window (babelwire.ann.LeadIndex.search): an article published more than
        # LINK_WINDOW_DAYS away is no candidate (an unknown time on either side is)
        sims[np.abs(hours[:, None] - self._times[None, :n]) > LINK_WINDOW_DAYS * 24.0] = -np.inf
        if n > k:
            top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        else:
            top = np.broadcast_to(np.arange(n), (len(items), n))
        best = np.take_along_axis(sims, top, axis=1)
        order = np.argsort(-best, axis=1, kind="stable")
        top, best = np.take_along_axis(top, order, axis=1), np.take_along_axis(best, order, axis=1)
        current = self._current
        return [[current(i) for i, ok in zip(row.tolist(), inside.tolist()) if ok]
                for row, inside in zip(top, best > -np.inf)]


def _hours(item: Indexed) -> float:
    """Publication time in epoch hours (NaN when unknown), for the time window."""
    return item.time.timestamp() / 3600.0 if item.time is not None else float("nan")
