"""Link stage: decide, for each new article, which story it joins or whether it opens one.

Signals for a new article against a stored one (all language-independent):

- ``lead``: cosine of the centred title+lead vectors;
- ``paragraphs``: how well the paragraphs of one are found in the other
  (mean best-match cosine of centred paragraph vectors, the better direction:
  a rewrite covers a subset of its source);
- shared entity keys: names (across scripts), numbers, dates;
- publication time: articles days apart rarely report the same event.

They are combined linearly (weights in :mod:`babelwire.settings`) into one
score; an article joins the story of its best-scoring stored article when the
score clears ``LINK_THRESHOLD``, else opens a new story. Every decision keeps
its score and a readable explanation. Story ids are never renumbered.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator, Optional

import numpy as np

from babelwire.article import Article
from babelwire.embed import LanguageMeans
from babelwire.entities import shared_keys
from babelwire.settings import (
    ANN_MIN_ARTICLES,
    LINK_CANDIDATES,
    LINK_THRESHOLD,
    LINK_TIME_FREE_HOURS,
    LINK_TIME_PENALTY_PER_DAY,
    LINK_WEIGHTS,
)


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
    paragraphs: np.ndarray
    time: Optional[datetime]
    date_only: bool = False


def centred(article: Article, means: LanguageMeans) -> Indexed:
    lead = means.centre(article.lead_vector, "lead", article.lang)
    paras = article.paragraph_vectors
    if paras is None or len(paras) == 0:
        paras = article.lead_vector[None, :]
    return Indexed(
        article, lead, means.centre(paras, "para", article.lang),
        parse_time(article.published), is_date_only(article.published),
    )


def paragraph_similarity(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Mean best-match cosine of a's paragraphs in b, and of b's in a."""
    sims = a @ b.T
    return float(sims.max(axis=1).mean()), float(sims.max(axis=0).mean())


@dataclass
class PairSignals:
    lead: float
    paragraphs: float
    names: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    hours_apart: Optional[float] = None
    cross_language: bool = False

    @property
    def score(self) -> float:
        w = LINK_WEIGHTS
        score = (
            w["lead"] * self.lead
            + w["paragraphs"] * self.paragraphs
            + w["names"] * (1.0 - math.exp(-len(self.names) / 3.0))
            + w["numbers_dates"] * (1.0 - math.exp(-(len(self.numbers) + len(self.dates)) / 2.0))
        )
        if self.cross_language:
            # Centred cosines of a text and its translation run lower than those of
            # two same-language texts on one topic (docs/accuracy.md): level them.
            score += w["cross_language"]
        if self.hours_apart is not None and self.hours_apart > LINK_TIME_FREE_HOURS:
            score -= LINK_TIME_PENALTY_PER_DAY * (self.hours_apart - LINK_TIME_FREE_HOURS) / 24.0
        return score

    def explain(self) -> dict[str, Any]:
        return {
            "lead_cosine": round(self.lead, 4),
            "paragraph_match": round(self.paragraphs, 4),
            "shared_names": self.names,
            "shared_numbers": self.numbers,
            "shared_dates": self.dates,
            "hours_apart": None if self.hours_apart is None else round(self.hours_apart, 1),
            "cross_language": self.cross_language,
        }


def pair_signals(x: Indexed, y: Indexed) -> PairSignals:
    forward, backward = paragraph_similarity(x.paragraphs, y.paragraphs)
    shared = shared_keys(x.article, y.article)
    hours = None
    if x.time is not None and y.time is not None:
        hours = abs((x.time - y.time).total_seconds()) / 3600.0
    return PairSignals(
        lead=float(x.lead @ y.lead),
        paragraphs=max(forward, backward),
        names=sorted(shared.get("name", ())),
        numbers=sorted(shared.get("number", ())),
        dates=sorted(shared.get("date", ())),
        hours_apart=hours,
        cross_language=bool(x.article.lang and y.article.lang and x.article.lang != y.article.lang),
    )


