"""Reads sized for the web: paginated SQL and an in-memory summary of every story.

``Store.story_rows()`` runs one query per story and ``Store.story()`` calls it
for a single story: right for the CLI on a small corpus, far too slow behind a
page at 100k articles. The queries here belong in ``store.py`` in the end (a
``story_row(id)`` and a paginated ``story_page(...)``); they live in the web
package until the store grows them.

The stories page sorts and filters by facts that need every member (languages,
sources, first and last published). Aggregating 100k rows per request is too
slow, so :class:`StorySummaries` aggregates once and then only re-reads the
stories of articles stored since (rowids only grow: articles are never
deleted), so pages stay fast while an ingest is writing.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Optional

MEMBER_COLUMNS = (
    "id", "lang", "title", "source", "path", "url", "published", "byline", "wire", "wire_inferred",
    "derived_from", "derived_confidence",
)


@dataclass
class StorySummary:
    id: int
    title: Optional[str] = None
    count: int = 0
    languages: frozenset = frozenset()
    sources: frozenset = frozenset()
    first: Optional[str] = None      # earliest / latest ``published`` of its members
    last: Optional[str] = None

    def row(self, article_ids: list[str]) -> dict[str, Any]:
        """The CLI's ``stories --json`` object."""
        return {
            "id": self.id, "title": self.title, "languages": sorted(self.languages), "articles": article_ids,
            "first_published": self.first, "last_published": self.last,
        }


@dataclass
class Filters:
    lang: Optional[str] = None
    source: Optional[str] = None
    date_from: Optional[str] = None   # YYYY-MM-DD, inclusive
    date_to: Optional[str] = None

    def match(self, s: StorySummary) -> bool:
        if self.lang and self.lang not in s.languages:
            return False
        if self.source and self.source not in s.sources:
            return False
        # a story overlaps the range when it was last seen on/after the start and first seen on/before the end
        if self.date_from and (s.last is None or s.last[:10] < self.date_from):
            return False
        if self.date_to and (s.first is None or s.first[:10] > self.date_to):
            return False
        return True

    def active(self) -> bool:
        return any((self.lang, self.source, self.date_from, self.date_to))


@dataclass
class _Acc:
    count: int = 0
    langs: set = field(default_factory=set)
    sources: set = field(default_factory=set)
    first: Optional[str] = None
    last: Optional[str] = None


def _newest_first(s: StorySummary) -> tuple:
    return (s.last is not None, s.last or "", s.id)