class StoryIndex:
    """Every stored article's centred vectors, searched by lead cosine for candidates.

    Below ``ANN_MIN_ARTICLES`` stored articles the candidates come from an
    exact matrix product and :meth:`recentre` re-centres everything (the
    language means move as the corpus grows). From there on a usearch HNSW
    graph (:mod:`babelwire.ann`) finds them within the link time window, and
    re-centring is lazy: a candidate or story member is centred with the
    current means when it is used, so linking costs no O(stored) work.
    """

    def __init__(self, means: LanguageMeans):
        self.means = means
        self.items: list[Indexed] = []
        self._buffer = np.zeros((0, 384), np.float32)
        self._by_story: dict[Optional[int], list[int]] = {}
        self._ann = None

    @property
    def _leads(self) -> np.ndarray:
        return self._buffer[: len(self.items)]

    def add(self, article: Article) -> Indexed:
        item = centred(article, self.means)
        position = len(self.items)
        self.items.append(item)
        self._by_story.setdefault(article.story_id, []).append(position)
        if self._ann is not None:
            self._ann.add(item.lead[None, :], _hours(item))
            return item
        if position >= len(self._buffer):  # grow geometrically: no O(n) copy per article
            grown = np.zeros((max(64, 2 * len(self._buffer)), 384), np.float32)
            grown[:position] = self._buffer[:position]
            self._buffer = grown
        self._buffer[position] = item.lead
        if len(self.items) >= ANN_MIN_ARTICLES:
            self._start_ann()
        return item

    def _start_ann(self) -> None:
        from babelwire.ann import LeadIndex

        self._ann = LeadIndex()
        self._ann.add(self._leads, np.array([_hours(i) for i in self.items], np.float64))
        self._buffer = np.zeros((0, 384), np.float32)

    def recentre(self) -> None:
        """Centre every stored vector again with the current language means
        (they move as the corpus grows); lazy once the HNSW index is in use."""
        if self._ann is not None:
            return
        self.items = [centred(item.article, self.means) for item in self.items]
        self._buffer = (
            np.stack([item.lead for item in self.items]) if self.items else np.zeros((0, 384), np.float32)
        )

    def _current(self, position: int) -> Indexed:
        item = self.items[position]
        if self._ann is not None:
            item = self.items[position] = centred(item.article, self.means)
        return item

    def members(self, story_id: int) -> list[Indexed]:
        return [self._current(i) for i in self._by_story.get(story_id, [])]

    def candidates(self, item: Indexed, k: int = LINK_CANDIDATES) -> list[Indexed]:
        if not self.items:
            return []
        if self._ann is not None:
            return [self._current(i) for i in self._ann.search(item.lead, k, _hours(item))]
        sims = self._leads @ item.lead
        order = np.argsort(-sims)[:k]
        return [self.items[i] for i in order]


def _hours(item: Indexed) -> float:
    """Publication time in epoch hours (NaN when unknown), for the time window."""
    return item.time.timestamp() / 3600.0 if item.time is not None else float("nan")


def decide(item: Indexed, index: StoryIndex) -> tuple[Optional[Indexed], PairSignals | None, list[dict]]:
    """The best stored article for ``item`` and its signals, plus the runners-up for the explanation."""
    scored = []
    for other in index.candidates(item):
        signals = pair_signals(item, other)
        scored.append((signals.score, other, signals))
    scored.sort(key=lambda t: -t[0])
    runners = [
        {"article": o.article.id, "story": o.article.story_id, "score": round(s, 4)} for s, o, _ in scored[1:4]
    ]
    if not scored:
        return None, None, runners
    return scored[0][1], scored[0][2], runners


def link(articles: Iterable[Article], index: StoryIndex, new_story) -> Iterator[Article]:
    """Give each article a ``story_id``, ``link_score`` and ``link_explanation``.

    ``new_story(title) -> int`` allocates a story id (the store's
    autoincrement, so ids stay stable across ingests). Articles are linked in
    the order given; each one joins the index at once so later articles of
    the same batch can join its story.
    """
    for article in articles:
        item = centred(article, index.means)
        best, signals, runners = decide(item, index)
        score = signals.score if signals is not None else None
        joins = best is not None and score is not None and score >= LINK_THRESHOLD
        if joins:
            article.story_id = best.article.story_id
        else:
            article.story_id = new_story(article.title)
        article.link_score = None if score is None else round(score, 4)
        article.link_explanation = {
            "new_story": not joins,
            "story": article.story_id,
            "threshold": LINK_THRESHOLD,
            "best_match": None if best is None else best.article.id,
            "best_story": None if best is None else best.article.story_id,
            "score": article.link_score,
            "signals": None if signals is None else signals.explain(),
            "runners_up": runners,
            "why": _why(joins, score, signals),
        }
        index.add(article)
        yield article


def _why(joins: bool, score: Optional[float], signals: Optional[PairSignals]) -> str:
    if signals is None:
        return "first article in the store: opens a new story"
    parts = [f"lead cosine {signals.lead:.2f}", f"paragraph match {signals.paragraphs:.2f}"]
    if signals.names:
        parts.append(f"{len(signals.names)} shared names ({', '.join(n.split(':', 1)[-1] for n in signals.names[:5])})")
    if signals.numbers or signals.dates:
        parts.append(f"{len(signals.numbers) + len(signals.dates)} shared numbers/dates")
    if signals.hours_apart is not None:
        parts.append(f"{signals.hours_apart:.0f} h apart")
    verdict = "joins" if joins else "opens a new story:"
    return f"{verdict} score {score:.3f} {'≥' if joins else '<'} {LINK_THRESHOLD} from " + ", ".join(parts)