class StorySummaries:
    """Languages, sources, count and dates of every story, newest first, refreshed incrementally."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.last_rowid = 0
        self.by_id: dict[int, StorySummary] = {}
        self.ordered: list[StorySummary] = []
        self.languages: list[str] = []
        self.n_articles = 0
        self.sources: list[tuple[str, int]] = []   # (source, stories) most frequent first
        self.by_lang: dict[str, list[StorySummary]] = {}
        self.by_source: dict[str, list[StorySummary]] = {}

    def refresh(self, db: sqlite3.Connection) -> None:
        with self._lock:
            top = db.execute("SELECT MAX(rowid) FROM articles").fetchone()[0] or 0
            if top == self.last_rowid:
                return
            if top < self.last_rowid:       # the database was replaced
                self.by_id, self.last_rowid = {}, 0
            if self.last_rowid == 0:
                rows = db.execute("SELECT story_id, lang, source, published FROM articles WHERE story_id IS NOT NULL")
                touched = None
            else:
                touched = {
                    r[0] for r in db.execute(
                        "SELECT DISTINCT story_id FROM articles WHERE rowid > ? AND story_id IS NOT NULL",
                        (self.last_rowid,),
                    )
                }
                rows = _member_facts(db, touched)
            acc: dict[int, _Acc] = {}
            for story_id, lang, source, published in rows:
                a = acc.get(story_id)
                if a is None:
                    a = acc[story_id] = _Acc()
                a.count += 1
                if lang:
                    a.langs.add(lang)
                if source:
                    a.sources.add(source)
                if published:
                    if a.first is None or published < a.first:
                        a.first = published
                    if a.last is None or published > a.last:
                        a.last = published
            titles = dict(_titles(db, None if touched is None else acc.keys()))
            for story_id, a in acc.items():
                self.by_id[story_id] = StorySummary(
                    story_id, titles.get(story_id), a.count, frozenset(a.langs), frozenset(a.sources), a.first, a.last
                )
            self.last_rowid = top
            self.ordered = sorted(self.by_id.values(), key=_newest_first, reverse=True)
            self.n_articles = sum(s.count for s in self.ordered)
            # per-language and per-source lists, newest first: a filter scans only its own list
            by_lang: dict[str, list[StorySummary]] = {}
            by_source: dict[str, list[StorySummary]] = {}
            for s in self.ordered:
                for lang in s.languages:
                    by_lang.setdefault(lang, []).append(s)
                for source in s.sources:
                    by_source.setdefault(source, []).append(s)
            self.by_lang, self.by_source = by_lang, by_source
            self.languages = sorted(by_lang)
            self.sources = sorted(((k, len(v)) for k, v in by_source.items()), key=lambda kv: (-kv[1], kv[0]))

    def page(self, filters: Filters, offset: int, limit: int,
             only: Optional[list[int]] = None) -> tuple[int, list[StorySummary]]:
        """(total matching, one page). ``only``: these story ids in this order (search results)."""
        if only is None:
            candidates: Iterable[StorySummary] = self.ordered
            lists = []
            if filters.lang:
                lists.append((self.by_lang.get(filters.lang, []), replace(filters, lang=None)))
            if filters.source:
                lists.append((self.by_source.get(filters.source, []), replace(filters, source=None)))
            if lists:
                candidates, filters = min(lists, key=lambda pair: len(pair[0]))
                if not filters.active():           # the list is the answer, already newest first
                    return len(candidates), candidates[offset : offset + limit]
        else:
            candidates = (self.by_id[i] for i in only if i in self.by_id)
        if filters.active():
            matching = [s for s in candidates if filters.match(s)]
        else:
            matching = list(candidates) if only is not None else self.ordered
        return len(matching), matching[offset : offset + limit]


def _chunks(ids: Iterable[Any], size: int = 500) -> Iterable[list]:
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _member_facts(db: sqlite3.Connection, story_ids: Iterable[int]) -> Iterable[tuple]:
    for chunk in _chunks(story_ids):
        marks = ",".join("?" * len(chunk))
        yield from db.execute(
            f"SELECT story_id, lang, source, published FROM articles WHERE story_id IN ({marks})", chunk
        )


def _titles(db: sqlite3.Connection, story_ids: Optional[Iterable[int]]) -> Iterable[tuple[int, str]]:
    if story_ids is None:
        yield from db.execute("SELECT id, title FROM stories")
        return
    for chunk in _chunks(story_ids):
        marks = ",".join("?" * len(chunk))
        yield from db.execute(f"SELECT id, title FROM stories WHERE id IN ({marks})", chunk)


def article_ids(db: sqlite3.Connection, story_ids: list[int]) -> dict[int, list[str]]:
    """Member ids per story in store order (the ``articles`` key of the stories JSON)."""
    out: dict[int, list[str]] = {s: [] for s in story_ids}
    for chunk in _chunks(story_ids):
        marks = ",".join("?" * len(chunk))
        for story_id, article_id in db.execute(
            f"SELECT story_id, id FROM articles WHERE story_id IN ({marks}) ORDER BY seq", chunk
        ):
            out[story_id].append(article_id)
    return out


def story_row(db: sqlite3.Connection, story_id: int) -> Optional[dict[str, Any]]:
    """One story in the ``stories --json`` shape, in one query (``Store.story`` reads every story)."""
    story = db.execute("SELECT id, title FROM stories WHERE id=?", (story_id,)).fetchone()
    if story is None:
        return None
    members = db.execute(
        "SELECT id, lang, published FROM articles WHERE story_id=? ORDER BY seq", (story_id,)
    ).fetchall()
    if not members:
        return None
    dates = sorted(m[2] for m in members if m[2])
    return {
        "id": story[0], "title": story[1], "languages": sorted({m[1] for m in members if m[1]}),
        "articles": [m[0] for m in members],
        "first_published": dates[0] if dates else None, "last_published": dates[-1] if dates else None,
    }


def _member(row: sqlite3.Row) -> dict[str, Any]:
    data = dict(row)
    for key in ("wire", "wire_inferred"):
        data[key] = json.loads(data[key]) if data[key] else []
    return data


def members(db: sqlite3.Connection, story_id: int, offset: int = 0, limit: Optional[int] = None,
            order: str = "seq") -> list[dict[str, Any]]:
    """Member summaries (the ``show STORY --json`` ``members`` objects, plus ``url``), one page.

    ``order="seq"``: store order (the CLI's); ``order="time"``: published, undated last (the timeline).
    """
    sort = "seq" if order == "seq" else "published IS NULL, published, seq"
    cols = ", ".join(f"a.{c}" for c in MEMBER_COLUMNS)
    rows = db.execute(
        f"SELECT {cols}, l.score AS link_score FROM articles a LEFT JOIN links l ON l.article_id = a.id"
        f" WHERE a.story_id=? ORDER BY {sort} LIMIT ? OFFSET ?",
        (story_id, -1 if limit is None else limit, offset),
    ).fetchall()
    return [_member(r) for r in rows]


def member_count(db: sqlite3.Connection, story_id: int) -> int:
    return db.execute("SELECT COUNT(*) FROM articles WHERE story_id=?", (story_id,)).fetchone()[0]


def story_json(db: sqlite3.Connection, story_id: int, offset: int = 0,
               limit: Optional[int] = None) -> Optional[dict[str, Any]]:
    """``report.story_json`` in a bounded number of queries (members paged by ``offset``/``limit``)."""
    row = story_row(db, story_id)
    if row is None:
        return None
    keys = ("id", "lang", "title", "source", "path", "published", "byline", "wire", "wire_inferred",
            "derived_from", "derived_confidence", "link_score")
    row["members"] = [{k: m[k] for k in keys} for m in members(db, story_id, offset, limit)]
    return row


def derivation_nodes(db: sqlite3.Connection, story_id: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    """(id, lang, source, url, path, title, derived_from, published) of up to ``limit`` members, and the member count."""
    rows = db.execute(
        "SELECT id, lang, source, url, path, title, derived_from, derived_confidence, published FROM articles"
        " WHERE story_id=? ORDER BY seq LIMIT ?",
        (story_id, limit),
    ).fetchall()
    return [dict(r) for r in rows], member_count(db, story_id)


def derivation_tree(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Roots (articles that derive from no member) with ``children`` nested, earliest first."""
    by_id = {n["id"]: {**n, "children": []} for n in nodes}
    roots = []
    for node in by_id.values():
        parent = by_id.get(node["derived_from"]) if node["derived_from"] else None
        (parent["children"] if parent is not None else roots).append(node)
    return roots


def removed_spans(db: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    return [
        dict(r) for r in db.execute(
            'SELECT reason, text, start, "end" FROM removed_spans WHERE article_id=? ORDER BY idx', (article_id,)
        )
    ]
